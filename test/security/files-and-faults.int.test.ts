/**
 * Files and faults (issue 12, item 6), found by a black-box probe and each reproduced here first:
 * the live database was world-readable (data folder 0755, database files 0644); a full disk at first
 * start left a 0-byte `secret` and the next start ran with an empty key; a zero-length database file
 * was taken for a fresh install and seeded with demo data; and a write on a full disk must be a 503
 * with nothing half-saved, on both engines. The server runs as a real `stepdown serve` process
 * where the test is about start-up, and in-process where it is about requests.
 */
import { chmodSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/storage/database.js';
import { migrateToLatest } from '../../src/storage/migrate.js';
import { runStepdown, startServe, tempDataDir } from '../support/cli.js';
import { createTestDatabase, type TestDatabase, testDialects } from '../support/databases.js';
import { mountSmallDisk, type SmallDisk } from '../support/full-disk.js';
import { assessmentDocument, expectJson, expectProblem } from '../support/http.js';
import { signIn, startTestServer, type TestServer } from '../support/server.js';

function modeOf(path: string): string {
  return (statSync(path).mode & 0o777).toString(8).padStart(4, '0');
}

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Runs `use` with the process umask set to `mask` (children inherit it). */
async function withUmask<T>(mask: number, use: () => Promise<T>): Promise<T> {
  const before = process.umask(mask);
  try {
    return await use();
  } finally {
    process.umask(before);
  }
}

describe('the data folder and the database files are private', () => {
  it('makes the folder 0700 and the database, -wal, -shm and secret 0600 whatever the umask', async () => {
    const dataDir = join(tempDataDir(), 'data');
    cleanups.push(() => rmSync(join(dataDir, '..'), { recursive: true, force: true }));
    const serve = await withUmask(0o000, () => startServe({ STEPDOWN_DATA_DIR: dataDir, PORT: '0' }));
    cleanups.push(() => serve.stop('SIGTERM'));
    expect(modeOf(dataDir)).toBe('0700');
    for (const name of ['stepdown.db', 'stepdown.db-wal', 'stepdown.db-shm', 'secret']) {
      expect({ name, mode: modeOf(join(dataDir, name)) }).toEqual({ name, mode: '0600' });
    }
    // A fresh install is not "looser than it should be": no warning.
    expect(serve.stdout() + serve.stderr()).not.toMatch(/Warning/);
  });

  it('fixes looser modes at start, with a warning naming each file', async () => {
    const dataDir = tempDataDir();
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const first = await startServe({ STEPDOWN_DATA_DIR: dataDir, PORT: '0' });
    await first.stop('SIGTERM');
    chmodSync(dataDir, 0o755);
    for (const name of ['stepdown.db', 'secret']) chmodSync(join(dataDir, name), 0o644);
    // A -wal and -shm left by a process that was killed, as an operator's copy might leave them.
    writeFileSync(join(dataDir, 'stepdown.db-wal'), '', { mode: 0o666 });
    chmodSync(join(dataDir, 'stepdown.db-wal'), 0o666);

    const second = await withUmask(0o022, () => startServe({ STEPDOWN_DATA_DIR: dataDir, PORT: '0' }));
    cleanups.push(() => second.stop('SIGTERM'));
    const output = second.stdout() + second.stderr();
    expect(modeOf(dataDir)).toBe('0700');
    for (const name of ['stepdown.db', 'stepdown.db-wal', 'stepdown.db-shm', 'secret']) {
      expect({ name, mode: modeOf(join(dataDir, name)) }).toEqual({ name, mode: '0600' });
    }
    expect(output).toContain(`Warning: ${dataDir} was open to other users (mode 0755); it is now 0700`);
    expect(output).toContain(
      `Warning: ${join(dataDir, 'stepdown.db')} was open to other users (mode 0644); it is now 0600`,
    );
    expect(output).toContain(`Warning: ${join(dataDir, 'stepdown.db-wal')} was open to other users (mode 0666)`);
    expect(output).toContain(`Warning: ${join(dataDir, 'secret')} was open to other users (mode 0644)`);
  });
});

describe('the secret file', () => {
  it('stops start-up naming the file when it is empty or too short', async () => {
    const dataDir = tempDataDir();
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const secret = join(dataDir, 'secret');
    for (const [content, words] of [
      ['', 'is empty'],
      ['\n', 'is empty'],
      ['c2hvcnQ\n', 'is too short'],
    ] as const) {
      writeFileSync(secret, content, { mode: 0o600 });
      const result = await runStepdown(['serve'], { env: { STEPDOWN_DATA_DIR: dataDir, PORT: '0' } });
      expect({ code: result.code, stderr: result.stderr }).toMatchObject({ code: 2 });
      expect(result.stderr).toContain(secret);
      expect(result.stderr).toContain(words);
      expect(result.stderr).not.toMatch(/\n\s+at \S+/);
      // Never replaced behind the operator's back.
      expect(readFileSync(secret, 'utf8')).toBe(content);
    }
  });

  it('is written whole or not at all: a full disk at first start leaves no secret, and the next start makes a good one', async () => {
    const disk = mountSmallDisk('64k');
    cleanups.push(() => disk.remove());
    const database = tempDataDir();
    cleanups.push(() => rmSync(database, { recursive: true, force: true }));
    const env = { STEPDOWN_DATA_DIR: disk.path, DATABASE_URL: `sqlite:${join(database, 'stepdown.db')}`, PORT: '0' };
    disk.fill();
    const refused = await runStepdown(['serve'], { env });
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain(join(disk.path, 'secret'));
    expect(refused.stderr).not.toMatch(/\n\s+at \S+/);
    // Nothing under the secret's name, and no temporary file left behind.
    expect(readdirSync(disk.path).sort()).toEqual(['filler']);

    disk.free();
    const serve = await startServe(env);
    cleanups.push(() => serve.stop('SIGTERM'));
    const written = readFileSync(join(disk.path, 'secret'), 'utf8').trim();
    expect(Buffer.from(written, 'base64url').length).toBe(32);
    expect(readdirSync(disk.path).sort()).toEqual(['secret']);
  });
});

describe('a zero-length database file', () => {
  it('stops start-up naming it, and is never seeded as a fresh install', async () => {
    const dataDir = tempDataDir();
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const file = join(dataDir, 'stepdown.db');
    writeFileSync(file, '');
    for (const command of [['serve'], ['migrate'], ['migrate', '--status']]) {
      const result = await runStepdown(command, { env: { STEPDOWN_DATA_DIR: dataDir, PORT: '0' }, timeoutMs: 30_000 });
      expect({ command, code: result.code, stderr: result.stderr }).toMatchObject({ code: 2 });
      expect(result.stderr).toContain(`${file} is empty (0 bytes)`);
      expect(result.stderr).not.toMatch(/\n\s+at \S+/);
      expect(statSync(file).size).toBe(0);
    }
    expect(existsSync(`${file}-wal`)).toBe(false);
  }, 120_000);
});

/** The rows of every table: what a refused write must leave as it was. */
async function rowCounts(server: TestServer): Promise<Record<string, number>> {
  const db = server.database.handle.db;
  const counts: Record<string, number> = {};
  for (const table of [
    'organizations',
    'users',
    'clients',
    'assessments',
    'assessment_versions',
    'audit_events',
    'consents',
    'plans',
    'programs',
  ]) {
    const row = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(db);
    counts[table] = Number(row.rows[0]?.n);
  }
  return counts;
}

describe.each(testDialects())('every write on a full disk is a 503 with nothing half-saved (%s)', (dialect) => {
  let server: TestServer;
  let disk: SmallDisk | undefined;
  let database: TestDatabase;

  /** The disk fills: a real full tmpfs under SQLite; under PostgreSQL, the error it reports when its disk fills. */
  async function fillDisk(): Promise<void> {
    const db = server.database.handle.db;
    if (dialect === 'sqlite') {
      await server.database.handle.settled();
      // An empty -wal: every write now needs new space on the disk.
      await sql`pragma wal_checkpoint(TRUNCATE)`.execute(db);
      disk?.fill();
      return;
    }
    await sql`create function stepdown_test_disk_full() returns trigger language plpgsql as $$
      begin raise exception 'could not extend file: No space left on device' using errcode = 'disk_full'; end $$`.execute(
      db,
    );
    await sql`create trigger stepdown_test_disk_full before insert or update on audit_events
      for each statement execute function stepdown_test_disk_full()`.execute(db);
  }

  async function freeDisk(): Promise<void> {
    if (dialect === 'sqlite') {
      disk?.free();
      return;
    }
    await sql`drop trigger stepdown_test_disk_full on audit_events`.execute(server.database.handle.db);
  }

  afterEach(async () => {
    await server.close();
    await database.drop();
    disk?.remove();
    disk = undefined;
  });

  it('answers 503 for each write, keeps every table as it was, and works again once there is room', async () => {
    if (dialect === 'sqlite') {
      disk = mountSmallDisk('8m');
      const path = join(disk.path, 'stepdown.db');
      const handle = openDatabase({ kind: 'sqlite', path }, { groupCommit: true });
      await migrateToLatest(handle);
      database = { handle, url: `sqlite:${path}`, drop: () => handle.close() };
    } else {
      database = await createTestDatabase('postgres');
    }
    server = await startTestServer(dialect, {}, database);
    const org = await server.addOrganization();
    const admin = await signIn(server, (await server.addUser(org, 'admin')).email);
    const client = await expectJson<{ id: string }>(
      await admin.request('POST', '/api/v1/clients', { displayName: 'Saved Before' }),
      201,
    );
    const before = await rowCounts(server);

    await fillDisk();
    const writes: Array<[string, string, unknown]> = [
      ['POST', '/api/v1/clients', { displayName: 'Never Saved' }],
      ['PATCH', `/api/v1/clients/${client.id}`, { displayName: 'Never Renamed' }],
      ['POST', `/api/v1/clients/${client.id}/assessments`, assessmentDocument()],
      ['PATCH', '/api/v1/organization', { phone: '555-0100' }],
      [
        'POST',
        '/api/v1/users',
        {
          email: 'never@example.org',
          displayName: 'Never',
          role: 'clinician',
          password: 'a long enough passphrase here',
        },
      ],
      ['POST', `/api/v1/clients/${client.id}/archive`, undefined],
    ];
    for (const [method, path, body] of writes) {
      const response = await admin.request(method, path, body);
      const problem = await expectProblem(response, 503, 'unavailable');
      expect(`${method} ${path}: ${problem.detail}`).toMatch(/: .*Nothing was saved/);
    }
    await freeDisk();

    expect(await rowCounts(server)).toEqual(before);
    const saved = await expectJson<{ displayName: string; archivedAt: string | null }>(
      await admin.request('GET', `/api/v1/clients/${client.id}`),
      200,
    );
    expect(saved).toMatchObject({ displayName: 'Saved Before', archivedAt: null });
    expect((await admin.request('POST', '/api/v1/clients', { displayName: 'Saved After' })).status).toBe(201);
  });
});
