/**
 * With SQLite group commit the server answers only once a request's changes are durable. When the
 * batch holding them cannot commit, the caller gets a 503 problem, never a success for a change
 * that is not there. The failure is real: a deferred foreign key, checked by SQLite at commit,
 * broken by a trigger on every audit event.
 */
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { expectJson, expectProblem } from '../support/http.js';
import { signIn, startTestServer, type TestServer } from '../support/server.js';

describe('acknowledged means committed (SQLite group commit)', () => {
  let server: TestServer;
  afterEach(async () => {
    await server.close();
  });

  const db = () => server.database.handle.db;

  it('answers 503, saves nothing, and recovers when a batch cannot commit', async () => {
    server = await startTestServer('sqlite');
    const session = await signIn(server, (await server.addUser(await server.addOrganization(), 'clinician')).email);
    expect((await session.request('POST', '/api/v1/clients', { displayName: 'Saved Before' })).status).toBe(201);
    await sql`create table commit_breaker_owner (id integer primary key)`.execute(db());
    await sql`create table commit_breaker (owner integer references commit_breaker_owner (id) deferrable initially deferred)`.execute(
      db(),
    );
    await sql`create trigger break_commits after insert on audit_events begin insert into commit_breaker (owner) values (-1); end`.execute(
      db(),
    );
    await server.database.handle.settled();

    const create = await session.request('POST', '/api/v1/clients', { displayName: 'Never Saved' });
    const problem = await expectProblem(create, 503, 'unavailable');
    expect(problem.detail).toMatch(/Nothing was saved/);
    // A read of client data writes its audit event, so it cannot be answered either.
    await expectProblem(await session.request('GET', '/api/v1/clients'), 503, 'unavailable');

    await sql`drop trigger break_commits`.execute(db());
    await server.database.handle.settled();
    const list = await expectJson<{ items: Array<{ displayName: string }> }>(
      await session.request('GET', '/api/v1/clients'),
      200,
    );
    expect(list.items.map((client) => client.displayName)).toEqual(['Saved Before']);
    const saved = await session.request('POST', '/api/v1/clients', { displayName: 'Saved Later' });
    expect(saved.status).toBe(201);
  });
});
