/**
 * `stepdown backup FILE` as an operator runs it, on SQLite and PostgreSQL: a copy taken while
 * clients are being added holds every client that existed before it started and restores to a
 * database that reads like the original; the refusals (FILE exists, no such folder, no FILE) exit 2
 * naming it and leave nothing behind; a missing pg_dump says what to install.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertAuditEvents, listAuditEvents } from '../../src/storage/audit.js';
import { insertClient, listClients } from '../../src/storage/clients.js';
import { type DatabaseHandle, openDatabase } from '../../src/storage/database.js';
import type { Executor } from '../../src/storage/executor.js';
import { migrationStatus } from '../../src/storage/migrate.js';
import { MIGRATIONS } from '../../src/storage/migrations/index.js';
import { type CommandResult, runStepdown, tempDataDir } from '../support/cli.js';
import { createTestDatabase, type TestDatabase, testDialects } from '../support/databases.js';
import { type SeededOrganization, seedOrganization } from '../support/organization-records.js';

/** A few seconds per run on a busy machine. */
const SPAWN_TIMEOUT = 180_000;

const TABLES = [
  'organizations',
  'users',
  'clients',
  'consents',
  'assessments',
  'assessment_versions',
  'plans',
  'plan_versions',
  'plan_acknowledgements',
  'plan_share_codes',
  'referrals',
  'referral_status_changes',
  'programs',
  'program_tracks',
  'audit_events',
  'stepdown_migrations',
] as const;

async function rowCounts(handle: DatabaseHandle): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of TABLES) {
    const result = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(handle.db);
    counts[table] = Number(result.rows[0]?.n);
  }
  return counts;
}

/** Every client id of an organisation, archived ones included, through the repository. */
async function clientIds(db: Executor, organizationId: string): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await listClients(db, organizationId, { limit: 500, archived: 'include', cursor });
    ids.push(...page.items.map((client) => client.id));
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return ids;
}

function expectExit(result: CommandResult, code: number): void {
  expect({ code: result.code, stdout: result.stdout, stderr: result.stderr }).toMatchObject({ code });
}

const SUMMARY =
  /^Backed up (SQLite|PostgreSQL) \S+ to (\S+): [\d.]+ (B|KB|MB|GB), ([\d,]+) clients?, ([\d,]+) assessments?, ([\d,]+) plans?, in [\d.]+ s\n$/;

