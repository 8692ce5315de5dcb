/**
 * Opening the database: SQLite (the default, a file under ./data) or PostgreSQL (a postgres:// URL).
 * Both sit behind one Kysely instance typed by the schema; nothing above this layer knows which.
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { PRIVATE_FILE_MODE, PRIVATE_FOLDER_MODE, restrictMode } from './private-files.js';
import type { Database } from './schema.js';
import { SqliteDriver, sqliteDialect, type StatementSource } from './sqlite-driver.js';

export type Dialect = 'sqlite' | 'postgres';

export interface DatabaseHandle {
  db: Kysely<Database>;
  dialect: Dialect;
  /** Where the data lives, without credentials: safe to print. */
  describe: string;
  close(): Promise<void>;
  /** Runs the engine's own consistency check; returns the problems found (empty when sound). */
  integrityCheck(): Promise<string[]>;
  /** A mark to pass to `settled`, taken before the work whose durability will be asked about. */
  commitMark(): number;
  /**
   * Resolves once every transaction finished so far is durable; rejects when a transaction since
   * `since` (a `commitMark()`) may have been lost. Await it before telling anyone a change is saved.
   * Always resolved unless SQLite group commit is on.
   */
  settled(since?: number): Promise<void>;
}

export interface OpenOptions {
  /** SQLite only: transactions finishing together share one commit (the server turns this on). */
  groupCommit?: boolean;
  /** SQLite only: told of each database file found open to other users (and made private). */
  onWarning?: (message: string) => void;
}

/**
 * A SQLite database file that exists but holds nothing: never a fresh install (SQLite would happily
 * start one in it, and the server would seed demo data over what was lost), so opening it stops.
 */
export class EmptyDatabaseFileError extends Error {
  constructor(readonly path: string) {
    super(
      `${path} is empty (0 bytes): it is not a Stepdown database, and Stepdown will not start a new one in its place. Restore it from a backup, or remove the file to start afresh`,
    );
    this.name = 'EmptyDatabaseFileError';
  }
}

/** A parsed DATABASE_URL: a SQLite file path or a PostgreSQL connection string. */
export type DatabaseLocation = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };

// PostgreSQL returns int8 (COUNT, bigserial) as strings; SQLite returns numbers. Agree on numbers.
pg.types.setTypeParser(20, (value) => Number(value));

/** Parses DATABASE_URL: unset means ./data/stepdown.db; `sqlite:PATH`; `postgres://` or `postgresql://`. */
export function parseDatabaseUrl(url: string | undefined, defaultPath: string): DatabaseLocation | { error: string } {
  if (url === undefined || url === '') return { kind: 'sqlite', path: defaultPath };
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length).replace(/^\/\//, '');
    return path === ''
      ? { error: 'sqlite: needs a file path, as in sqlite:./data/other.db' }
      : { kind: 'sqlite', path };
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    try {
      new URL(url);
    } catch {
      return { error: 'is not a valid postgres:// URL' };
    }
    return { kind: 'postgres', url };
  }
  return { error: 'must be unset, sqlite:PATH, or a postgres:// URL' };
}

function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

/** How many distinct SQL texts keep their prepared statement; the application has far fewer hot ones. */
const STATEMENT_CACHE_SIZE = 200;

/**
 * The SQLite database as Kysely's driver sees it, keeping prepared statements: the driver prepares
 * every query afresh, and compiling the SQL was the largest single cost of an authenticated request.
 * Least recently used statements are dropped beyond the limit. A statement still being iterated is
 * busy and cannot run again, so a query arriving meanwhile gets a statement of its own.
 */
function keepingStatements(database: SQLite.Database, capacity: number): StatementSource {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => database.close(),
    get inTransaction() {
      return database.inTransaction;
    },
    prepare: (sql) => {
      let statement = statements.get(sql);
      if (statement === undefined || statement.busy) {
        statement = database.prepare(sql);
        const oldest = statements.keys().next();
        if (statements.size >= capacity && !oldest.done) statements.delete(oldest.value);
      }
      statements.delete(sql);
      statements.set(sql, statement);
      return statement;
    },
  };
}

