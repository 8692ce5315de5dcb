/**
 * The database could not write because its disk (or its size limit) is full, recognised on both
 * engines. Nothing of the failed statement was written; the caller answers "try again later" (503)
 * rather than "something broke" (500).
 */

/** Whether `error` is SQLite's SQLITE_FULL or PostgreSQL's disk_full (53100). */
export function isStorageFull(error: unknown): boolean {
  if (!(error instanceof Error) || !('code' in error)) return false;
  return error.code === 'SQLITE_FULL' || error.code === '53100';
}
