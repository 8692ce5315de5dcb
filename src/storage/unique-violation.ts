/**
 * A row refused because a unique column already holds its value, recognised on both engines. A
 * look-up before an insert cannot see a concurrent insert that has not committed yet; the
 * constraint always does, so callers insert and turn this refusal into "already taken".
 */

/** Whether `error` is SQLite's or PostgreSQL's unique-constraint violation on `table.column`. */
export function isUniqueViolation(error: unknown, table: string, column: string): boolean {
  if (!(error instanceof Error) || !('code' in error)) return false;
  // better-sqlite3: "UNIQUE constraint failed: users.email" (columns listed with ", " when several).
  if (error.code === 'SQLITE_CONSTRAINT_UNIQUE') {
    const columns = error.message.replace(/^UNIQUE constraint failed: /, '').split(', ');
    return columns.length === 1 && columns[0] === `${table}.${column}`;
  }
  // PostgreSQL unique_violation, on the constraint a column's UNIQUE is named after.
  if (error.code === '23505') return 'constraint' in error && error.constraint === `${table}_${column}_key`;
  return false;
}
