/**
 * The typed API client: every path, parameter and body is checked by the compiler against
 * `schema.d.ts`, generated from the OpenAPI schema Django exports (docs/development.md). A renamed
 * path or field in the API makes `npm run lint` fail instead of the app breaking silently.
 */
import createClient, { type Middleware } from "openapi-fetch";
import type { PathsWithMethod } from "openapi-typescript-helpers";
import { djangoHeaders } from "./csrf";
import type { components, paths } from "./schema";

/** The one error body of the API (the schema's `ApiError`): `{detail, code, fields?}`. */
export type ApiErrorBody = components["schemas"]["ApiError"];

/** An answer other than 2xx: the API's error body when there is one (a proxy's 502 has none). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: Record<string, string[]>;
  /** The body's other keys, which some refusals carry (a mute's `until`). */
  readonly extra: Record<string, unknown>;

  constructor(status: number, body: unknown) {
    const b = (body ?? {}) as Partial<Record<keyof ApiErrorBody, unknown>>;
    super(typeof b.detail === "string" ? b.detail : `HTTP ${status}`);
    this.status = status;
    this.code = typeof b.code === "string" ? b.code : "error";
    this.fields = (b.fields && typeof b.fields === "object" ? b.fields : {}) as Record<
      string,
      string[]
    >;
    const { detail: _detail, code: _code, fields: _fields, ...extra } = (body && typeof body === "object" ? body : {}) as Record<string, unknown>;
    this.extra = extra;
  }

  /** Not signed in (DRF answers 403 to an anonymous session, 401 with a token scheme). */
  get isUnauthenticated(): boolean {
    return this.status === 401 || (this.status === 403 && this.code === "not_authenticated");
  }
}

const csrf: Middleware = {
  onRequest({ request }) {
    djangoHeaders(request.method, request.headers);
    return request;
  },
};

/** How long after the page starts its answers from the server may stand for a request. */
export const PAGE_ANSWERS_MS = 10_000;
let pageAnswers: Map<string, unknown> | null = null;

/** The first API answers a signed-in page came with (backend/web/views.py, a JSON data block):
 * read once, by URL (path and query). */
function takePageAnswers(): Map<string, unknown> {
  if (pageAnswers) return pageAnswers;
  pageAnswers = new Map();
  const block = globalThis.document?.getElementById("paddock-answers");
  if (block) {
    try {
      for (const [url, body] of Object.entries(JSON.parse(block.textContent ?? "{}") as Record<string, unknown>)) pageAnswers.set(url, body);
    } catch {
      // a broken block: the requests go to the server
    }
    block.remove();
  }
  return pageAnswers;
}

/** A GET the page's answers hold is answered from them, once, while the page starts: the first
 * content does not wait for a round trip after the script. Later, and for anything else, the
 * server answers. */
const fromPage: Middleware = {
  onRequest({ request }) {
    if (request.method !== "GET") return undefined;
    const answers = takePageAnswers();
    if (answers.size === 0) return undefined;
    if (performance.now() > PAGE_ANSWERS_MS) {
      answers.clear();
      return undefined;
    }
    const url = new URL(request.url);
    const key = url.pathname + url.search;
    if (!answers.has(key)) return undefined;
    const body = answers.get(key);
    answers.delete(key);
    return new Response(JSON.stringify(body), { status: 200, headers: { "Content-Type": "application/json" } });
  },
};

/** Tests: forget the answers read (the next request reads the page again). */
export function resetPageAnswers(): void {
  pageAnswers = null;
}

// Same origin as the page (an absolute base: Request objects need one outside browsers too).
// fetch is looked up at each call (not once here), so tests can stand in for the server.
export const api = createClient<paths>({
  baseUrl: globalThis.location?.origin ?? "",
  credentials: "same-origin",
  fetch: (request: Request) => globalThis.fetch(request),
});
api.use(fromPage, csrf);

type Result<T> = { data?: T; error?: unknown; response: Response };

/** Await an openapi-fetch call: its data, or an ApiError. */
export async function unwrap<T>(call: Promise<Result<T>>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw new ApiError(response.status, error);
  return data as T;
}

/**
 * DELETE with a JSON body (DELETE /api/v1/accounts/me/ takes the password): the schema
 * generator leaves DELETE bodies out, so only the path is checked against the schema here.
 */
export async function deleteWithBody(path: PathsWithMethod<paths, "delete">, body: unknown): Promise<void> {
  const headers = djangoHeaders("DELETE", new Headers({ "Content-Type": "application/json" }));
  const response = await fetch(path, {
    method: "DELETE",
    headers,
    credentials: "same-origin",
    body: JSON.stringify(body),
  });
  if (!response.ok) {
    // The API's error body, when the answer has one.
    const error: unknown = await response.json().catch(() => null);
    throw new ApiError(response.status, error);
  }
}
