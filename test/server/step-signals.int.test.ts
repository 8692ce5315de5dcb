/**
 * Step signals kept, over HTTP on SQLite and PostgreSQL: each path that writes measures (a
 * clinician's result, a check-in sent by link, clinician-entered attendance) evaluates the signal
 * rules in its transaction and keeps the step signals that hold, before anyone reads the client's
 * page; a later result that ends one clears it (cleared is not acted on); the client's signals read
 * gives each its kept id, when it was raised and its state; a note marks one acted on once
 * (audited, 409 after, 404 for another organisation, 400 without a note); a new assessment closes the
 * open ones as reassessed, naming it. Neither changes the client's assessments or plans.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAuditEvents } from '../../src/storage/audit.js';
import type { Organization } from '../../src/storage/records.js';
import { listStepSignalsOfClient, type StepSignalRecord } from '../../src/storage/step-signals.js';
import { testDialects } from '../support/databases.js';
import { anonymousJson, assessmentDocument, expectJson, expectProblem, send } from '../support/http.js';
import { clientWithAssessment } from '../support/plans.js';
import { type Session, signIn, startTestServer, type TestServer } from '../support/server.js';

const DAY = 86_400_000;
/** A weekly recovery check: the first answer is days of use. */
const check = (useDays: number) => [useDays, 1, 1, 1, 0, 0, 0, 3, 2, 3, 3];

interface SignalsBody {
  signals: Array<{
    rule: string;
    kind: string;
    id: string | null;
    raisedAt: string | null;
    state: string | null;
    note: string | null;
    closedAt: string | null;
  }>;
}

