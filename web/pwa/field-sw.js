/* global self, caches */
/**
 * The field app's service worker (scope /lapangan). The build (web/vite.config.ts) writes it to dist/web/sw.js
 * with that build's files in `precache` and its `version`, so installing it stores the whole app shell:
 * the field app then opens with no network. Pages are fetched from the network when there is one (so a new
 * release arrives), else from the cache; built files (hashed names) from the cache first. API calls are never
 * cached here: the app keeps its households and queued visits in IndexedDB.
 */
const precache = [];
const version = 'dev';
const cacheName = `tepat-lapangan-${version}`;
const shell = '/lapangan';

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(cacheName)
      .then((cache) => cache.addAll([shell, ...precache]))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys.filter((k) => k.startsWith('tepat-lapangan-') && k !== cacheName).map((k) => caches.delete(k)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin || url.pathname.startsWith('/api/'))
    return;
  if (request.mode === 'navigate') {
    // Every page of the field app is the same shell (client-side routes).
    event.respondWith(
      fetch(request).catch(() =>
        caches.match(shell, { cacheName }).then((cached) => cached ?? Response.error()),
      ),
    );
    return;
  }
  event.respondWith(caches.match(url.pathname, { cacheName }).then((cached) => cached ?? fetch(request)));
});
