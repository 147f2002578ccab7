/** The one cache of server state (TanStack Query) and how its queries behave by default. */
import { notifyManager, QueryClient } from "@tanstack/react-query";
import { ApiError } from "./client";

// The cache tells the pages of a change in a microtask, not in a later timer: what an event
// handler starts (a switch moved at once, a button busy) shows before the browser's next task,
// as a React state update would (a controlled switch does not spring back for a moment).
notifyManager.setScheduler(queueMicrotask);

/** A refusal (4xx) says the same the second time: only a server fault or a lost answer is tried again, once. */
export function retryOnce(failures: number, error: unknown): boolean {
  return failures < 1 && !(error instanceof ApiError && error.status < 500);
}

export function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: retryOnce },
      mutations: { retry: false },
    },
  });
}
