/** Session and CSRF tokens: random, URL-safe; the database keeps only a keyed hash of the session token. */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The session id stored in the database for a cookie token. */
export function sessionIdOf(token: string, secret: Buffer): string {
  return createHmac('sha256', secret).update(token).digest('base64url');
}

export function sameToken(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
