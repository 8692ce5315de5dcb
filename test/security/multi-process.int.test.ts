/**
 * Several server processes on one database behave as one (issue 12, item 7). Two real `stepdown
 * serve` processes share a database, behind one public name as a load balancer would put them: a
 * CDS token used on one is refused on the other and after a restart (the replay list lived in each
 * process's memory, so a used token worked again); CDS answers are `no-store`; a directory change
 * made through one process is in the other's matching within a second.
 *
 * Sign-in counts as one across them too: wrong passwords sent to both lock the account on both,
 * and the per-address sign-in limit counts the attempts made on either (both kept in the database).
 */
import { request as httpRequest } from 'node:http';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/server/auth/passwords.js';
import { MAX_FAILED_SIGN_INS } from '../../src/server/services/auth.js';
import { insertOrganization } from '../../src/storage/organizations.js';
import { insertUser } from '../../src/storage/users.js';
import { ensureProgram } from '../fixtures/programs.js';
import { CDS_SERVICE_PATH, EHR_CLIENTS_FILE, cdsFeedback, ehrToken } from '../support/cds.js';
import { type ServeProcess, startServe, tempDataDir } from '../support/cli.js';
import { createTestDatabase, type TestDatabase, testDialects } from '../support/databases.js';

/** The one name both processes are reached by (a load balancer's), so a token's audience fits both. */
const PUBLIC_HOST = 'stepdown.example';
const FEEDBACK_PATH = `${CDS_SERVICE_PATH}/feedback`;
const PASSWORD = 'a passphrase for the two processes';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** A request to one process as if through the public name (fetch cannot set Host). */
function call(
  process: ServeProcess,
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const url = new URL(process.url);
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        method,
        path,
        headers: {
          host: PUBLIC_HOST,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...options.headers,
        },
        agent: false,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function feedbackWith(process: ServeProcess, token: string): Promise<Answer> {
  return call(process, 'POST', FEEDBACK_PATH, { body: cdsFeedback(), headers: { authorization: `Bearer ${token}` } });
}

describe.each(testDialects())('two server processes on one database behave as one (%s)', (dialect) => {
  let database: TestDatabase;
  let dataDir: string;
  let env: Record<string, string>;
  let first: ServeProcess;
  let second: ServeProcess;
  let adminEmail: string;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    const db = database.handle.db;
    const now = new Date().toISOString();
    const org = await insertOrganization(db, { name: 'Two Process Clinic', now });
    adminEmail = 'admin@two-process.example';
    await insertUser(db, {
      organizationId: org.id,
      email: adminEmail,
      displayName: 'Admin',
      role: 'admin',
      passwordHash: await hashPassword(PASSWORD),
      now,
    });
    await insertUser(db, {
      organizationId: org.id,
      email: 'guessed@two-process.example',
      displayName: 'Guessed',
      role: 'clinician',
      passwordHash: await hashPassword(PASSWORD),
      now,
    });
    await ensureProgram(db);
    await database.handle.settled();
    dataDir = tempDataDir();
    env = {
      DATABASE_URL: database.url,
      STEPDOWN_DATA_DIR: dataDir,
      STEPDOWN_SECRET: 'one-secret-shared-by-both-processes-0123456789',
      STEPDOWN_CDS_CLIENTS: EHR_CLIENTS_FILE,
      // The one address users and EHRs are given: the CDS audience comes from it.
      STEPDOWN_PUBLIC_URL: `http://${PUBLIC_HOST}`,
      STEPDOWN_SEED_DEMO: 'false',
      LOG_LEVEL: 'silent',
      PORT: '0',
    };
    [first, second] = await Promise.all([startServe(env), startServe(env)]);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([first?.stop('SIGTERM'), second?.stop('SIGTERM')]);
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses a CDS token on the other process and after a restart, and answers no-store', async () => {
    const audience = `http://${PUBLIC_HOST}${FEEDBACK_PATH}`;
    const token = ehrToken(audience);
    const accepted = await feedbackWith(first, token);
    expect({ status: accepted.status, text: accepted.text }).toMatchObject({ status: 200 });
    expect(accepted.headers['cache-control']).toBe('no-store');

    const replayed = await feedbackWith(second, token);
    expect(replayed.status).toBe(401);
    expect(replayed.text).toMatch(/used before/);
    expect(replayed.headers['cache-control']).toBe('no-store');

    // The first process restarts: its memory is gone, the database remembers.
    await first.stop('SIGTERM');
    first = await startServe(env);
    const afterRestart = await feedbackWith(first, token);
    expect(afterRestart.status).toBe(401);
    expect(afterRestart.text).toMatch(/used before/);
    // A fresh token still works on either.
    expect((await feedbackWith(second, ehrToken(audience))).status).toBe(200);
    expect((await feedbackWith(first, ehrToken(audience))).status).toBe(200);

    const discovery = await call(second, 'GET', '/cds-services');
    expect(discovery.status).toBe(200);
    expect(discovery.headers['cache-control']).toBe('no-store');
  }, 120_000);

  it('shows a directory change made through one process in the other’s matching within a second', async () => {
    const signIn = await call(first, 'POST', '/api/v1/auth/sign-in', {
      body: { email: adminEmail, password: PASSWORD },
    });
    expect({ status: signIn.status, text: signIn.text }).toMatchObject({ status: 200 });
    const cookie = String(signIn.headers['set-cookie'] ?? '').split(';')[0] ?? '';
    const { csrfToken } = JSON.parse(signIn.text) as { csrfToken: string };
    const nearby = '/api/v1/programs?setting=iop&lat=42.3647&lon=-71.1042&radiusMiles=5';
    const names = async (process: ServeProcess) =>
      (JSON.parse((await call(process, 'GET', nearby)).text) as { items: Array<{ name: string }> }).items.map(
        (item) => item.name,
      );
    // The second process has built its matching index before the change.
    const before = await names(second);

    const created = await call(first, 'POST', '/api/v1/programs', {
      headers: { cookie, 'x-csrf-token': csrfToken },
      body: {
        name: 'Two Process Evening IOP',
        setting: 'iop',
        location: {
          street1: '2 Main Street',
          city: 'Cambridge',
          state: 'MA',
          zip: '02139',
          lat: 42.3648,
          lon: -71.1043,
        },
      },
    });
    expect({ status: created.status, text: created.text }).toMatchObject({ status: 201 });
    const madeAt = Date.now();
    let seen: string[] = before;
    while (!seen.includes('Two Process Evening IOP') && Date.now() - madeAt < 1000) {
      seen = await names(second);
    }
    expect(seen).toContain('Two Process Evening IOP');
    expect(Date.now() - madeAt).toBeLessThan(1000);
  }, 60_000);

  it('locks an account guessed at through both processes, and limits an address across them', async () => {
    const signInAt = (process: ServeProcess, email: string, password: string) =>
      call(process, 'POST', '/api/v1/auth/sign-in', { body: { email, password } });
    // Wrong passwords, alternating: neither process alone sees enough to lock the account.
    for (let i = 0; i < MAX_FAILED_SIGN_INS; i++) {
      const wrong = await signInAt(i % 2 === 0 ? first : second, 'guessed@two-process.example', `wrong guess ${i}`);
      expect(wrong.status).toBe(401);
    }
    for (const process of [first, second]) {
      const right = await signInAt(process, 'guessed@two-process.example', PASSWORD);
      expect({ status: right.status, text: right.text }).toMatchObject({ status: 401 });
    }
    // The address limit (10 sign-ins a minute) counts what both processes saw: the one sign-in of
    // the test before and the seven above already count, so the limit answers within four more.
    // Counted per process, neither would have reached it.
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      statuses.push(
        (await signInAt(i % 2 === 0 ? first : second, 'nobody@two-process.example', 'whatever it is')).status,
      );
    }
    expect(statuses).toContain(429);
  }, 60_000);
});
