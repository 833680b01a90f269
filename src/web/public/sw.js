// VanPhong's service worker: makes repeat visits fast on a slow line by keeping the application
// shell (index.html, the manifest, the icons) and the hashed, immutable files under /assets/ in
// Cache Storage. It NEVER stores an answer of the API (/api/…): those hold officials' documents
// and are always fetched from the network, so nothing of a user is kept by it after sign-out.
//
// `npm run build` fills in BUILD_ID and SHELL (vite.config.ts, plugin "service-worker-and-compression"): a new
// build is a new worker, which takes over at once and deletes the caches of the builds before.
const BUILD_ID = '__BUILD_ID__';
/** @type {string[]} the shell and the files the first page needs (those index.html names). */
const SHELL = __SHELL__;
const CACHE = `vanphong-shell-${BUILD_ID}`;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) if (name !== CACHE) await caches.delete(name);
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  // The API, the API docs and other origins: not handled here, the browser goes to the network.
  if (url.origin !== self.location.origin || url.pathname.startsWith('/api/') || url.pathname === '/api') return;
  if (url.pathname.startsWith('/assets/')) {
    // Hashed names never change content: the cache first, else the network (then kept).
    event.respondWith(caches.open(CACHE).then(async (cache) => {
      const cached = await cache.match(request);
      if (cached) return cached;
      const response = await fetch(request);
      if (response.ok) await cache.put(request, response.clone());
      return response;
    }));
    return;
  }
  if (request.mode === 'navigate') {
    // Every page address is the same index.html (the client routes itself): the one of this build.
    event.respondWith(caches.match('/index.html', { cacheName: CACHE }).then((cached) => cached ?? fetch(request)));
    return;
  }
  if (SHELL.includes(url.pathname)) {
    event.respondWith(caches.match(url.pathname, { cacheName: CACHE }).then((cached) => cached ?? fetch(request)));
  }
});
