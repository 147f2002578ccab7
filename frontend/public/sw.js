/* Paddock's service worker, served at /sw.js (scope: the whole site).
 *
 * - Navigations go to the network; when it is gone, the offline page says so (/offline).
 * - Hashed assets under /static/assets/ never change: served from the cache once fetched.
 * - Nothing else is cached, and never the API: /api/, /_allauth/ and every non-GET request
 *   always go to the network, so the app never shows stale data.
 */
const VERSION = "paddock-v1";
const OFFLINE_URL = "/offline";

/** Whether a request may be answered from the cache (hashed static assets only). */
function cacheable(url) {
  return url.origin === self.location.origin && url.pathname.startsWith("/static/assets/");
}

/** Requests the worker leaves entirely to the browser. */
function bypass(request, url) {
  return (
    request.method !== "GET" ||
    url.origin !== self.location.origin ||
    url.pathname.startsWith("/api/") ||
    url.pathname.startsWith("/_allauth/") ||
    url.pathname.startsWith("/admin/")
  );
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(VERSION)
      .then((cache) => cache.add(new Request(OFFLINE_URL, { cache: "reload" })))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== VERSION).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

async function fromCacheOrNetwork(request) {
  const cache = await caches.open(VERSION);
  const hit = await cache.match(request);
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

async function navigation(request) {
  try {
    return await fetch(request);
  } catch {
    const cache = await caches.open(VERSION);
    return (await cache.match(OFFLINE_URL)) ?? Response.error();
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (bypass(request, url)) return;
  if (request.mode === "navigate") event.respondWith(navigation(request));
  else if (cacheable(url)) event.respondWith(fromCacheOrNetwork(request));
});

self.addEventListener("push", (event) => {
  let data;
  try {
    data = event.data ? event.data.json() : {};
  } catch {
    data = { title: "Paddock", body: event.data ? event.data.text() : "" };
  }
  event.waitUntil(
    self.registration.showNotification(data.title || "Paddock", {
      body: data.body || "",
      tag: data.tag || undefined,
      icon: "/static/icons/icon-192.png",
      badge: "/static/icons/icon-192.png",
      data: { url: data.url || "/" },
    }),
  );
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const target = new URL(event.notification.data?.url || "/", self.location.origin);
  if (target.origin !== self.location.origin) return;
  event.waitUntil(self.clients.openWindow(target.href));
});
