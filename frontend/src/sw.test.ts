/** The service worker (public/sw.js) run against a fake worker scope: what it caches and not. */
import { describe, expect, it, vi } from "vitest";
import SOURCE from "../public/sw.js?raw";

const ORIGIN = "https://paddock.example";

type Listener = (event: unknown) => void;

function worker(network: (url: string) => Promise<Response>) {
  const listeners: Record<string, Listener> = {};
  const stored = new Map<string, Response>();
  const put = vi.fn(async (request: Request | string, response: Response) => {
    stored.set(typeof request === "string" ? request : new URL(request.url).pathname, response);
  });
  const cache = {
    put,
    add: async (request: Request) => put(request, await network(request.url)),
    match: async (request: Request | string) =>
      stored.get(typeof request === "string" ? request : new URL(request.url).pathname)?.clone(),
  };
  const scope = {
    location: new URL(ORIGIN),
    addEventListener: (type: string, listener: Listener) => (listeners[type] = listener),
    skipWaiting: async () => undefined,
    clients: { claim: async () => undefined },
  };
  const caches = { open: async () => cache, keys: async () => [], delete: async () => true };
  const fetchFn = vi.fn((request: Request) => network(request.url));
  // The worker's own Request resolves paths against its origin, as in a browser.
  class WorkerRequest {
    url: string;
    method = "GET";
    constructor(url: string) {
      this.url = new URL(url, ORIGIN).href;
    }
  }
  new Function("self", "caches", "fetch", "Request", SOURCE)(scope, caches, fetchFn, WorkerRequest);

  async function dispatch(url: string, init: { method?: string; mode?: string } = {}) {
    const request = { url: `${ORIGIN}${url}`, method: init.method ?? "GET", mode: init.mode ?? "cors" };
    let answer: Promise<Response> | undefined;
    listeners.fetch?.({ request, respondWith: (r: Promise<Response>) => (answer = r) });
    return answer ? await answer : undefined;
  }
  async function install() {
    let done: Promise<unknown> = Promise.resolve();
    listeners.install?.({ waitUntil: (p: Promise<unknown>) => (done = p) });
    await done;
  }
  return { dispatch, install, put, fetchFn };
}

const ok = (body: string) => async () => new Response(body, { status: 200 });

describe("service worker", () => {
  it("never answers or caches API requests, whatever their method", async () => {
    const sw = worker(ok("{}"));
    for (const url of ["/api/v1/game/rounds/", "/api/v1/accounts/me/", "/_allauth/browser/v1/auth/session"]) {
      expect(await sw.dispatch(url)).toBeUndefined();
      expect(await sw.dispatch(url, { method: "POST" })).toBeUndefined();
    }
    expect(sw.put).not.toHaveBeenCalled();
  });

  it("serves the offline page when a navigation finds no network", async () => {
    let online = true;
    const sw = worker(async (url) => {
      if (!online) throw new TypeError("offline");
      return new Response(url.endsWith("/offline") ? "You are offline" : "the app", { status: 200 });
    });
    await sw.install();
    expect(await (await sw.dispatch("/pick", { mode: "navigate" }))?.text()).toBe("the app");
    online = false;
    expect(await (await sw.dispatch("/pick", { mode: "navigate" }))?.text()).toBe("You are offline");
    // Pages are never cached: only the offline page was stored, at install.
    expect(sw.put.mock.calls.map(([r]) => new URL((r as Request).url, ORIGIN).pathname)).toEqual([
      "/offline",
    ]);
  });

  it("keeps hashed assets once fetched and nothing else", async () => {
    const sw = worker(ok("console.log(1)"));
    await sw.dispatch("/static/assets/index-AAAAAAAA.js");
    await sw.dispatch("/static/assets/index-AAAAAAAA.js");
    expect(sw.fetchFn).toHaveBeenCalledTimes(1);
    expect(await sw.dispatch("/manifest.webmanifest")).toBeUndefined();
  });
});
