/**
 * Security headers on every response, computed once. The policy is fixed for the life of the
 * process, so there is nothing to decide per request; building it per request (as a general
 * plugin must) cost more CPU than the session lookup on the hottest route.
 *
 * Nothing here may be loosened for convenience: no inline script or style, nothing from another
 * origin, no framing. A route that needs a different policy (the API docs) sets its own header,
 * which replaces this one.
 */
import type { FastifyInstance } from 'fastify';

/** The Content-Security-Policy directives, in the order they are sent. */
export const CSP_DIRECTIVES: ReadonlyArray<readonly [string, string]> = [
  ['default-src', "'self'"],
  ['script-src', "'self'"],
  ['style-src', "'self'"],
  ['img-src', "'self' data:"],
  ['font-src', "'self'"],
  ['connect-src', "'self'"],
  ['manifest-src', "'self'"],
  ['worker-src', "'self'"],
  ['object-src', "'none'"],
  ['base-uri', "'none'"],
  ['form-action', "'self'"],
  ['frame-ancestors', "'none'"],
];

export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-security-policy': CSP_DIRECTIVES.map(([name, value]) => `${name} ${value}`).join('; '),
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'no-referrer',
  // Browsers ignore it over plain HTTP; behind TLS it keeps them on HTTPS for a year.
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  // The old header for browsers that do not read frame-ancestors.
  'x-frame-options': 'DENY',
  'x-permitted-cross-domain-policies': 'none',
  // The XSS auditor of old browsers caused more harm than good; 0 turns it off.
  'x-xss-protection': '0',
});

/** Adds the security headers to every response, before any route or error handler runs. */
export function installSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(SECURITY_HEADERS);
    done();
  });
}
