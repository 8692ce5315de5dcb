/**
 * Errors that say the database cannot store anything just now (its disk is full, or failing), on
 * either engine, as opposed to a fault in what was asked. A transaction that meets one is rolled
 * back whole, so the request is answered 503 "nothing was saved" rather than 500.
 */

/** SQLite's result codes for a full disk and for failing I/O (better-sqlite3's `code`). */
function isSqliteOutOfService(code: string): boolean {
  return code === 'SQLITE_FULL' || code.startsWith('SQLITE_IOERR');
}

/** PostgreSQL's class 53, insufficient resources: disk_full (53100), out_of_memory (53200), ... */
function isPostgresOutOfService(code: string): boolean {
  return /^53[0-9A-Z]{3}$/.test(code);
}

/** Whether `error` (or an error it was caused by) is the database running out of room or failing to write. */
export function isStorageUnavailable(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && (isSqliteOutOfService(code) || isPostgresOutOfService(code))) return true;
    current = current.cause;
  }
  return false;
}
