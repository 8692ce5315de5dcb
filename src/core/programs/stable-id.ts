/**
 * Ids that survive re-imports: the same facility and setting from the same source always get the
 * same id, so a newer file updates the program an admin has been editing instead of adding a twin.
 */
import { sha256OfText } from '../sha256.js';

/**
 * A UUID (version 8, RFC 9562 "custom") made from the SHA-256 of the parts, so it passes as an id
 * wherever a random UUID does.
 */
export function stableId(...parts: readonly string[]): string {
  const hex = sha256OfText(parts.join('\u001f'));
  const variant = ((Number.parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Lower case, single spaces, no punctuation: "St. Mary's  Clinic" and "st marys clinic" agree. */
export function normalizeKeyPart(text: string | null | undefined): string {
  return (text ?? '')
    .toLowerCase()
    .replace(/['’.]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}