/**
 * Opens SQLite with WAL, foreign keys and a busy timeout; fully synchronous commits so an
 * acknowledged write survives a crash. With `groupCommit` (the server), transactions that finish
 * in the same turn of the event loop share one commit; see sqlite-driver.ts.
 */
function openSqlite(path: string, options: OpenOptions): DatabaseHandle {
  const groupCommit = options.groupCommit ?? false;
  const files = [path, `${path}-wal`, `${path}-shm`];
  let existing: boolean[] = [];
  if (path !== ':memory:') {
    mkdirSync(dirname(path), { recursive: true, mode: PRIVATE_FOLDER_MODE });
    if (existsSync(path) && statSync(path).size === 0) throw new EmptyDatabaseFileError(path);
    existing = files.map((file) => existsSync(file));
  }
  const database = new SQLite(path);
  // Private whatever the umask. Before the journal mode is set: SQLite gives a new -wal and -shm the
  // database file's mode. Files that were already there and open to others are worth a warning.
  const restrict = () =>
    files.forEach((file, i) => {
      const warning = restrictMode(file, PRIVATE_FILE_MODE);
      if (warning && existing[i]) options.onWarning?.(warning);
    });
  if (path !== ':memory:') restrict();
  database.pragma('journal_mode = WAL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  database.pragma('synchronous = FULL');
  if (path !== ':memory:') restrict();
  const driver = new SqliteDriver(keepingStatements(database, STATEMENT_CACHE_SIZE), { groupCommit });
  const db = new Kysely<Database>({ dialect: sqliteDialect(driver) });
  return {
    db,
    dialect: 'sqlite',
    describe: `SQLite ${path}`,
    commitMark: () => driver.mark(),
    settled: (since) => driver.settled(since),
    close: () => db.destroy(),
    integrityCheck: () => {
      const rows = database.pragma('integrity_check') as Array<{ integrity_check: string }>;
      const problems = rows.map((row) => row.integrity_check).filter((text) => text !== 'ok');
      const foreign = database.pragma('foreign_key_check') as unknown[];
      if (foreign.length > 0) problems.push(`${foreign.length} foreign key violations`);
      return Promise.resolve(problems);
    },
  };
}

function openPostgres(url: string): DatabaseHandle {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle client that loses its connection must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    dialect: 'postgres',
    describe: `PostgreSQL ${redact(url)}`,
    // A PostgreSQL commit has reached the server's log by the time its promise resolves.
    commitMark: () => 0,
    settled: () => Promise.resolve(),
    close: () => db.destroy(),
    integrityCheck: async () => {
      const problems: string[] = [];
      // PostgreSQL keeps itself consistent; check what the application relies on: every
      // version row has its assessment, every assessment's current version exists.
      const orphans = await db
        .selectFrom('assessment_versions as v')
        .leftJoin('assessments as a', 'a.id', 'v.assessment_id')
        .where('a.id', 'is', null)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      if (orphans.n > 0) problems.push(`${orphans.n} assessment versions without an assessment`);
      const missing = await db
        .selectFrom('assessments as a')
        .leftJoin('assessment_versions as v', (join) =>
          join.onRef('v.assessment_id', '=', 'a.id').onRef('v.version', '=', 'a.current_version'),
        )
        .where('v.assessment_id', 'is', null)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      if (missing.n > 0) problems.push(`${missing.n} assessments whose current version is missing`);
      return problems;
    },
  };
}

/** Opens the database at a location. */
export function openDatabase(location: DatabaseLocation, options: OpenOptions = {}): DatabaseHandle {
  return location.kind === 'sqlite' ? openSqlite(location.path, options) : openPostgres(location.url);
}
