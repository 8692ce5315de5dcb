/** Opaque keyset cursors: the sort key and id of the last row, base64url-encoded JSON. */

export function encodeCursor(key: ReadonlyArray<string | number>): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/** Decodes a cursor made by encodeCursor; returns undefined for anything else. */
export function decodeCursor(cursor: string, length: number): Array<string | number> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== length) return undefined;
    if (!value.every((part) => typeof part === 'string' || typeof part === 'number')) return undefined;
    // No stored text holds U+0000 (PostgreSQL cannot), so no cursor we issued does; PostgreSQL would fail on it.
    if (value.some((part) => typeof part === 'string' && part.includes('\u0000'))) return undefined;
    return value;
  } catch {
    return undefined;
  }
}

/** Escapes LIKE wildcards so a search for "50%" finds "50%", not everything. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
