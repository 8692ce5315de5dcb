/**
 * Runs forward-only migrations, each in its own transaction, and refuses a database that has been
 * migrated by a newer Stepdown (a migration it does not know): running old code on a newer schema
 * could silently lose data.
 */
import { sql, type Kysely } from 'kysely';
import type { DatabaseHandle } from './database.js';
import { MIGRATIONS, type StepdownMigration } from './migrations/index.js';

export class DatabaseTooNewError extends Error {
  constructor(readonly unknown: string[]) {
    super(
      `this database was migrated by a newer Stepdown (unknown migrations: ${unknown.join(', ')}); upgrade Stepdown before using it`,
    );
    this.name = 'DatabaseTooNewError';
  }
}

export interface MigrationStatus {
  applied: string[];
  pending: string[];
  unknown: string[];
}

async function ensureTable(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('stepdown_migrations')
    .ifNotExists()
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('applied_at', 'text', (c) => c.notNull())
    .execute();
}

async function appliedNames(db: Kysely<unknown>): Promise<string[]> {
  const rows = await sql<{ name: string }>`select name from stepdown_migrations order by name`.execute(db);
  return rows.rows.map((row) => row.name);
}

/** Which migrations this database has, lacks, and has that this code does not know. */
export async function migrationStatus(
  handle: DatabaseHandle,
  migrations: readonly StepdownMigration[] = MIGRATIONS,
): Promise<MigrationStatus> {
  const db = handle.db as unknown as Kysely<unknown>;
  const exists = await db.introspection.getTables();
  const applied = exists.some((table) => table.name === 'stepdown_migrations') ? await appliedNames(db) : [];
  const known = new Set(migrations.map((m) => m.name));
  return {
    applied,
    pending: migrations.map((m) => m.name).filter((name) => !applied.includes(name)),
    unknown: applied.filter((name) => !known.has(name)),
  };
}

/** Applies every pending migration in order; returns the names applied. */
export async function migrateToLatest(
  handle: DatabaseHandle,
  migrations: readonly StepdownMigration[] = MIGRATIONS,
): Promise<string[]> {
  const db = handle.db as unknown as Kysely<unknown>;
  await ensureTable(db);
  const done: string[] = [];
  for (const migration of migrations) {
    const ran = await db.transaction().execute(async (trx) => {
      // Two processes starting at once must not both run a migration.
      if (handle.dialect === 'postgres') await sql`select pg_advisory_xact_lock(7246001)`.execute(trx);
      const applied = await appliedNames(trx);
      const known = new Set(migrations.map((m) => m.name));
      const unknown = applied.filter((name) => !known.has(name));
      if (unknown.length > 0) throw new DatabaseTooNewError(unknown);
      if (applied.includes(migration.name)) return false;
      await migration.up(trx, handle.dialect);
      await sql`insert into stepdown_migrations (name, applied_at) values (${migration.name}, ${new Date().toISOString()})`.execute(
        trx,
      );
      return true;
    });
    if (ran) done.push(migration.name);
  }
  const status = await migrationStatus(handle, migrations);
  if (status.unknown.length > 0) throw new DatabaseTooNewError(status.unknown);
  return done;
}