/** Adds clients one transaction at a time until stopped, as a busy clinic would. */
function keepAddingClients(handle: DatabaseHandle, organizationId: string, createdBy: string) {
  let stopped = false;
  let added = 0;
  const running = (async () => {
    while (!stopped) {
      await handle.db.transaction().execute((trx) =>
        insertClient(trx, {
          organizationId,
          displayName: `Walk-in ${added}`,
          createdBy,
          now: new Date().toISOString(),
        }),
      );
      await handle.settled();
      added += 1;
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  })();
  return {
    added: () => added,
    stop: async () => {
      stopped = true;
      await running;
    },
  };
}

/** Audit rows enough to make the SQLite file a few thousand pages, so the backup shows progress. */
async function growAuditLog(handle: DatabaseHandle, organizationId: string, rows: number): Promise<void> {
  const at = new Date().toISOString();
  await handle.db.transaction().execute(async (trx) => {
    for (let start = 0; start < rows; start += 500) {
      await insertAuditEvents(
        trx,
        Array.from({ length: Math.min(500, rows - start) }, (_, i) => ({
          at,
          organizationId,
          actorUserId: null,
          actorKind: 'system' as const,
          action: 'client.list',
          resourceType: 'client',
          resourceId: `filler-${start + i}`,
          clientId: null,
          outcome: 'success' as const,
          ip: null,
          requestId: null,
        })),
      );
    }
  });
  await handle.settled();
}

/** Restores a backup file into a fresh database of the dialect, as the README says to. */
async function restore(
  dialect: 'sqlite' | 'postgres',
  file: string,
): Promise<{ handle: DatabaseHandle; drop(): Promise<void> }> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'stepdown-restore-'));
    const path = join(dir, 'stepdown.db');
    copyFileSync(file, path);
    const handle = openDatabase({ kind: 'sqlite', path });
    return {
      handle,
      drop: async () => {
        await handle.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const empty = await createTestDatabase('postgres', { migrate: false });
  const restored = spawnSync('pg_restore', ['--no-owner', '--exit-on-error', `--dbname=${empty.url}`, file], {
    encoding: 'utf8',
  });
  expect({ status: restored.status, stderr: restored.stderr }).toEqual({ status: 0, stderr: '' });
  return { handle: empty.handle, drop: () => empty.drop() };
}

describe.each(testDialects())('stepdown backup on %s', (dialect) => {
  let database: TestDatabase;
  let dataDir: string;
  let clinic: SeededOrganization;
  let other: SeededOrganization;
  let env: Record<string, string>;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    dataDir = tempDataDir();
    clinic = await seedOrganization(database.handle);
    other = await seedOrganization(database.handle);
    if (dialect === 'sqlite') await growAuditLog(database.handle, clinic.organizationId, 40_000);
    env = { DATABASE_URL: database.url, STEPDOWN_DATA_DIR: dataDir };
  });
  afterAll(async () => {
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(
    'copies every client that existed before it started while clients are being added, and the copy restores and reads',
    async () => {
      const folder = join(dataDir, 'while-writing');
      mkdirSync(folder);
      const file = join(folder, dialect === 'sqlite' ? 'stepdown-backup.db' : 'stepdown-backup.dump');
      const writer = keepAddingClients(database.handle, clinic.organizationId, clinic.userIds[0] as string);
      let result: CommandResult;
      let addedBefore: number;
      let before: string[];
      try {
        while (writer.added() < 5) await new Promise((resolve) => setTimeout(resolve, 5));
        before = await clientIds(database.handle.db, clinic.organizationId);
        addedBefore = writer.added();
        result = await runStepdown(['backup', file], { env, timeoutMs: SPAWN_TIMEOUT });
      } finally {
        await writer.stop();
      }
      expectExit(result, 0);
      // The clinic went on working while the copy was made.
      expect(writer.added()).toBeGreaterThan(addedBefore);
      const summary = SUMMARY.exec(result.stdout);
      expect(summary, result.stdout).not.toBeNull();
      expect(summary?.[2]).toBe(file);
      if (dialect === 'sqlite') {
        expect(result.stderr).toMatch(/Copying: ([\d,]+) of \1 pages \(100%\)\n$/);
        // Checked as the command checks it, before anything opens it for writing.
        const check = new SQLite(file, { readonly: true, fileMustExist: true });
        expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
        expect(check.pragma('journal_mode', { simple: true })).toBe('delete');
        check.close();
      } else {
        expect(result.stderr).toBe('');
      }
      // Nothing but the backup is left in the folder.
      expect(readdirSync(folder)).toEqual([file.split('/').at(-1)]);

      const copy = await restore(dialect, file);
      try {
        const restoredIds = await clientIds(copy.handle.db, clinic.organizationId);
        expect(restoredIds).toEqual(expect.arrayContaining(before));
        // One moment of the database: the summary counted the same snapshot the copy holds.
        const counts = await rowCounts(copy.handle);
        expect(counts.clients).toBe(Number(summary?.[4]?.replaceAll(',', '')));
        expect(counts.assessments).toBe(Number(summary?.[5]?.replaceAll(',', '')));
        expect(counts.plans).toBe(Number(summary?.[6]?.replaceAll(',', '')));
        const status = await migrationStatus(copy.handle);
        expect(status).toEqual({ applied: MIGRATIONS.map((m) => m.name), pending: [], unknown: [] });
        expect(await copy.handle.integrityCheck()).toEqual([]);
      } finally {
        await copy.drop();
      }

      // Recorded in each organisation's log, naming where the copy went.
      for (const organization of [clinic, other]) {
        const events = await listAuditEvents(database.handle.db, organization.organizationId, {
          action: 'database.backup',
          limit: 10,
        });
        expect(events.items).toEqual([
          expect.objectContaining({
            actorKind: 'system',
            resourceType: 'database',
            resourceId: file,
            clientId: null,
            outcome: 'success',
          }),
        ]);
      }
    },
    SPAWN_TIMEOUT,
  );

  it(
    'restores to the same rows in every table as the database held',
    async () => {
      const folder = join(dataDir, 'quiet');
      mkdirSync(folder);
      const file = join(folder, 'copy');
      const expected = await rowCounts(database.handle);
      const result = await runStepdown(['backup', file], { env, timeoutMs: SPAWN_TIMEOUT });
      expectExit(result, 0);
      const copy = await restore(dialect, file);
      try {
        expect(await rowCounts(copy.handle)).toEqual(expected);
      } finally {
        await copy.drop();
      }
    },
    SPAWN_TIMEOUT,
  );
});

describe('stepdown backup refusals', () => {
  let database: TestDatabase;
  let dataDir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    await seedOrganization(database.handle);
    dataDir = tempDataDir();
    env = { DATABASE_URL: database.url, STEPDOWN_DATA_DIR: dataDir };
  });
  afterAll(async () => {
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(
    'exits 2 naming FILE when it exists (unless --force), its folder is missing, or it is not given, and leaves nothing behind',
    async () => {
      const folder = join(dataDir, 'refusals');
      mkdirSync(folder);
      const existing = join(folder, 'existing.db');
      writeFileSync(existing, 'an older backup\n');
      const missing = join(folder, 'no-such-folder', 'copy.db');
      const databasePath = database.url.slice('sqlite:'.length);
      const [exists, noFolder, noFile, two, badOption, itself] = await Promise.all([
        runStepdown(['backup', existing], { env }),
        runStepdown(['backup', missing], { env }),
        runStepdown(['backup'], { env }),
        runStepdown(['backup', join(folder, 'a.db'), join(folder, 'b.db')], { env }),
        runStepdown(['backup', join(folder, 'c.db'), '--overwrite'], { env }),
        runStepdown(['backup', databasePath, '--force'], { env }),
      ]);
      expect(exists).toEqual({
        code: 2,
        stdout: '',
        stderr: `${existing}: already exists; add --force to replace it\n`,
      });
      expect(readFileSync(existing, 'utf8')).toBe('an older backup\n');
      expect(noFolder).toEqual({
        code: 2,
        stdout: '',
        stderr: `${missing}: the folder ${join(folder, 'no-such-folder')} does not exist\n`,
      });
      expect(noFile).toEqual({
        code: 2,
        stdout: '',
        stderr: 'FILE: name the file to write the backup to (see "stepdown help backup")\n',
      });
      expect(two).toEqual({
        code: 2,
        stdout: '',
        stderr: `backup: expected one FILE, got 2: ${join(folder, 'a.db')} ${join(folder, 'b.db')}\n`,
      });
      expectExit(badOption, 2);
      expect(badOption.stderr).toContain("'--overwrite'");
      expect(itself).toEqual({
        code: 2,
        stdout: '',
        stderr: `${databasePath}: is the database itself; name another file\n`,
      });
      expect(readdirSync(folder)).toEqual(['existing.db']);

      const forced = await runStepdown(['backup', existing, '--force'], { env });
      expectExit(forced, 0);
      const copy = new SQLite(existing, { readonly: true, fileMustExist: true });
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      copy.close();
      expect(readdirSync(folder)).toEqual(['existing.db']);
    },
    SPAWN_TIMEOUT,
  );

  it(
    'exits 2 naming DATABASE_URL when there is no SQLite database to copy, and creates none',
    async () => {
      const folder = join(dataDir, 'no-database');
      mkdirSync(folder);
      const absent = join(folder, 'absent.db');
      const result = await runStepdown(['backup', join(folder, 'copy.db')], {
        env: { DATABASE_URL: `sqlite:${absent}`, STEPDOWN_DATA_DIR: dataDir },
      });
      expect(result).toEqual({
        code: 2,
        stdout: '',
        stderr: `DATABASE_URL: there is no SQLite database at ${absent}\n`,
      });
      expect(readdirSync(folder)).toEqual([]);
    },
    SPAWN_TIMEOUT,
  );

  it(
    'exits 1 saying to install the PostgreSQL client tools when pg_dump is not on PATH',
    async () => {
      const folder = join(dataDir, 'no-pg-dump');
      mkdirSync(folder);
      const emptyPath = join(folder, 'bin');
      mkdirSync(emptyPath);
      const result = await runStepdown(['backup', join(folder, 'copy.dump')], {
        env: {
          DATABASE_URL: 'postgres://stepdown:not-the-password@127.0.0.1:9/stepdown',
          STEPDOWN_DATA_DIR: dataDir,
          PATH: emptyPath,
        },
      });
      expect(result).toEqual({
        code: 1,
        stdout: '',
        stderr:
          'stepdown: pg_dump was not found: install the PostgreSQL client tools (Debian: apt-get install postgresql-client) and make sure they are on PATH\n',
      });
      expect(readdirSync(folder)).toEqual(['bin']);
    },
    SPAWN_TIMEOUT,
  );

  it(
    'says how to restore in "stepdown help backup"',
    async () => {
      const result = await runStepdown(['help', 'backup'], { env: {} });
      expectExit(result, 0);
      expect(result.stdout).toMatch(/^stepdown backup: a consistent copy of the whole database\n/);
      expect(result.stdout).toContain('Restoring:');
      expect(result.stdout).toContain('pg_restore --no-owner --dbname stepdown_restored FILE');
    },
    SPAWN_TIMEOUT,
  );
});