describe.each(testDialects())('step signals kept on %s', (dialect) => {
  let server: TestServer;
  let org: Organization;
  let clinician: Session;
  let stranger: Session;

  /** Stamped by the server during this test (its clock is the real one). */
  const justNow = (at: string | null | undefined) =>
    at !== null && at !== undefined && Math.abs(server.now().getTime() - Date.parse(at)) < 60_000;
  const daysAgo = (days: number) => new Date(server.now().getTime() - days * DAY).toISOString();
  const kept = (clientId: string): Promise<StepSignalRecord[]> =>
    listStepSignalsOfClient(server.database.handle.db, org.id, clientId);
  async function measure(clientId: string, instrument: string, answers: number[], days: number) {
    await expectJson(
      await send(server, clinician, 'POST', `/api/v1/clients/${clientId}/measures`, {
        json: { instrument, answers, takenAt: daysAgo(days) },
      }),
      201,
    );
  }
  const signalsOf = async (clientId: string) =>
    expectJson<SignalsBody>(await send(server, clinician, 'GET', `/api/v1/clients/${clientId}/signals`), 200);

  beforeAll(async () => {
    server = await startTestServer(dialect);
    org = await server.addOrganization();
    clinician = await signIn(server, (await server.addUser(org, 'clinician')).email);
    stranger = await signIn(server, (await server.addUser(await server.addOrganization(), 'clinician')).email);
  });
  afterAll(async () => {
    await server.close();
  });

  it('keeps a step-up signal when a clinician records the result that raises it, and clears it on the next', async () => {
    const { clientId } = await clientWithAssessment(server, clinician, undefined, 'Rae Return');
    await measure(clientId, 'recovery-check', check(0), 14);
    expect(await kept(clientId)).toEqual([]);
    await measure(clientId, 'recovery-check', check(2), 7);
    // Kept on the write, before anyone reads the client's signals.
    const [raised] = await kept(clientId);
    expect([raised?.rule, raised?.kind, raised?.state]).toEqual(['step-up.return-to-use', 'step-up', 'open']);
    expect(justNow(raised?.raisedAt)).toBe(true);
    expect(raised?.basis).toEqual([expect.objectContaining({ fact: 'returnToUse', value: true })]);
    expect(raised?.ruleset.id).toBe('stepdown-signals');

    const body = await signalsOf(clientId);
    expect(body.signals.find((s) => s.rule === 'step-up.return-to-use')).toMatchObject({
      id: raised?.id,
      raisedAt: raised?.raisedAt,
      state: 'open',
      note: null,
      closedAt: null,
    });
    // Reading again keeps the same row.
    expect((await signalsOf(clientId)).signals.find((s) => s.rule === 'step-up.return-to-use')?.id).toBe(raised?.id);

    // A week without use: the rule no longer holds, so the signal is cleared, which is not acted on.
    await measure(clientId, 'recovery-check', check(0), 0);
    const [cleared] = await kept(clientId);
    expect([cleared?.id, cleared?.state, cleared?.acknowledgedAt, cleared?.reassessedAt]).toEqual([
      raised?.id,
      'cleared',
      null,
      null,
    ]);
    expect((await signalsOf(clientId)).signals.some((s) => s.rule === 'step-up.return-to-use')).toBe(false);
    await expectProblem(
      await send(server, clinician, 'POST', `/api/v1/step-signals/${raised?.id ?? ''}/acknowledgement`, {
        json: { note: 'Too late' },
      }),
      409,
      'conflict',
    );
  });

  it('keeps the signal a check-in sent by link raises', async () => {
    const { clientId } = await clientWithAssessment(server, clinician, undefined, 'Lee Link');
    await measure(clientId, 'recovery-check', check(0), 7);
    const link = await expectJson<{ code: string }>(
      await send(server, clinician, 'POST', `/api/v1/clients/${clientId}/check-in-links`, {
        json: { instruments: ['recovery-check'] },
      }),
      201,
    );
    await anonymousJson(
      server,
      'POST',
      `/api/v1/check-in/${link.code}`,
      { submissionId: crypto.randomUUID(), takenAt: daysAgo(0), answers: { 'recovery-check': check(3) } },
      201,
    );
    expect((await kept(clientId)).map((s) => [s.rule, s.state])).toContainEqual(['step-up.return-to-use', 'open']);
  });

  it('keeps the signal clinician-entered attendance raises', async () => {
    const { clientId } = await clientWithAssessment(server, clinician, undefined, 'Sol Sessions');
    // Attended 1, missed 1 with notice and 2 without, this week.
    await measure(clientId, 'attendance', [1, 1, 2], 1);
    expect((await kept(clientId)).map((s) => [s.rule, s.state])).toEqual([['step-up.missed-sessions', 'open']]);
  });

  it('marks a step signal acted on with a note, once, audited; not across organisations, not without a note', async () => {
    const { clientId } = await clientWithAssessment(server, clinician, undefined, 'Noa Note');
    await measure(clientId, 'attendance', [0, 0, 3], 2);
    const signal = (await signalsOf(clientId)).signals.find((s) => s.rule === 'step-up.missed-sessions');
    const id = signal?.id ?? '';
    expect(id).not.toBe('');
    const path = `/api/v1/step-signals/${id}/acknowledgement`;
    await expectProblem(await send(server, stranger, 'POST', path, { json: { note: 'x' } }), 404, 'not_found');
    const problem = await expectProblem(
      await send(server, clinician, 'POST', path, { json: { note: '  ' } }),
      400,
      'invalid_input',
    );
    expect(JSON.stringify(problem)).toContain('note');
    const done = await expectJson<{ state: string; note: string; acknowledgedAt: string; acknowledgedBy: string }>(
      await send(server, clinician, 'POST', path, {
        json: { note: 'Called; missed for a family funeral. Back Monday.' },
      }),
      200,
    );
    expect(done).toMatchObject({ state: 'acted-on', note: 'Called; missed for a family funeral. Back Monday.' });
    expect(justNow(done.acknowledgedAt)).toBe(true);
    const again = await expectProblem(
      await send(server, clinician, 'POST', path, { json: { note: 'again' } }),
      409,
      'conflict',
    );
    expect(again.detail).toMatch(/already marked as acted on/);
    // Still holding, shown as acted on with its note, and not raised a second time.
    expect((await signalsOf(clientId)).signals.find((s) => s.rule === 'step-up.missed-sessions')).toMatchObject({
      id,
      state: 'acted-on',
      note: 'Called; missed for a family funeral. Back Monday.',
      closedAt: done.acknowledgedAt,
    });
    expect(await kept(clientId)).toHaveLength(1);
    const { items } = await listAuditEvents(server.database.handle.db, org.id, { limit: 200 });
    expect(items.filter((e) => e.action === 'step-signal.acknowledge' && e.resourceId === id)).toHaveLength(1);
    // The stranger's try is audited as denied, in their own organisation's log.
    const denied = await server.database.handle.db
      .selectFrom('audit_events')
      .select(['outcome', 'organization_id'])
      .where('action', '=', 'step-signal.acknowledge')
      .where('resource_id', '=', id)
      .where('outcome', '=', 'denied')
      .execute();
    expect(denied).toHaveLength(1);
    expect(denied[0]?.organization_id).not.toBe(org.id);
  });

  it('raises a safety alert for a return to use after two weeks without it, on the check that reported it, once', async () => {
    const { clientId } = await clientWithAssessment(server, clinician, undefined, 'Sasha Safety');
    await measure(clientId, 'recovery-check', check(0), 15);
    await measure(clientId, 'recovery-check', check(0), 8);
    await measure(clientId, 'recovery-check', check(2), 1);
    // Tolerance is lower after weeks without use: the same-day safety signal is an open alert too,
    // so it leads the caseload and is acknowledged with a note like any other.
    const alerts = async () => {
      const { items } = await expectJson<{
        items: Array<{
          instrument: string;
          takenAt: string;
          alerts: Array<{ id: string; linkId: string; reason: string }>;
        }>;
      }>(await send(server, clinician, 'GET', `/api/v1/clients/${clientId}/measures`), 200);
      return items.flatMap((m) => m.alerts.map((a) => ({ ...a, instrument: m.instrument, takenAt: m.takenAt })));
    };
    const [raised, ...others] = await alerts();
    expect(others).toEqual([]);
    expect(raised).toMatchObject({ instrument: 'recovery-check', linkId: 'use-days' });
    // On the check that reported the use (a day ago), not the ones before it.
    expect(Date.parse(raised?.takenAt ?? '')).toBeGreaterThan(Date.parse(daysAgo(2)));
    expect(raised?.reason).toMatch(/overdose risk is high/);
    // Reading the client's signals again raises nothing more.
    await signalsOf(clientId);
    expect(await alerts()).toHaveLength(1);
    const caseload = await expectJson<{ items: Array<{ clientId: string; openAlerts: number }> }>(
      await send(server, clinician, 'GET', '/api/v1/caseload'),
      200,
    );
    expect(caseload.items.find((i) => i.clientId === clientId)?.openAlerts).toBe(1);
    await expectJson(
      await send(server, clinician, 'POST', `/api/v1/measure-alerts/${raised?.id ?? ''}/acknowledgement`, {
        json: { note: 'Called; safe; naloxone at home; seen tomorrow.' },
      }),
      200,
    );
    // One week without use before the use is a step-up, not this safety alert.
    const { clientId: other } = await clientWithAssessment(server, clinician, undefined, 'Sky Step-Up');
    await measure(other, 'recovery-check', check(0), 8);
    await measure(other, 'recovery-check', check(2), 1);
    const { items } = await expectJson<{ items: Array<{ alerts: unknown[] }> }>(
      await send(server, clinician, 'GET', `/api/v1/clients/${other}/measures`),
      200,
    );
    expect(items.flatMap((m) => m.alerts)).toEqual([]);
  });

  it('closes the open step signals as reassessed by a revised assessment too (a new version of the last one)', async () => {
    const { clientId, assessmentId } = await clientWithAssessment(server, clinician, undefined, 'Robin Revised');
    await measure(clientId, 'attendance', [0, 1, 2], 3);
    const [open] = await kept(clientId);
    expect(open?.state).toBe('open');
    // The clinician updates the assessment they have rather than starting another: that is the
    // reassessment the signal asked for.
    await expectJson(
      await send(server, clinician, 'PUT', `/api/v1/assessments/${assessmentId}`, {
        json: assessmentDocument(),
        headers: { 'if-match': '"1"' },
      }),
      200,
    );
    const [closed] = await kept(clientId);
    expect([closed?.id, closed?.state, closed?.reassessmentId]).toEqual([open?.id, 'reassessed', assessmentId]);
    const { items } = await listAuditEvents(server.database.handle.db, org.id, { limit: 200 });
    expect(items.filter((e) => e.action === 'step-signal.reassess' && e.clientId === clientId)).toHaveLength(1);
  });

  it('closes the open step signals as reassessed by a new assessment, naming it, and changes no plan', async () => {
    const { clientId } = await clientWithAssessment(server, clinician, undefined, 'Ari Again');
    await measure(clientId, 'attendance', [0, 1, 2], 3);
    const [open] = await kept(clientId);
    expect(open?.state).toBe('open');
    const plansBefore = await send(server, clinician, 'GET', `/api/v1/clients/${clientId}/plans`);
    const assessment = await expectJson<{ id: string }>(
      await send(server, clinician, 'POST', `/api/v1/clients/${clientId}/assessments`, {
        json: assessmentDocument(),
      }),
      201,
    );
    const [closed] = await kept(clientId);
    expect([closed?.id, closed?.state, closed?.reassessmentId]).toEqual([open?.id, 'reassessed', assessment.id]);
    expect(justNow(closed?.reassessedAt)).toBe(true);
    expect((await signalsOf(clientId)).signals.find((s) => s.rule === 'step-up.missed-sessions')).toMatchObject({
      state: 'reassessed',
    });
    await expectProblem(
      await send(server, clinician, 'POST', `/api/v1/step-signals/${open?.id ?? ''}/acknowledgement`, {
        json: { note: 'x' },
      }),
      409,
      'conflict',
    );
    expect(await (await send(server, clinician, 'GET', `/api/v1/clients/${clientId}/plans`)).json()).toEqual(
      await plansBefore.json(),
    );
  });
});
