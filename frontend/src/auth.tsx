/** Who is signed in: the profile from /api/v1/accounts/me/, shared by every page. */
import { type QueryClient, queryOptions, useQuery, useQueryClient } from "@tanstack/react-query";
import { createContext, type ReactNode, useContext, useMemo } from "react";
import { allauth } from "./api/allauth";
import { api, ApiError, unwrap } from "./api/client";
import { csrfToken } from "./api/csrf";
import { keys } from "./api/queries";
import type { Me, MeInput } from "./api/types";

export type AuthStatus = "loading" | "anonymous" | "authenticated";

export type Auth = {
  status: AuthStatus;
  me: Me | null;
  /** Ask the server again who is signed in (after login, verification, reset). */
  refresh: () => Promise<Me | null>;
  updateMe: (input: MeInput) => Promise<Me>;
  logout: () => Promise<void>;
  /** After the account is deleted: forget the player without asking the server. */
  forget: () => void;
};

export const AuthContext = createContext<Auth | null>(null);

/** Under `npm run dev` no Django page set the CSRF cookie: allauth's config endpoint does. */
async function ensureCsrfCookie(): Promise<void> {
  if (csrfToken()) return;
  try {
    await fetch("/_allauth/browser/v1/config", { credentials: "same-origin" });
  } catch {
    // offline: the first write will say so
  }
}

/** Whether the page Django sent said no session came with it (read once: later asks go to the
 * server). A visitor's first page then asks nothing, and logs no refused request. */
function shellSaysAnonymous(): boolean {
  const meta = document.querySelector('meta[name="paddock-session"]');
  if (!meta) return false;
  meta.remove();
  return meta.getAttribute("content") === "anonymous";
}

export async function fetchMe(signal?: AbortSignal): Promise<Me | null> {
  if (shellSaysAnonymous()) return null;
  await ensureCsrfCookie();
  try {
    return await unwrap(api.GET("/api/v1/accounts/me/", { signal }));
  } catch (error) {
    if (error instanceof ApiError && (error.status === 401 || error.status === 403)) return null;
    throw error;
  }
}

/** The signed-in player, asked once and then only when told to (`refresh`). An offline or
 * failing server counts as signed out: the pages show their own errors. */
const meQuery = queryOptions({
  queryKey: keys.me,
  queryFn: ({ signal }) => fetchMe(signal).catch(() => null),
  staleTime: Infinity,
  retry: false,
});

/** Another player (or none) now: nothing the cache holds about the last one may show. */
function switchPlayer(client: QueryClient, me: Me | null): void {
  const before = client.getQueryData(meQuery.queryKey);
  client.setQueryData(meQuery.queryKey, me);
  if ((before?.id ?? null) !== (me?.id ?? null)) {
    client.removeQueries({ predicate: (query) => query.queryKey[0] !== keys.me[0] });
  }
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const client = useQueryClient();
  const { data, isPending } = useQuery(meQuery);
  const me = data ?? null;
  const status: AuthStatus = isPending ? "loading" : me ? "authenticated" : "anonymous";

  const value = useMemo<Auth>(
    () => ({
      status,
      me,
      refresh: async () => {
        const found = await fetchMe().catch(() => null);
        switchPlayer(client, found);
        return found;
      },
      updateMe: async (input) => {
        const updated = await unwrap(api.PATCH("/api/v1/accounts/me/", { body: input }));
        client.setQueryData(meQuery.queryKey, updated);
        // Name, country, date of birth or language: what other answers say of the player may change.
        void client.invalidateQueries({ predicate: (query) => query.queryKey[0] !== keys.me[0] });
        return updated;
      },
      logout: async () => {
        await allauth.logout();
        switchPlayer(client, null);
      },
      forget: () => switchPlayer(client, null),
    }),
    [status, me, client],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error("useAuth outside AuthProvider");
  return auth;
}
