/**
 * Fieldlab's service worker, written by hand (no dependency): it precaches the app shell and every
 * built file at install, answers page loads with the cached index.html when the network is down,
 * and never touches /api/ (answers about people are never cached: the server marks them no-store,
 * and this worker does not even see them).
 *
 * The build (vite.config.ts, `precacheList`) replaces PRECACHE with the list of built files and
 * VERSION with a hash of them, so each release installs as a new cache and the old one is dropped.
 * It imports nothing, so it builds into one plain script.
 */
interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  readonly request: Request;
  respondWith(response: Response | Promise<Response>): void;
}
interface ServiceWorkerScope {
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
}

/** Written in by the build. */
declare const __FIELDLAB_PRECACHE__: string[];
declare const __FIELDLAB_VERSION__: string;

const sw = self as unknown as ServiceWorkerScope;
const PRECACHE = __FIELDLAB_PRECACHE__;
const CACHE = `fieldlab-${__FIELDLAB_VERSION__}`;
const SHELL = '/index.html';
/** On a connection this slow, the cached app opens instead of waiting. */
const NAVIGATION_TIMEOUT_MS = 4_000;

sw.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(PRECACHE.map((path) => new Request(path, { cache: 'reload' }))))
      .then(() => sw.skipWaiting()),
  );
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('fieldlab-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => sw.clients.claim()),
  );
});

sw.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== location.origin || url.pathname.startsWith('/api/')) return;

  if (request.mode === 'navigate') {
    // Pages: the network first (a new release shows at once), the cached app when it fails or is too slow.
    const network = fetch(request);
    event.respondWith(
      (async () => {
        const timeout = new Promise<undefined>((resolve) => setTimeout(resolve, NAVIGATION_TIMEOUT_MS));
        const answer = await Promise.race([network.catch(() => undefined), timeout]);
        if (answer) return answer;
        const shell = await caches.match(SHELL, { cacheName: CACHE });
        return shell ?? network;
      })(),
    );
    return;
  }

  // Built files have content hashes in their names: the cached copy is always the right one.
  event.respondWith(caches.match(request, { cacheName: CACHE }).then((cached) => cached ?? fetch(request)));
});
