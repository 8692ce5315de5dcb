/**
 * Two admins creating a user with the same email at the same moment: one is created, the other is
 * told the email is taken (409 naming `email`), never a 500. A look-up before the insert cannot see
 * a creation that has not committed yet; the unique email can, on both engines.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listUsers } from '../../src/storage/users.js';
import { testDialects } from '../support/databases.js';
import { expectJson, expectProblem } from '../support/http.js';
import { type Session, signIn, startTestServer, type TestServer } from '../support/server.js';

/**
 * Runs `race` while PostgreSQL holds every creation just before its commit (its audit event waits
 * on a table lock), until both creations are inside their transactions at once: the first holding
 * the new email uncommitted, the second waiting on it. Then lets them go. SQLite has one
 * connection per server and needs no help: the second insert meets the first in the same file.
 */
async function whileBothInFlight<T>(server: TestServer, race: () => Promise<T>): Promise<T> {
  if (server.database.handle.dialect !== 'postgres') return race();
  const blocker = new pg.Client({ connectionString: server.database.url });
  await blocker.connect();
  try {
    await blocker.query('begin');
    await blocker.query('lock table audit_events in share row exclusive mode');
    const raced = race();
    for (let waited = 0; ; waited += 1) {
      // Statistics are read once per transaction unless the snapshot is cleared.
      await blocker.query('select pg_stat_clear_snapshot()');
      const { rows } = await blocker.query<{ n: number }>(
        "select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'",
      );
      if ((rows[0]?.n ?? 0) >= 2) break;
      if (waited > 500) throw new Error('the two creations never met in the database');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await blocker.query('commit');
    return await raced;
  } finally {
    await blocker.end();
  }
}

describe.each(testDialects())('creating users on %s', (dialect) => {
  let server: TestServer;
  let first: Session;
  let second: Session;
  beforeAll(async () => {
    server = await startTestServer(dialect);
    const org = await server.addOrganization();
    first = await signIn(server, (await server.addUser(org, 'admin')).email);
    second = await signIn(server, (await server.addUser(org, 'admin')).email);
  });
  afterAll(async () => {
    await server.close();
  });

  it('answers one of two simultaneous creations of an email with 409 naming email, not 500', async () => {
    const create = (session: Session, email: string) =>
      session.request('POST', '/api/v1/users', {
        email,
        displayName: 'Jordan Vale',
        role: 'clinician',
        password: 'a long enough password',
      });
    const responses = await whileBothInFlight(server, () =>
      Promise.all([create(first, 'jordan.vale@example.org'), create(second, 'Jordan.Vale@Example.org')]),
    );
    expect(responses.map((response) => response.status).sort()).toEqual([201, 409]);
    const created = responses.find((response) => response.status === 201) as Response;
    const refused = responses.find((response) => response.status === 409) as Response;
    expect(await expectJson<{ email: string }>(created, 201)).toMatchObject({ email: 'jordan.vale@example.org' });
    const problem = await expectProblem(refused, 409, 'conflict');
    expect(problem.errors).toEqual([{ in: 'body', path: 'email', message: 'already in use' }]);

    const listed = await expectJson<{ items: Array<{ email: string }> }>(
      await first.request('GET', '/api/v1/users'),
      200,
    );
    expect(listed.items.filter((user) => user.email === 'jordan.vale@example.org')).toHaveLength(1);
    // The refused creation left no trace: one user.create event, for the user that exists.
    const events = await expectJson<{ items: Array<{ action: string; outcome: string }> }>(
      await first.request('GET', '/api/v1/audit-events?action=user.create'),
      200,
    );
    expect(events.items.map((event) => event.outcome)).toEqual(['success']);
  });

  it('refuses an email already in use the same way, in any case', async () => {
    const again = await expectProblem(
      await second.request('POST', '/api/v1/users', {
        email: 'JORDAN.VALE@example.org',
        displayName: 'Jordan Again',
        role: 'admin',
        password: 'a long enough password',
      }),
      409,
      'conflict',
    );
    expect(again.errors).toEqual([{ in: 'body', path: 'email', message: 'already in use' }]);
  });
});

describe.each(testDialects())('an organisation keeps an admin who can sign in, on %s', (dialect) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(dialect);
  });
  afterAll(async () => {
    await server.close();
  });

  const twoAdmins = async () => {
    const org = await server.addOrganization();
    const [a, b] = [await server.addUser(org, 'admin'), await server.addUser(org, 'admin')];
    return { org, a, b, asA: await signIn(server, a.email), asB: await signIn(server, b.email) };
  };
  const adminsWhoCanSignIn = async (organizationId: string) =>
    (await listUsers(server.database.handle.db, organizationId)).filter(
      (user) => user.role === 'admin' && !user.disabled,
    );

  it('refuses an admin disabling their own account, saying why', async () => {
    const { a, asA } = await twoAdmins();
    const problem = await expectProblem(
      await asA.request('PATCH', `/api/v1/users/${a.id}`, { disabled: true }),
      409,
      'conflict',
    );
    expect(problem.detail).toMatch(/your own account: another admin must, so the clinic always keeps an admin/);
  });

  for (const [what, patch] of [
    ['disable', { disabled: true }],
    ['demote', { role: 'clinician' }],
  ] as const) {
    it(`lets only one of two admins who ${what} each other at the same moment succeed (409 for the other)`, async () => {
      const { org, a, b, asA, asB } = await twoAdmins();
      const responses = await whileBothInFlight(server, () =>
        Promise.all([
          asA.request('PATCH', `/api/v1/users/${b.id}`, patch),
          asB.request('PATCH', `/api/v1/users/${a.id}`, patch),
        ]),
      );
      expect(await adminsWhoCanSignIn(org.id)).toHaveLength(1);
      const statuses = responses.map((response) => response.status).sort();
      expect(statuses[0]).toBe(200);
      const refused = responses.find((response) => response.status !== 200) as Response;
      // When one change lands before the other request is authorised, that admin's session is gone
      // (401) or they are no longer an admin (403); otherwise the change is refused with the reason.
      if (refused.status === 401 || refused.status === 403) return;
      const problem = await expectProblem(refused, 409, 'conflict');
      expect(problem.detail).toMatch(/no admin who can sign in/);
    });
  }
});
