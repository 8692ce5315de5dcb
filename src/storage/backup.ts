/**
 * Consistent copies of the whole database while the server keeps running.
 *
 * SQLite: SQLite's online backup, read inside one read transaction held from before the first page
 * to after the last. In WAL mode that transaction is a fixed snapshot: writers carry on, and the
 * backup never sees their pages or restarts because of them (a backup read without it restarts each
 * time another connection commits, and under steady writes may never finish). The copy is then
 * checked on its own: the engine's integrity check, and the same migrations as the snapshot it came
 * from.
 *
 * PostgreSQL: a read-only repeatable-read transaction exports its snapshot, and pg_dump (run by the
 * caller) reads that same snapshot, so the counts and migrations read here describe the dump exactly.
 */
import { unlinkSync } from 'node:fs';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import type { DatabaseHandle } from './database.js';
import type { Executor } from './executor.js';

/** What a copy holds, for the summary and the audit log: never client data, only counts and ids. */
export interface BackupFacts {
  /** Migrations applied, by name, in order. */
  migrations: string[];
  /** Every organisation in the copy: one audit event is written for each. */
  organizationIds: string[];
  counts: { clients: number; assessments: number; plans: number };
}

export interface SqliteBackupProgress {
  copiedPages: number;
  totalPages: number;
}

/** The file is not a Stepdown database (no migration table), so there is nothing to back up. */
export class NotAStepdownDatabaseError extends Error {
  constructor(readonly where: string) {
    super(`${where} is not a Stepdown database (it has no stepdown_migrations table)`);
    this.name = 'NotAStepdownDatabaseError';
  }
}

/** The copy failed its check; the caller must not keep it. */
export class BackupCheckError extends Error {
  constructor(readonly problems: string[]) {
    super(`the copy failed its check: ${problems.join('; ')}`);
    this.name = 'BackupCheckError';
  }
}

/** Pages copied per step: the source snapshot is held throughout, so larger steps cost writers nothing. */
const PAGES_PER_STEP = 4096;

function sqliteFacts(database: SQLite.Database, where: string): BackupFacts {
  const hasMigrations = database
    .prepare(`select 1 from sqlite_master where type = 'table' and name = 'stepdown_migrations'`)
    .get();
  if (hasMigrations === undefined) throw new NotAStepdownDatabaseError(where);
  const count = (table: string) => (database.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
  return {
    migrations: (
      database.prepare('select name from stepdown_migrations order by name').all() as Array<{ name: string }>
    ).map((row) => row.name),
    organizationIds: (database.prepare('select id from organizations order by id').all() as Array<{ id: string }>).map(
      (row) => row.id,
    ),
    counts: { clients: count('clients'), assessments: count('assessments'), plans: count('plans') },
  };
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index]);
}

/**
 * Copies the SQLite database at `sourcePath` into `targetPath` (a new or empty file) and checks
 * the copy. Answers what the copy holds. On any failure `targetPath` may be left behind
 * half written: the caller copies into a temporary name and removes it (see `sqliteSidecars`).
 */
export async function backupSqlite(
  sourcePath: string,
  targetPath: string,
  onProgress: (progress: SqliteBackupProgress) => void = () => undefined,
): Promise<BackupFacts & { pages: number }> {
  const source = new SQLite(sourcePath, { readonly: true, fileMustExist: true });
  let facts: BackupFacts;
  let pages = 0;
  try {
    source.pragma('busy_timeout = 5000');
    // A deferred transaction takes its snapshot at the first read: these facts and every page
    // copied come from the same moment.
    source.exec('begin');
    facts = sqliteFacts(source, sourcePath);
    const result = await source.backup(targetPath, {
      progress: ({ totalPages, remainingPages }) => {
        onProgress({ copiedPages: totalPages - remainingPages, totalPages });
        return PAGES_PER_STEP;
      },
    });
    pages = result.totalPages;
    onProgress({ copiedPages: pages, totalPages: pages });
    source.exec('commit');
  } finally {
    source.close();
  }

  // The copy's header says WAL, like its source; as a single file with a rollback journal it opens
  // read-only without creating -wal and -shm files beside it, and it is one file to move about.
  // The server switches it back to WAL when it opens it.
  const copy = new SQLite(targetPath, { fileMustExist: true });
  try {
    copy.pragma('journal_mode = DELETE');
  } finally {
    copy.close();
  }

  const check = new SQLite(targetPath, { readonly: true, fileMustExist: true });
  try {
    const integrity = (check.pragma('integrity_check') as Array<{ integrity_check: string }>).map(
      (row) => row.integrity_check,
    );
    const problems = integrity.filter((line) => line !== 'ok');
    if (problems.length > 0) throw new BackupCheckError(problems);
    const copied = sqliteFacts(check, targetPath);
    if (!sameList(copied.migrations, facts.migrations)) {
      throw new BackupCheckError([
        `the copy has migrations ${copied.migrations.join(', ') || 'none'} where the database has ${facts.migrations.join(', ') || 'none'}`,
      ]);
    }
    return { ...copied, pages };
  } finally {
    check.close();
  }
}

/** The files SQLite may keep beside a database file. */
export function sqliteSidecars(path: string): string[] {
  return [`${path}-journal`, `${path}-wal`, `${path}-shm`];
}

/** Removes a SQLite file and whatever SQLite kept beside it; missing files are fine. */
export function removeSqliteFile(path: string): void {
  for (const file of [path, ...sqliteSidecars(path)]) {
    try {
      unlinkSync(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}

async function countRows(db: Executor, table: 'clients' | 'assessments' | 'plans'): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Runs `dump` with the id of a PostgreSQL snapshot that stays open until it returns (for
 * `pg_dump --snapshot`), and answers what that snapshot holds with dump's result.
 */
export async function withPostgresSnapshot<T>(
  handle: DatabaseHandle,
  dump: (snapshotId: string) => Promise<T>,
): Promise<{ facts: BackupFacts; result: T }> {
  if (handle.dialect !== 'postgres') throw new Error('withPostgresSnapshot needs a PostgreSQL database');
  return handle.db
    .transaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute(async (trx) => {
      // First, so the exported snapshot is the one every later read in this transaction sees.
      const snapshot = await sql<{ id: string }>`select pg_export_snapshot() as id`.execute(trx);
      const snapshotId = snapshot.rows[0]?.id;
      if (snapshotId === undefined) throw new Error('PostgreSQL exported no snapshot');
      const table = await sql<{ name: string | null }>`select to_regclass('stepdown_migrations')::text as name`.execute(
        trx,
      );
      if (!table.rows[0]?.name) throw new NotAStepdownDatabaseError(handle.describe);
      const migrations = await sql<{ name: string }>`select name from stepdown_migrations order by name`.execute(trx);
      const organizations = await trx.selectFrom('organizations').select('id').orderBy('id').execute();
      const facts: BackupFacts = {
        migrations: migrations.rows.map((row) => row.name),
        organizationIds: organizations.map((row) => row.id),
        counts: {
          clients: await countRows(trx, 'clients'),
          assessments: await countRows(trx, 'assessments'),
          plans: await countRows(trx, 'plans'),
        },
      };
      return { facts, result: await dump(snapshotId) };
    });
}
