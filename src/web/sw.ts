/**
 * The service worker: precaches the whole decision aid (its code, both languages' content and
 * icons) at install, then answers from the cache, so the aid opens and works offline after the
 * first visit. API calls are never cached: answers from the server may hold protected records.
 */

interface PrecacheManifest {
  version: string;
  urls: string[];
}

interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}

interface FetchEvent extends ExtendableEvent {
  request: Request;
  respondWith(response: Promise<Response> | Response): void;
}

interface WorkerScope {
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
  location: Location;
}

declare const self: WorkerScope & { __PRECACHE__: PrecacheManifest };

// Replaced at build time by the list of emitted files (see vite.config.ts).
const manifest: PrecacheManifest = self.__PRECACHE__;
const CACHE = `stepdown-aid-${manifest.version}`;

function isPrivate(url: URL): boolean {
  return (
    url.pathname.startsWith('/api/') ||
    url.pathname.startsWith('/fhir/') ||
    url.pathname.startsWith('/share/') ||
    url.pathname.startsWith('/check-in/')
  );
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(manifest.urls))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys.filter((key) => key.startsWith('stepdown-aid-') && key !== CACHE).map((key) => caches.delete(key)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

async function fromCacheFirst(request: Request): Promise<Response> {
  const cached = await caches.match(request);
  if (cached) return cached;
  return fetch(request);
}

async function navigation(request: Request): Promise<Response> {
  try {
    const response = await fetch(request);
    if (response.ok) return response;
    throw new Error(`status ${response.status}`);
  } catch {
    // Offline (or the server is down): the cached app shell, whatever the query (?lang=es).
    const shell = await caches.match('/', { ignoreSearch: true });
    if (shell) return shell;
    return Response.error();
  }
}

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin || isPrivate(url)) return;
  if (event.request.mode === 'navigate' && (url.pathname === '/' || url.pathname === '/index.html')) {
    event.respondWith(navigation(event.request));
    return;
  }
  event.respondWith(fromCacheFirst(event.request));
});
