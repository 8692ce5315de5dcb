/**
 * Real databases for tests: a fresh SQLite file per call, and, when STEPDOWN_TEST_DATABASE_URL
 * names a PostgreSQL server (CI always sets it), a fresh PostgreSQL database per call, dropped
 * afterwards. Without a server the PostgreSQL tests are skipped with a printed reason, and CI fails
 * on any skip.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase, type DatabaseHandle } from '../../src/storage/database.js';
import { migrateToLatest } from '../../src/storage/migrate.js';

export type TestDialect = 'sqlite' | 'postgres';

export const POSTGRES_URL = process.env.STEPDOWN_TEST_DATABASE_URL;

/** Why PostgreSQL tests cannot run here, or undefined when they can. */
export const POSTGRES_SKIP_REASON =
  POSTGRES_URL === undefined
    ? 'PostgreSQL tests skipped: set STEPDOWN_TEST_DATABASE_URL to a postgres:// URL of a server where databases may be created (.ci/run starts one)'
    : undefined;

/** The dialects to run a contract suite against, printing why PostgreSQL is left out. */
export function testDialects(): TestDialect[] {
  if (POSTGRES_SKIP_REASON) {
    console.log(POSTGRES_SKIP_REASON);
    return ['sqlite'];
  }
  return ['sqlite', 'postgres'];
}

export interface TestDatabase {
  handle: DatabaseHandle;
  /** A connection string for another process (SQLite: sqlite:PATH). */
  url: string;
  drop(): Promise<void>;
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** Creates an empty database of the dialect; migrated unless `migrate: false`. */
export async function createTestDatabase(
  dialect: TestDialect,
  options: { migrate?: boolean } = {},
): Promise<TestDatabase> {
  let handle: DatabaseHandle;
  let url: string;
  let cleanup: () => Promise<void>;
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'stepdown-test-'));
    const path = join(dir, 'test.db');
    // As the server opens it: group commit on.
    handle = openDatabase({ kind: 'sqlite', path }, { groupCommit: true });
    url = `sqlite:${path}`;
    cleanup = () => {
      rmSync(dir, { recursive: true, force: true });
      return Promise.resolve();
    };
  } else {
    if (!POSTGRES_URL) throw new Error(POSTGRES_SKIP_REASON);
    const name = `stepdown_test_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
    await adminQuery(`create database ${name}`);
    const target = new URL(POSTGRES_URL);
    target.pathname = `/${name}`;
    url = target.toString();
    handle = openDatabase({ kind: 'postgres', url });
    cleanup = () => adminQuery(`drop database if exists ${name} with (force)`);
  }
  if (options.migrate !== false) await migrateToLatest(handle);
  return {
    handle,
    url,
    drop: async () => {
      await handle.close();
      await cleanup();
    },
  };
}
