/** Who is signed in: the profile from /api/v1/accounts/me/, shared by every page. */
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from "react";
import { allauth } from "./api/allauth";
import { api, ApiError, unwrap } from "./api/client";
import { csrfToken } from "./api/csrf";
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

export async function fetchMe(): Promise<Me | null> {
  await ensureCsrfCookie();
  try {
    return await unwrap(api.GET("/api/v1/accounts/me/"));
  } catch (error) {
    if (error instanceof ApiError && (error.status === 401 || error.status === 403)) return null;
    throw error;
  }
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [status, setStatus] = useState<AuthStatus>("loading");

  const refresh = useCallback(async () => {
    let found: Me | null = null;
    try {
      found = await fetchMe();
    } catch {
      found = null; // offline or server error: treat as signed out, pages show their errors
    }
    setMe(found);
    setStatus(found ? "authenticated" : "anonymous");
    return found;
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const value = useMemo<Auth>(
    () => ({
      status,
      me,
      refresh,
      updateMe: async (input) => {
        const updated = await unwrap(api.PATCH("/api/v1/accounts/me/", { body: input }));
        setMe(updated);
        return updated;
      },
      logout: async () => {
        await allauth.logout();
        setMe(null);
        setStatus("anonymous");
      },
      forget: () => {
        setMe(null);
        setStatus("anonymous");
      },
    }),
    [status, me, refresh],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error("useAuth outside AuthProvider");
  return auth;
}
