/**
 * Codes that open a plan without an account: the client's own share code and a consented
 * recipient's code. 32 random bytes (256 bits, 43 characters), so guessing one is hopeless; the
 * database keeps only their SHA-256. A plain hash is enough for a secret this long, and unlike a
 * keyed hash it keeps working when the server secret is rotated.
 */
import { createHash, randomBytes } from 'node:crypto';

/** The shape of a code we issue; anything else is not looked up at all. */
export const CODE_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function newShareCode(): string {
  return randomBytes(32).toString('base64url');
}

export function codeHashOf(code: string): string {
  return createHash('sha256').update(code, 'utf8').digest('hex');
}

/** Whether a string could be one of our codes (checked before any database work). */
export function looksLikeCode(value: string): boolean {
  return CODE_PATTERN.test(value);
}
