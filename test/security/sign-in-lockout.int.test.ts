/**
 * Finding (issue 12, high): the account lockout lost to parallel guesses. The lock was read before
 * the ~20 ms password check and decided on that old value, so guesses still being checked did not
 * stop the right password sent just after them, and its success then cleared the lock.
 *
 * Now each attempt is counted on arrival, in the database, before its password is checked: once the
 * threshold is reached every later attempt is refused whatever its password, however many arrive at
 * once, directly or through a trusted proxy (where each attempt can come from its own address).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LOCKOUT_MS, MAX_FAILED_SIGN_INS } from '../../src/server/services/auth.js';
import { findCredentialsByEmail } from '../../src/storage/users.js';
import { createTestDatabase, type TestDatabase, testDialects } from '../support/databases.js';
import { expectProblem } from '../support/http.js';
import { capturedLog, startTestServer, TEST_PASSWORD, type TestServer } from '../support/server.js';

function attempt(server: TestServer, email: string, password: string, forwardedFor?: string): Promise<Response> {
  return fetch(`${server.baseUrl}/api/v1/auth/sign-in`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor }),
    },
    body: JSON.stringify({ email, password }),
  });
}

/**
 * Waits until the server has logged the arrival of `count` sign-in requests and the account shows
 * the lock they bring: the threshold is reached while their password checks may still be running.
 */
async function arrivals(server: TestServer, log: () => string, count: number, userId: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  const arrived = () =>
    log()
      .split('\n')
      .filter((line) => line.includes('"incoming request"')).length;
  const locked = async () =>
    (
      await server.database.handle.db
        .selectFrom('users')
        .select('locked_until')
        .where('id', '=', userId)
        .executeTakeFirstOrThrow()
    ).locked_until !== null;
  while (arrived() < count || !(await locked())) {
    if (Date.now() > deadline) throw new Error(`only ${arrived()} of ${count} sign-in attempts arrived and counted`);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

describe.each(testDialects())('sign-in lockout under parallel guessing on %s', (dialect) => {
  let database: TestDatabase;
  let server: TestServer;
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
  });
  afterAll(async () => {
    await database.drop();
  });
  afterEach(async () => {
    await server.close();
  });

  for (const [parallel, proxied] of [
    [10, false],
    [30, true],
  ] as const) {
    it(`refuses ${parallel} parallel right-password attempts sent while the wrong guesses before them are still being checked${proxied ? ', through a trusted proxy' : ''}`, async () => {
      const log = capturedLog();
      server = await startTestServer(
        dialect,
        { logLevel: 'info', logStream: log.stream, ...(proxied ? { trustProxy: ['127.0.0.1'] } : {}) },
        database,
      );
      const user = await server.addUser(await server.addOrganization(), 'clinician');
      // Through the proxy each attempt comes from its own address, so no per-address limit helps.
      const from = (n: number) => (proxied ? `198.51.100.${n + 1}` : undefined);

      const wrong = Array.from({ length: MAX_FAILED_SIGN_INS }, (_, n) =>
        attempt(server, user.email, `wrong guess ${n}`, from(n)),
      );
      await arrivals(server, () => log.text(), MAX_FAILED_SIGN_INS, user.id);
      const right = Array.from({ length: parallel }, (_, n) =>
        attempt(server, user.email, TEST_PASSWORD, from(100 + n)),
      );
      const answers = await Promise.all([...wrong, ...right]);
      const statuses = answers.map((answer) => answer.status);
      for (const answer of answers) await answer.arrayBuffer();
      expect(statuses.filter((status) => status === 200)).toEqual([]);
      if (proxied) expect(statuses).toEqual(statuses.map(() => 401));

      // Locked, and the lock holds for its full time: the right password is still refused.
      const credentials = await findCredentialsByEmail(server.database.handle.db, user.email);
      expect(Date.parse(credentials?.lockedUntil ?? '')).toBeGreaterThan(server.now().getTime() + LOCKOUT_MS - 60_000);
      server.advance(LOCKOUT_MS - 60_000);
      await expectProblem(await attempt(server, user.email, TEST_PASSWORD, from(250)), 401, 'invalid_credentials');
      server.advance(2 * 60_000);
      expect((await attempt(server, user.email, TEST_PASSWORD, from(251))).status).toBe(200);
    });
  }

  it('refuses 10 and 30 parallel right-password attempts after the threshold, directly and through a trusted proxy', async () => {
    server = await startTestServer(dialect, { trustProxy: ['127.0.0.1'] }, database);
    const user = await server.addUser(await server.addOrganization(), 'clinician');
    for (let n = 0; n < MAX_FAILED_SIGN_INS; n += 1) {
      await expectProblem(
        await attempt(server, user.email, `wrong ${n}`, `203.0.113.${n + 1}`),
        401,
        'invalid_credentials',
      );
    }
    const direct = await Promise.all(Array.from({ length: 10 }, () => attempt(server, user.email, TEST_PASSWORD)));
    const proxied = await Promise.all(
      Array.from({ length: 30 }, (_, n) => attempt(server, user.email, TEST_PASSWORD, `192.0.2.${n + 1}`)),
    );
    for (const answer of [...direct, ...proxied]) await answer.arrayBuffer();
    expect(direct.map((answer) => answer.status)).toEqual(direct.map(() => 401));
    expect(proxied.map((answer) => answer.status)).toEqual(proxied.map(() => 401));
  });

  it('counts attempts of one account across two servers on one database', async () => {
    server = await startTestServer(dialect, {}, database);
    const other = await startTestServer(dialect, {}, database);
    try {
      const user = await server.addUser(await server.addOrganization(), 'clinician');
      const answers = await Promise.all(
        Array.from({ length: MAX_FAILED_SIGN_INS }, (_, n) =>
          attempt(n % 2 === 0 ? server : other, user.email, `wrong ${n}`),
        ),
      );
      for (const answer of answers) await answer.arrayBuffer();
      await expectProblem(await attempt(other, user.email, TEST_PASSWORD), 401, 'invalid_credentials');
      await expectProblem(await attempt(server, user.email, TEST_PASSWORD), 401, 'invalid_credentials');
    } finally {
      await other.close();
    }
  });
});
