/**
 * django-allauth's headless API for browsers (/_allauth/browser/v1/): sign-up, email
 * verification, login, logout, password reset. It is not in the DRF schema, so its few
 * shapes are typed here from allauth's specification.
 */
import { djangoHeaders } from "./csrf";

const BASE = "/_allauth/browser/v1";

export type Flow = { id: string; is_pending?: boolean };
export type AllauthError = { message: string; code: string; param?: string };
export type AllauthResponse = {
  status: number;
  data?: { flows?: Flow[]; user?: { id: number; email: string; display?: string } };
  meta?: { is_authenticated?: boolean };
  errors?: AllauthError[];
};

export class AllauthFailure extends Error {
  readonly status: number;
  readonly errors: AllauthError[];

  constructor(res: AllauthResponse) {
    super(res.errors?.[0]?.message ?? `HTTP ${res.status}`);
    this.status = res.status;
    this.errors = res.errors ?? [];
  }

  /** The first message for one input (or for the whole form with param undefined). */
  messageFor(param?: string): string | undefined {
    return this.errors.find((e) => e.param === param)?.message;
  }
}

async function call(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<AllauthResponse> {
  const h = djangoHeaders(method, new Headers(headers));
  if (body !== undefined) h.set("Content-Type", "application/json");
  const response = await fetch(`${BASE}${path}`, {
    method,
    headers: h,
    credentials: "same-origin",
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  let json: AllauthResponse;
  try {
    json = (await response.json()) as AllauthResponse;
  } catch {
    json = { status: response.status };
  }
  json.status = response.status;
  return json;
}

/** The server's refusal because a session is already signed in (login, sign-up): nothing typed was used. */
export function alreadySignedIn(error: unknown): boolean {
  return error instanceof AllauthFailure && error.status === 409;
}

/** 200: signed in; 401: not (its flows say what is pending); anything else is a failure. */
function authenticated(res: AllauthResponse): AuthOutcome {
  if (res.status === 200) return { done: true, pending: [] };
  if (res.status === 401) {
    const pending = (res.data?.flows ?? []).filter((f) => f.is_pending).map((f) => f.id);
    return { done: false, pending };
  }
  throw new AllauthFailure(res);
}

export type AuthOutcome = { done: boolean; pending: string[] };

export const allauth = {
  /** Sign up; with mandatory verification the outcome is pending "verify_email". The time
   * zone (the browser's) becomes the profile's, so that times read in the player's own clock
   * from the first visit; the server drops one it does not know. */
  async signup(email: string, password: string, displayName: string, timeZone: string): Promise<AuthOutcome> {
    return authenticated(await call("POST", "/auth/signup", { email, password, display_name: displayName, time_zone: timeZone }));
  },
  async login(email: string, password: string): Promise<AuthOutcome> {
    // 409 (a session is already signed in, maybe as another account) is a failure: the
    // typed email and password were not even checked. The page asks who is signed in.
    return authenticated(await call("POST", "/auth/login", { email, password }));
  },
  async logout(): Promise<void> {
    const res = await call("DELETE", "/auth/session");
    if (res.status !== 401 && res.status !== 200) throw new AllauthFailure(res);
  },
  /** Verify an email with the key of the link (already URL-decoded). */
  async verifyEmail(key: string): Promise<AuthOutcome> {
    const res = await call("POST", "/auth/email/verify", { key });
    if (res.status === 409) return { done: false, pending: [] };
    return authenticated(res);
  },
  async requestPasswordReset(email: string): Promise<void> {
    const res = await call("POST", "/auth/password/request", { email });
    // 401 means "sent, and here are the flows": allauth never tells whether the email exists.
    if (res.status !== 200 && res.status !== 401) throw new AllauthFailure(res);
  },
  /** Whether a reset key is still valid (before asking for the new password). */
  async checkPasswordResetKey(key: string): Promise<boolean> {
    const res = await call("GET", "/auth/password/reset", undefined, {
      "X-Password-Reset-Key": key,
    });
    return res.status === 200;
  },
  async resetPassword(key: string, password: string): Promise<AuthOutcome> {
    return authenticated(await call("POST", "/auth/password/reset", { key, password }));
  },
};

/** The key of a verification or reset link, as it came in the URL, decoded once. */
export function decodeKey(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}
