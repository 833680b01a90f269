/** Cache Storage names of the service worker (public/sw.js): the shell and the hashed assets, no user data. */
const SHELL_CACHE_PREFIX = 'vanphong-shell-';

/**
 * After sign-out, nothing of the official may stay in this browser: deletes every cache in Cache
 * Storage but the service worker's shell, and from the shell anything that is not a file of the web
 * client (the worker never stores /api/ answers; this also covers a future or foreign one that did).
 */
export async function clearUserCaches(): Promise<void> {
  if (typeof caches === 'undefined') return;
  for (const name of await caches.keys()) {
    if (!name.startsWith(SHELL_CACHE_PREFIX)) {
      await caches.delete(name);
      continue;
    }
    const cache = await caches.open(name);
    for (const request of await cache.keys()) {
      if (new URL(request.url).pathname.startsWith('/api/')) await cache.delete(request);
    }
  }
}
