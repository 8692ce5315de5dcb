/**
 * Referrals over real HTTP on SQLite and PostgreSQL: a clinician refers a client to a program and
 * follows it to the first session; the status moves only forward; another organisation sees
 * nothing (404, audited as denied); every read and change is audited against the client.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAuditEventsOfClient } from '../../src/storage/audit.js';
import { ensureProgram, programFixture } from '../fixtures/programs.js';
import { testDialects } from '../support/databases.js';
import { expectJson, expectProblem, send } from '../support/http.js';
import { type Session, signIn, startTestServer, type TestServer } from '../support/server.js';

interface ReferralBody {
  id: string;
  clientId: string;
  program: { id: string; name: string; setting: string };
  status: string;
  history: Array<{ status: string; changedBy: string }>;
  nextStatuses: string[];
}

describe.each(testDialects())('referrals over HTTP on %s', (dialect) => {
  let server: TestServer;
  let clinician: Session;
  let clinicianId: string;
  let outsider: Session;
  let clientId: string;
  const program = programFixture({ name: 'Referral Evening IOP' });

  beforeAll(async () => {
    server = await startTestServer(dialect);
    const org = await server.addOrganization();
    const user = await server.addUser(org, 'clinician');
    clinicianId = user.id;
    clinician = await signIn(server, user.email);
    outsider = await signIn(server, (await server.addUser(await server.addOrganization(), 'clinician')).email);
    await ensureProgram(server.database.handle.db, program);
    clientId = (
      await expectJson<{ id: string }>(
        await send(server, clinician, 'POST', '/api/v1/clients', { json: { displayName: 'Robin Referred' } }),
        201,
      )
    ).id;
  });
  afterAll(async () => {
    await server.close();
  });

  it('refers a client and follows the referral to the first session, with its history', async () => {
    const created = await expectJson<ReferralBody>(
      await send(server, clinician, 'POST', `/api/v1/clients/${clientId}/referrals`, {
        json: { programId: program.id },
      }),
      201,
    );
    expect(created).toMatchObject({
      clientId,
      program: { id: program.id, name: 'Referral Evening IOP', setting: 'iop' },
      status: 'sent',
      nextStatuses: ['accepted', 'declined'],
    });
    for (const status of ['accepted', 'first-session-attended']) {
      const moved = await expectJson<ReferralBody>(
        await send(server, clinician, 'PATCH', `/api/v1/referrals/${created.id}`, { json: { status } }),
        200,
      );
      expect(moved.status).toBe(status);
    }
    const list = await expectJson<{ items: ReferralBody[] }>(
      await send(server, clinician, 'GET', `/api/v1/clients/${clientId}/referrals`),
      200,
    );
    const [only] = list.items.filter((item) => item.id === created.id);
    expect(only?.history.map((change) => [change.status, change.changedBy])).toEqual([
      ['sent', clinicianId],
      ['accepted', clinicianId],
      ['first-session-attended', clinicianId],
    ]);
    expect(only?.nextStatuses).toEqual([]);

    const final = await expectProblem(
      await send(server, clinician, 'PATCH', `/api/v1/referrals/${created.id}`, { json: { status: 'declined' } }),
      409,
      'conflict',
    );
    expect(final.detail).toBe('This referral is first session attended and can no longer change.');
  });

  it('refuses a status the referral cannot move to, naming the ones it can', async () => {
    // A minute after the last referral to this program: a new referral, not a repeat of it.
    server.advance(61_000);
    const created = await expectJson<ReferralBody>(
      await send(server, clinician, 'POST', `/api/v1/clients/${clientId}/referrals`, {
        json: { programId: program.id },
      }),
      201,
    );
    const problem = await expectProblem(
      await send(server, clinician, 'PATCH', `/api/v1/referrals/${created.id}`, {
        json: { status: 'first-session-attended' },
      }),
      409,
      'conflict',
    );
    expect(problem.detail).toBe('A referral that is sent can only become accepted or declined.');
    const refused = await server.database.handle.db
      .selectFrom('audit_events')
      .select(['action', 'outcome', 'client_id'])
      .where('resource_id', '=', created.id)
      .orderBy('seq')
      .execute();
    expect(refused).toEqual([
      { action: 'referral.create', outcome: 'success', client_id: clientId },
      { action: 'referral.update', outcome: 'failure', client_id: clientId },
    ]);
    const bad = await expectProblem(
      await send(server, clinician, 'PATCH', `/api/v1/referrals/${created.id}`, { json: { status: 'lost' } }),
      400,
      'invalid_input',
    );
    expect(bad.errors?.[0]?.path).toBe('status');
    const noProgram = await expectProblem(
      await send(server, clinician, 'POST', `/api/v1/clients/${clientId}/referrals`, {
        json: { programId: '00000000-0000-4000-8000-000000000000' },
      }),
      400,
      'invalid_input',
    );
    expect(noProgram.errors).toEqual([{ in: 'body', path: 'programId', message: 'no program has this id' }]);
  });

  it('hides referrals from another organisation, and audits every read and change', async () => {
    // A minute after the last referral to this program: a new referral, not a repeat of it.
    server.advance(61_000);
    const created = await expectJson<ReferralBody>(
      await send(server, clinician, 'POST', `/api/v1/clients/${clientId}/referrals`, {
        json: { programId: program.id },
      }),
      201,
    );
    await expectProblem(await send(server, outsider, 'GET', `/api/v1/clients/${clientId}/referrals`), 404, 'not_found');
    await expectProblem(
      await send(server, outsider, 'POST', `/api/v1/clients/${clientId}/referrals`, {
        json: { programId: program.id },
      }),
      404,
      'not_found',
    );
    await expectProblem(
      await send(server, outsider, 'PATCH', `/api/v1/referrals/${created.id}`, { json: { status: 'declined' } }),
      404,
      'not_found',
    );
    await expectJson(await send(server, clinician, 'GET', `/api/v1/clients/${clientId}/referrals`), 200);

    const events = await listAuditEventsOfClient(server.database.handle.db, clientId);
    const actions = events.map((event) => `${event.action}:${event.outcome}`);
    expect(actions.filter((action) => action === 'referral.create:success').length).toBe(3);
    expect(actions).toContain('referral.update:success');
    expect(actions.at(-1)).toBe('referral.list:success');
    const denied = await server.database.handle.db
      .selectFrom('audit_events')
      .select(['action', 'resource_type', 'resource_id', 'client_id'])
      .where('outcome', '=', 'denied')
      .where('action', 'like', 'referral.%')
      .orderBy('seq')
      .execute();
    // Each attempt twice: in the outsider's log without a client, and in the clinic's log naming it.
    expect(denied).toEqual([
      { action: 'referral.list', resource_type: 'client', resource_id: clientId, client_id: null },
      { action: 'referral.list', resource_type: 'client', resource_id: clientId, client_id: clientId },
      { action: 'referral.create', resource_type: 'client', resource_id: clientId, client_id: null },
      { action: 'referral.create', resource_type: 'client', resource_id: clientId, client_id: clientId },
      { action: 'referral.update', resource_type: 'referral', resource_id: created.id, client_id: null },
      { action: 'referral.update', resource_type: 'referral', resource_id: created.id, client_id: clientId },
    ]);
  });
});
