/**
 * Findings (issue 12, low): signing in while signed in left the old session valid; expired sessions
 * were never deleted (deleteStaleSessions was never called); sign-in on a full disk was a 500 where
 * other writes were 503. Now a sign-in ends the session it was sent with, a timer removes expired
 * sessions and ended rate-limit windows (and stops when the server closes), and a sign-in the
 * database cannot save is a 503 that leaves no session and no success behind. Both engines.
 */
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ABSOLUTE_TIMEOUT_MS } from '../../src/server/access.js';
import { newToken, sessionIdOf } from '../../src/server/auth/tokens.js';
import { insertSession } from '../../src/storage/sessions.js';
import { createTestDatabase, type TestDatabase, testDialects } from '../support/databases.js';
import { expectJson, expectProblem } from '../support/http.js';
import { signIn, startTestServer, TEST_PASSWORD, type TestServer } from '../support/server.js';

describe.each(testDialects())('sessions on %s', (dialect) => {
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

  const db = () => server.database.handle.db;
  const sessionCount = async (userId: string) =>
    Number(
      (
        await db()
          .selectFrom('sessions')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('user_id', '=', userId)
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('signing in again rotates the session: the cookie sent with it stops working', async () => {
    server = await startTestServer(dialect, {}, database);
    const user = await server.addUser(await server.addOrganization(), 'clinician');
    const otherDevice = await signIn(server, user.email);
    const first = await signIn(server, user.email);
    const again = await fetch(`${server.baseUrl}/api/v1/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: first.cookie, 'x-csrf-token': first.csrfToken },
      body: JSON.stringify({ email: user.email, password: TEST_PASSWORD }),
    });
    const body = await expectJson<{ csrfToken: string }>(again, 200);
    const cookie = (again.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect(cookie).not.toBe(first.cookie);
    expect(body.csrfToken).not.toBe(first.csrfToken);

    await expectProblem(await first.request('GET', '/api/v1/auth/session'), 401, 'unauthenticated');
    const current = await fetch(`${server.baseUrl}/api/v1/auth/session`, { headers: { cookie } });
    expect(current.status).toBe(200);
    await current.arrayBuffer();
    // A session on another device, not sent with the sign-in, is left alone.
    expect((await otherDevice.request('GET', '/api/v1/auth/session')).status).toBe(200);
    expect(await sessionCount(user.id)).toBe(2);
  });

  it('removes expired sessions and ended limits on a timer, which stops when the server closes', async () => {
    server = await startTestServer(dialect, { sweepIntervalMs: 50 }, database);
    const user = await server.addUser(await server.addOrganization(), 'clinician');
    await signIn(server, user.email);
    await signIn(server, user.email);
    expect(await sessionCount(user.id)).toBe(2);
    const limits = async () =>
      Number((await sql<{ n: number }>`select count(*) as n from rate_limits`.execute(db())).rows[0]?.n);
    expect(await limits()).toBeGreaterThan(0);

    server.advance(ABSOLUTE_TIMEOUT_MS + 60_000);
    const deadline = Date.now() + 5_000;
    while ((await sessionCount(user.id)) > 0 || (await limits()) > 0) {
      if (Date.now() > deadline) throw new Error('expired sessions were not removed within 5 s');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }

    // Closed: the timer no longer runs (the database stays open, shared by the suite).
    await server.close();
    const token = newToken();
    const stale = new Date(server.now().getTime() - ABSOLUTE_TIMEOUT_MS).toISOString();
    await insertSession(db(), {
      id: sessionIdOf(token, Buffer.from('any')),
      userId: user.id,
      csrfToken: newToken(),
      createdAt: stale,
      lastSeenAt: stale,
      expiresAt: stale,
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await sessionCount(user.id)).toBe(1);
    await db().deleteFrom('sessions').where('user_id', '=', user.id).execute();
    server = await startTestServer(dialect, {}, database);
  });

  it('answers 503 to a sign-in the database cannot save, leaving no session and no success behind', async () => {
    server = await startTestServer(dialect, {}, database);
    const user = await server.addUser(await server.addOrganization(), 'clinician');
    // A first attempt, so its per-address count already has a row.
    await expectProblem(
      await fetch(`${server.baseUrl}/api/v1/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: user.email, password: 'not the password' }),
      }),
      401,
      'invalid_credentials',
    );
    await server.database.handle.settled();
    const restore = await fillTheDisk(server, dialect);
    try {
      const answer = await fetch(`${server.baseUrl}/api/v1/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: user.email, password: TEST_PASSWORD }),
      });
      const problem = await expectProblem(answer, 503, 'unavailable');
      expect(problem.detail).toMatch(/Nothing was saved/);
      expect(answer.headers.getSetCookie()).toEqual([]);
    } finally {
      await restore();
    }
    expect(await sessionCount(user.id)).toBe(0);
    const successes = await db()
      .selectFrom('audit_events')
      .select('id')
      .where('action', '=', 'auth.sign-in')
      .where('actor_user_id', '=', user.id)
      .where('outcome', '=', 'success')
      .execute();
    expect(successes).toEqual([]);
    // With room again, the same sign-in works.
    const session = await signIn(server, user.email);
    expect((await session.request('GET', '/api/v1/auth/session')).status).toBe(200);
  });
});

/**
 * Makes the database refuse to grow: SQLite with a page limit at its current size (SQLITE_FULL, as
 * on a full disk); PostgreSQL with a trigger raising disk_full (53100) on new sessions and audit
 * events. Returns what undoes it.
 */
async function fillTheDisk(server: TestServer, dialect: 'sqlite' | 'postgres'): Promise<() => Promise<void>> {
  const db = server.database.handle.db;
  if (dialect === 'sqlite') {
    // Sessions of another user fill the sessions table's last page; at the page limit, the next
    // session has nowhere to go. Each is committed on its own, so the one that finds no room rolls
    // back only itself.
    const filler = await server.addUser(await server.addOrganization(), 'clinician');
    await server.database.handle.settled();
    const pages = Number((await sql<{ page_count: number }>`pragma page_count`.execute(db)).rows[0]?.page_count);
    await sql.raw(`pragma max_page_count = ${pages}`).execute(db);
    for (let n = 0; n < 1000; n += 1) {
      try {
        const stamp = server.now().toISOString();
        await insertSession(db, {
          id: newToken(),
          userId: filler.id,
          csrfToken: newToken(),
          createdAt: stamp,
          lastSeenAt: stamp,
          expiresAt: stamp,
        });
        await server.database.handle.settled();
      } catch {
        break;
      }
    }
    await server.database.handle.settled().catch(() => undefined);
    return async () => {
      await sql.raw('pragma max_page_count = 1073741823').execute(db);
      await db.deleteFrom('sessions').where('user_id', '=', filler.id).execute();
      await server.database.handle.settled();
    };
  }
  await sql`create or replace function stepdown_disk_full() returns trigger language plpgsql as $$
    begin raise exception 'could not extend file' using errcode = '53100'; end $$`.execute(db);
  await sql`create trigger disk_full_sessions before insert on sessions for each row execute function stepdown_disk_full()`.execute(
    db,
  );
  await sql`create trigger disk_full_audit before insert on audit_events for each row execute function stepdown_disk_full()`.execute(
    db,
  );
  return async () => {
    await sql`drop trigger disk_full_sessions on sessions`.execute(db);
    await sql`drop trigger disk_full_audit on audit_events`.execute(db);
    await sql`drop function stepdown_disk_full()`.execute(db);
  };
}
