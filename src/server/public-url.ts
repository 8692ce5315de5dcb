/**
 * The one address people and EHRs use to reach Stepdown (STEPDOWN_PUBLIC_URL, decision 8). The CSRF
 * origin check, the cookie's Secure flag, links in answers and share pages, and the audience of CDS
 * tokens come from it, never from the request's Host header: behind a proxy that header names the
 * proxy's upstream (nginx's default proxy_pass sends Host: 127.0.0.1:3000), and without one the
 * caller writes it.
 *
 * Unset (allowed outside production), the server is taken to be used where it listens: links use
 * http://127.0.0.1:PORT (or the address it is bound to), and browsers on the same machine may call it
 * as localhost, 127.0.0.1 or [::1] on that port.
 */
import type { AddressInfo } from 'node:net';

export interface PublicAddress {
  /** Scheme, host and port, without a trailing slash: links are this plus a path. */
  origin: string;
  /** Served over HTTPS to its users: cookies are marked Secure. */
  secure: boolean;
  /** Whether a browser's Origin header names this server. */
  accepts(origin: string): boolean;
}

/** Parses STEPDOWN_PUBLIC_URL: an http(s) URL with no path beyond "/", no query, fragment or user. */
export function parsePublicUrl(value: string): { ok: true; url: URL } | { ok: false; message: string } {
  const example = 'for example https://stepdown.example.org';
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return { ok: false, message: `must be a full http or https address, ${example}` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, message: `must start with https:// or http://, ${example}` };
  }
  if (url.username !== '' || url.password !== '') return { ok: false, message: 'must not contain a user or password' };
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '') {
    return { ok: false, message: `must be the address of the site itself, with no path, query or #, ${example}` };
  }
  return { ok: true, url };
}

function originOf(text: string): string | undefined {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

/** The public address STEPDOWN_PUBLIC_URL gives. */
export function configuredPublicAddress(url: URL): PublicAddress {
  const origin = url.origin;
  return { origin, secure: url.protocol === 'https:', accepts: (candidate) => originOf(candidate) === origin };
}

const WILDCARDS = new Set(['0.0.0.0', '::', '']);

/**
 * Without STEPDOWN_PUBLIC_URL: the address the server listens on, and this machine's loopback names
 * for it. `listening` is undefined before the server listens (requests injected in tests).
 */
export function localPublicAddress(listening: AddressInfo | undefined): PublicAddress {
  if (!listening)
    return { origin: 'http://localhost', secure: false, accepts: (o) => originOf(o) === 'http://localhost' };
  const port = listening.port;
  const bound = WILDCARDS.has(listening.address) ? '127.0.0.1' : listening.address;
  const host = bound.includes(':') ? `[${bound}]` : bound;
  const origin = `http://${host}:${port}`;
  const allowed = new Set(
    [origin, `http://localhost:${port}`, `http://127.0.0.1:${port}`, `http://[::1]:${port}`].map((o) => originOf(o)),
  );
  return { origin, secure: false, accepts: (candidate) => allowed.has(originOf(candidate)) };
}
