// OneTrip's service worker (built into /sw.js by web/vite.config.ts; production builds only).
// It keeps the app shell and static assets so the app starts fast and opens offline; it never
// touches /api: those answers carry personal data and always come from the network.

const BUILD = '__BUILD__';
/** The shell: the page, its entry script and styles, the icons. */
const SHELL = /* __SHELL__ */ ['/'];
const CACHE = `onetrip-${BUILD}`;
const NEVER = /^\/(api|metrics|open311)(\/|$)/;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(SHELL))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  // A new release replaces the old caches at once.
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('onetrip-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

/** The cached copy if there is one, else the network's (kept for next time when it is good). */
async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

/** The cached copy at once, refreshed from the network behind it. */
async function staleWhileRevalidate(request) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(request);
  const fresh = fetch(request).then((response) => {
    if (response.ok) void cache.put(request, response.clone());
    return response;
  });
  return cached ?? fresh;
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || NEVER.test(url.pathname)) return;
  if (request.mode === 'navigate') {
    // Pages come from the network (a release shows at once); offline, the cached shell routes them.
    event.respondWith(fetch(request).catch(async () => (await caches.match('/')) ?? Response.error()));
    return;
  }
  // Built assets carry their content hash in their names: a cached copy is always right.
  if (url.pathname.startsWith('/assets/')) {
    event.respondWith(cacheFirst(request));
    return;
  }
  if (SHELL.includes(url.pathname)) event.respondWith(staleWhileRevalidate(request));
});
