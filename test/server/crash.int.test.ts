/**
 * Crash safety: a real `stepdown serve` child takes concurrent client-creating writes over HTTP and
 * is killed with SIGKILL in the middle of them, then restarted, several times. Every write it
 * acknowledged (201) must still be there, with its audit event, and the database must pass its
 * integrity check.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAuditEventsOfClient } from '../../src/storage/audit.js';
import { createTestDatabase, type TestDatabase, testDialects } from '../support/databases.js';
import { freePort, runStepdown, type ServeProcess, startServe, tempDataDir } from '../support/cli.js';

const ROUNDS = 3;
const WRITERS = 6;
const PASSWORD = 'crash test password';

interface Acknowledged {
  id: string;
  displayName: string;
}

async function signInTo(url: string): Promise<{ cookie: string; csrfToken: string }> {
  const response = await fetch(`${url}/api/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'writer@crash.example', password: PASSWORD }),
  });
  expect(response.status).toBe(200);
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return { cookie: (response.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '', csrfToken };
}

/**
 * Writers create clients until the server dies; the server is killed once enough writes have
 * been acknowledged and more are in flight. Returns what was acknowledged.
 */
async function writeUntilKilled(server: ServeProcess, round: number): Promise<Acknowledged[]> {
  const session = await signInTo(server.url);
  const acknowledged: Acknowledged[] = [];
  let alive = true;
  const killAfter = 20 + Math.floor(Math.random() * 40);
  let killed: Promise<number | null> | undefined;
  const writer = async (writerId: number) => {
    for (let i = 0; alive; i += 1) {
      const displayName = `Crash ${round}-${writerId}-${i}`;
      try {
        const response = await fetch(`${server.url}/api/v1/clients`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie: session.cookie, 'x-csrf-token': session.csrfToken },
          body: JSON.stringify({ displayName, externalRef: `R${round}-${writerId}-${i}` }),
        });
        if (response.status !== 201) throw new Error(`write answered ${response.status}: ${await response.text()}`);
        acknowledged.push({ id: ((await response.json()) as { id: string }).id, displayName });
      } catch (error) {
        if (!alive) return;
        throw error;
      }
      if (acknowledged.length >= killAfter && killed === undefined) {
        alive = false;
        killed = server.stop('SIGKILL');
      }
    }
  };
  const writers = Array.from({ length: WRITERS }, (_, writerId) => writer(writerId));
  await Promise.all(writers);
  expect(await killed).toBeNull();
  return acknowledged;
}

describe.each(testDialects())('crash safety on %s', (dialect) => {
  let database: TestDatabase;
  let dataDir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    database = await createTestDatabase(dialect, { migrate: false });
    dataDir = tempDataDir();
    env = {
      DATABASE_URL: database.url,
      STEPDOWN_DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      STEPDOWN_SEED_DEMO: 'false',
      HOST: '127.0.0.1',
    };
    const created = await runStepdown(
      [
        'users',
        'create',
        '--org',
        'Crash Clinic',
        '--new-org',
        '--email',
        'writer@crash.example',
        '--role',
        'clinician',
      ],
      { env, input: `${PASSWORD}\n` },
    );
    expect(created, created.stderr).toMatchObject({ code: 0 });
  });
  afterAll(async () => {
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(`keeps every acknowledged write through ${ROUNDS} kills mid-load`, async () => {
    const acknowledged: Acknowledged[] = [];
    for (let round = 1; round <= ROUNDS; round += 1) {
      const server = await startServe({ ...env, PORT: String(await freePort()) });
      const ready = await fetch(`${server.url}/readyz`);
      expect(ready.status, `round ${round}: ${await ready.text()}`).toBe(200);
      const written = await writeUntilKilled(server, round);
      expect(written.length).toBeGreaterThanOrEqual(20);
      acknowledged.push(...written);
    }

    const server = await startServe({ ...env, PORT: String(await freePort()) });
    try {
      expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
      const session = await signInTo(server.url);
      // Spot checks over HTTP, then every write in the database itself.
      for (const write of acknowledged.slice(0, 5).concat(acknowledged.slice(-5))) {
        const response = await fetch(`${server.url}/api/v1/clients/${write.id}`, {
          headers: { cookie: session.cookie },
        });
        expect(response.status).toBe(200);
        expect(((await response.json()) as { displayName: string }).displayName).toBe(write.displayName);
      }
    } finally {
      expect(await server.stop('SIGTERM')).toBe(0);
    }

    const db = database.handle.db;
    const stored = new Map<string, string>();
    const ids = acknowledged.map((write) => write.id);
    for (let start = 0; start < ids.length; start += 200) {
      const rows = await db
        .selectFrom('clients')
        .select(['id', 'display_name'])
        .where('id', 'in', ids.slice(start, start + 200))
        .execute();
      for (const row of rows) stored.set(row.id, row.display_name);
    }
    const lost = acknowledged.filter((write) => stored.get(write.id) !== write.displayName);
    expect(lost).toEqual([]);
    // The audit event was written in the same transaction: no acknowledged write lacks it.
    const unaudited: string[] = [];
    for (const write of acknowledged) {
      const actions = (await listAuditEventsOfClient(db, write.id)).map((event) => event.action);
      if (actions.filter((action) => action === 'client.create').length !== 1) {
        unaudited.push(`${write.id}: ${actions.join()}`);
      }
    }
    expect(unaudited).toEqual([]);
    expect(await database.handle.integrityCheck()).toEqual([]);
  }, 180_000);
});
