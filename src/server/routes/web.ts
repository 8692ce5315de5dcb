/**
 * The built web front end (dist/web): the client decision aid at /, the clinician workspace at /app, their assets, manifest and
 * service worker. Hashed assets are cached for a year; the page and the worker are revalidated on
 * every visit so an update reaches people promptly. When the front end has not been built, / says
 * how to build it instead of failing.
 */
import { existsSync, statSync } from 'node:fs';
import { join, normalize, sep } from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { problemOf, sendProblem } from '../problem.js';

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Stepdown</title></head>
<body><main><h1>Stepdown</h1>
<p>The server is running, but the web front end has not been built. Run <code>npm run build</code>, or start with <code>npm start</code>, which builds it.</p>
<p><a href="/api/docs">API documentation</a></p>
</main></body></html>
`;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.txt': 'text/plain; charset=utf-8',
};

function typeOf(path: string): string {
  const dot = path.lastIndexOf('.');
  return TYPES[path.slice(dot)] ?? 'application/octet-stream';
}

/** The file under root for a URL path, or undefined when there is none (or it tries to escape root). */
function fileFor(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  const path = normalize(join(root, decoded));
  if (!path.startsWith(root + sep) || !existsSync(path) || !statSync(path).isFile()) return undefined;
  return path;
}

export function webRoutes(app: FastifyInstance, webRoot: string | undefined): void {
  const root = webRoot && existsSync(join(webRoot, 'index.html')) ? normalize(webRoot) : undefined;

  const send = (reply: FastifyReply, path: string, cacheControl: string) =>
    reply
      .header('cache-control', cacheControl)
      .type(typeOf(path))
      .sendFile(path.slice((root as string).length + 1), root as string);

  app.get('/', { config: { access: 'public' }, schema: { hide: true } }, (_request, reply) => {
    if (!root) return reply.type('text/html; charset=utf-8').send(NOT_BUILT);
    return send(reply, join(root, 'index.html'), 'no-cache');
  });

  // The clinician workspace; it signs in through the API, so the page itself is public.
  app.get('/app', { config: { access: 'public' }, schema: { hide: true } }, (_request, reply) => {
    if (!root) return reply.type('text/html; charset=utf-8').send(NOT_BUILT);
    return send(reply, join(root, 'clinician.html'), 'no-cache');
  });

  app.get('/*', { config: { access: 'public' }, schema: { hide: true } }, (request, reply) => {
    const urlPath = request.url.split('?')[0] ?? '/';
    const path = root ? fileFor(root, urlPath) : undefined;
    if (!path) return sendProblem(reply, problemOf('not_found', 'There is nothing at this address.', request.id));
    const immutable = urlPath.startsWith('/assets/');
    return send(reply, path, immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
  });
}
