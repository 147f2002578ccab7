/** Render a page with a chosen player, language, its own query cache and a fake API (fetch answered by routes). */
import { QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import type { ReactElement, ReactNode } from "react";
import { vi } from "vitest";
import { makeQueryClient } from "../api/queryClient";
import type { Me } from "../api/types";
import { type Auth, AuthContext } from "../auth";
import { I18nContext, makeI18n } from "../i18n";
import type { Lang } from "../i18n/lang";

export const ME: Me = {
  id: 7,
  email: "camille@paddock.test",
  display_name: "Camille",
  date_of_birth: null,
  country: "FR",
  language: "en",
  time_zone: "Europe/Paris",
  is_staff: false,
  date_joined: "2026-01-01T00:00:00Z",
};

export type Call = { method: string; path: string; query: URLSearchParams; body: unknown };
type Answer = { status?: number; body?: unknown };
export type Routes = Record<string, Answer | ((call: Call) => Answer)>;

/** fetch answered from `routes` keyed "GET /api/v1/…" (the query string is not part of the key,
 * but a route function reads it in `call.query`); calls are recorded. */
export function fakeApi(routes: Routes): Call[] {
  const calls: Call[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = input instanceof Request ? input : new Request(new URL(String(input), window.location.origin), init);
      const url = new URL(request.url);
      const text = await request.text();
      const call = { method: request.method, path: url.pathname, query: url.searchParams, body: text ? JSON.parse(text) : undefined };
      calls.push(call);
      const route = routes[`${request.method} ${url.pathname}`];
      if (!route) return new Response(JSON.stringify({ detail: "Not found.", code: "not_found" }), { status: 404 });
      const answer = typeof route === "function" ? route(call) : route;
      const status = answer.status ?? 200;
      return new Response(status === 204 ? null : JSON.stringify(answer.body ?? {}), {
        status,
        headers: { "Content-Type": "application/json" },
      });
    }),
  );
  return calls;
}

export function renderPage(ui: ReactElement, options: { me?: Me | null; lang?: Lang; timeZone?: string } = {}) {
  const me = options.me === undefined ? ME : options.me;
  const auth: Auth = {
    status: me ? "authenticated" : "anonymous",
    me,
    refresh: vi.fn(async () => me),
    updateMe: vi.fn(async () => me as Me),
    logout: vi.fn(async () => undefined),
    forget: vi.fn(),
  };
  const i18n = makeI18n(options.lang ?? "en", options.timeZone ?? "Europe/Paris", ["en-GB"]);
  // A cache of its own per test, and no second try: a refusal shows at once.
  const client = makeQueryClient();
  client.setDefaultOptions({ ...client.getDefaultOptions(), queries: { ...client.getDefaultOptions().queries, retry: false } });
  // A wrapper, so that `rerender` keeps the providers.
  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={client}>
      <AuthContext.Provider value={auth}>
        <I18nContext.Provider value={i18n}>{children}</I18nContext.Provider>
      </AuthContext.Provider>
    </QueryClientProvider>
  );
  const result = render(ui, { wrapper });
  return { ...result, auth, client };
}
