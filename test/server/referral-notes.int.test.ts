/**
 * Referrals, second part, over HTTP on SQLite and PostgreSQL: creation is idempotent (a double
 * click, or the same request again within a minute, answers the first referral instead of making
 * a second), and each status change carries the day it happened and a note.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCalendarDays, calendarDate } from '../../src/core/time-zone.js';
import { ensureProgram, programFixture } from '../fixtures/programs.js';
import { testDialects } from '../support/databases.js';
import { expectJson, expectProblem, send } from '../support/http.js';
import { type Session, signIn, startTestServer, type TestServer } from '../support/server.js';

interface ReferralBody {
  id: string;
  status: string;
  history: Array<{ status: string; changedAt: string; note: string | null; effectiveOn: string | null }>;
}

describe.each(testDialects())('referral notes and repeats on %s', (dialect) => {
  let server: TestServer;
  let clinician: Session;
  let clientId: string;
  const program = programFixture({ name: 'Repeat Evening IOP' });

  beforeAll(async () => {
    server = await startTestServer(dialect);
    const org = await server.addOrganization();
    clinician = await signIn(server, (await server.addUser(org, 'clinician')).email);
    await ensureProgram(server.database.handle.db, program);
    clientId = (
      await expectJson<{ id: string }>(
        await send(server, clinician, 'POST', '/api/v1/clients', { json: { displayName: 'Double Click' } }),
        201,
      )
    ).id;
  });
  afterAll(async () => {
    await server.close();
  });

  const refer = (json: Record<string, unknown> = {}) =>
    send(server, clinician, 'POST', `/api/v1/clients/${clientId}/referrals`, {
      json: { programId: program.id, ...json },
    });
  const list = async () =>
    (
      await expectJson<{ items: ReferralBody[] }>(
        await send(server, clinician, 'GET', `/api/v1/clients/${clientId}/referrals`),
        200,
      )
    ).items;

  it('makes one referral from a double click, and answers the repeat with the first', async () => {
    const [first, second] = await Promise.all([refer({ note: 'Sent by fax' }), refer({ note: 'Sent by fax' })]);
    const bodies = [(await first.json()) as ReferralBody, (await second.json()) as ReferralBody];
    expect([first.status, second.status].sort()).toEqual([200, 201]);
    expect(bodies[0]?.id).toBe(bodies[1]?.id);
    expect(await list()).toHaveLength(1);
    // Within the minute, the same request still answers the first.
    server.advance(50_000);
    const again = await expectJson<ReferralBody>(await refer(), 200);
    expect(again.id).toBe(bodies[0]?.id);
    // After it, a new referral is a new decision.
    server.advance(20_000);
    await expectJson<ReferralBody>(await refer(), 201);
    expect(await list()).toHaveLength(2);
  });

  it('keeps the day and a note of each status change', async () => {
    const today = calendarDate(server.now(), Intl.DateTimeFormat().resolvedOptions().timeZone);
    server.advance(120_000);
    const created = await expectJson<ReferralBody>(
      await refer({ note: 'Referral form faxed to intake', effectiveOn: addCalendarDays(today, -1) }),
      201,
    );
    const accepted = await expectJson<ReferralBody>(
      await send(server, clinician, 'PATCH', `/api/v1/referrals/${created.id}`, {
        json: { status: 'accepted', note: 'Intake on Tuesday at 10', effectiveOn: today },
      }),
      200,
    );
    expect(accepted.history.map(({ status, note, effectiveOn }) => ({ status, note, effectiveOn }))).toEqual([
      { status: 'sent', note: 'Referral form faxed to intake', effectiveOn: addCalendarDays(today, -1) },
      { status: 'accepted', note: 'Intake on Tuesday at 10', effectiveOn: today },
    ]);
    const future = await expectProblem(
      await send(server, clinician, 'PATCH', `/api/v1/referrals/${created.id}`, {
        json: { status: 'first-session-attended', effectiveOn: addCalendarDays(today, 2) },
      }),
      400,
      'invalid_input',
    );
    expect(future.errors?.map(({ path, message }) => ({ path, message }))).toEqual([
      { path: 'effectiveOn', message: 'cannot be in the future' },
    ]);
    const long = await expectProblem(
      await send(server, clinician, 'PATCH', `/api/v1/referrals/${created.id}`, {
        json: { status: 'first-session-attended', note: 'x'.repeat(1001) },
      }),
      400,
      'invalid_input',
    );
    expect(long.errors?.map((issue) => issue.path)).toEqual(['note']);
  });
});
