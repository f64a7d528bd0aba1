// hedui's service worker (served as /sw.js so that its scope is the whole site).
//
// It keeps what a clerk needs to record an event without a network: the empty entry forms
// (/records/new/<event>, asked for by the page, see offline_entry.js) and the static files. Entry
// pages are fetched from the network first and kept; without a network the kept copy is shown.
// Every other request goes to the network untouched: no record, list or case page is ever kept.
//
// A form posted from an entry page while the phone believes it is online but the network is
// dead (a village's Wi-Fi without a line behind it) would end on the browser's error page and
// the entry would be lost: such a post that cannot reach the server is kept in the queue instead
// (entry_queue.js, under the key the page put in the form) and the page is shown again with
// ?queued=1. It is uploaded, and saved once, when the network returns.

import * as queue from "/static/js/entry_queue.js";

const CACHE = "hedui-entry-v1";
const STATIC = [
  "/static/hedui.css",
  "/static/cases.css",
  "/static/entry.css",
  "/static/htmx.min.js",
  "/static/js/identity.js",
  "/static/js/event_check.js",
  "/static/js/entry_queue.js",
  "/static/js/offline_entry.js",
  "/static/icons/hedui.svg",
];
const ENTRY_PAGE = /^\/records\/new(\/[a-z_]+)?$/;

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(STATIC)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(names.filter((n) => n !== CACHE).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

// The page names the entry forms to keep (one per event type), fetched with the clerk's login.
self.addEventListener("message", (event) => {
  if (event.data?.type !== "precache") return;
  event.waitUntil(
    caches.open(CACHE).then((cache) =>
      Promise.all(event.data.urls.map(async (url) => {
        const response = await fetch(url, { credentials: "same-origin", redirect: "manual" });
        if (response.ok && response.type === "basic") await cache.put(url, response);
      })),
    ),
  );
});

async function entryPage(request) {
  const cache = await caches.open(CACHE);
  const path = new URL(request.url).pathname;
  try {
    const response = await fetch(request);
    if (response.ok && response.type === "basic" && !response.redirected) {
      await cache.put(path, response.clone());
    }
    return response;
  } catch (error) {
    const kept = (await cache.match(path)) || (await cache.match("/records/new/birth"));
    if (kept) return kept;
    throw error;
  }
}

async function staticFile(request) {
  const cache = await caches.open(CACHE);
  const kept = await cache.match(request, { ignoreSearch: true });
  const fresh = fetch(request).then(async (response) => {
    if (response.ok) await cache.put(request, response.clone());
    return response;
  });
  if (kept) {
    fresh.catch(() => undefined);
    return kept;
  }
  return fresh;
}

const CONTROL_FIELDS = new Set(["csrf_token", "entry_key", "entry_user", "confirm_duplicate"]);

async function entryPost(request) {
  const copy = request.clone();
  try {
    return await fetch(request);
  } catch (error) {
    const data = await copy.formData();
    const key = data.get("entry_key");
    const user = data.get("entry_user");
    if (!key || !user) throw error;
    const values = {};
    for (const [name, value] of data.entries()) {
      if (!CONTROL_FIELDS.has(name) && typeof value === "string") values[name] = value;
    }
    const path = new URL(request.url).pathname;
    const kind = path.split("/").pop();
    await queue.put({ key, user, event: kind, values, state: "pending", savedAt: new Date().toISOString() });
    return Response.redirect(`/records/new/${kind}?queued=1`, 303);
  }
}

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (url.origin !== self.location.origin) return;
  if (event.request.method === "POST" && event.request.mode === "navigate" && /^\/records\/new\/[a-z_]+$/.test(url.pathname)) {
    event.respondWith(entryPost(event.request));
    return;
  }
  if (event.request.method !== "GET") return;
  if (event.request.mode === "navigate" && ENTRY_PAGE.test(url.pathname)) {
    event.respondWith(entryPage(event.request));
  } else if (url.pathname.startsWith("/static/")) {
    event.respondWith(staticFile(event.request));
  }
});
