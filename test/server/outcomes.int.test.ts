/**
 * Clinic outcomes over HTTP on SQLite and PostgreSQL: two clients discharged by two clinicians,
 * followed for a hundred days through the real API, each result entered on its day (a referral whose
 * first session is on day 5, a PHQ-9 of 15 that falls to 4, a safety alert acknowledged two days late, weekly check-ins mostly missed,
 * sessions missed twice: one step-up signal acted on with a note, one cleared before anyone acted;
 * each client's missed weekly check-ins a step-up signal still open),
 * and every figure is the one counted by hand; by clinician; as CSV; audited; another
 * organisation sees none of it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCalendarDays } from '../../src/core/time-zone.js';
import { ensureProgram, programFixture } from '../fixtures/programs.js';
import { testDialects } from '../support/databases.js';
import { expectJson, expectProblem, send } from '../support/http.js';
import { clientWithAssessment, completed, dayFromNow, documentOf, draftPlan, savePlan } from '../support/plans.js';
import type { PlanBody } from '../support/plans.js';
import { type Session, signIn, startTestServer, type TestServer } from '../support/server.js';
import type { User } from '../../src/storage/records.js';

interface Figure {
  id: string;
  count: number;
  of: number;
  percent: number | null;
  detail: string | null;
  definition: string;
}
interface OutcomesBody {
  range: { from: string; to: string };
  episodes: number;
  figures: Figure[];
  clinicians: Array<{ id: string; name: string }>;
  episodeDefinition: string;
}

describe.each(testDialects())('clinic outcomes on %s', (dialect) => {
  let server: TestServer;
  let dana: User;
  let lee: User;
  let session: Session;
  let discharge: string;
  const program = programFixture({ name: 'Outcomes Evening IOP' });

  async function dischargedClient(as: Session, name: string): Promise<string> {
    const { clientId } = await clientWithAssessment(server, as, undefined, name);
    const draft = await draftPlan(server, as, clientId);
    // Reassess 21 days from today: discharge is 20 days before that, tomorrow. The note quotes a
    // discharge date as JSON text: the date is still read from the plan's own field.
    const saved = await savePlan(server, as, draft, {
      ...completed(documentOf(draft), dayFromNow(server, 21)),
      notes: 'Pasted from the old record: "dischargeDate":"2020-01-01"',
    });
    await expectJson<PlanBody>(
      await send(server, as, 'POST', `/api/v1/plans/${saved.id}/finalize`, {
        json: { version: saved.version, attestation: true },
      }),
      200,
    );
    return clientId;
  }

  const on = (day: number) => `${addCalendarDays(discharge, day)}T12:00:00.000Z`;
  const measure = async (clientId: string, instrument: string, answers: number[], day: number) =>
    expectJson<{ alerts: Array<{ id: string }> }>(
      await send(server, session, 'POST', `/api/v1/clients/${clientId}/measures`, {
        json: { instrument, answers, takenAt: on(day) },
      }),
      201,
    );

  beforeAll(async () => {
    server = await startTestServer(dialect);
    const org = await server.addOrganization();
    dana = await server.addUser(org, 'clinician');
    lee = await server.addUser(org, 'clinician');
    await ensureProgram(server.database.handle.db, program);
    const asDana = await signIn(server, dana.email);
    const asLee = await signIn(server, lee.email);
    discharge = dayFromNow(server, 1);
    const first = await dischargedClient(asDana, 'Outcome One');
    const second = await dischargedClient(asLee, 'Outcome Two');
    const referral = await expectJson<{ id: string }>(
      await send(server, asDana, 'POST', `/api/v1/clients/${first}/referrals`, { json: { programId: program.id } }),
      201,
    );
    await expectJson(
      await send(server, asDana, 'PATCH', `/api/v1/referrals/${referral.id}`, { json: { status: 'accepted' } }),
      200,
    );

    // Then day by day, each result entered on its day (an alert is raised when its result is
    // recorded), with a new sign-in each time: sessions do not last that long.
    const goTo = async (day: number) => {
      server.advance(Date.parse(on(day)) + 3_600_000 - server.now().getTime());
      session = await signIn(server, dana.email);
    };
    await goTo(2);
    await measure(first, 'phq-9', [2, 2, 2, 2, 2, 2, 2, 1, 0], 2);
    await goTo(5);
    await expectJson(
      await send(server, session, 'PATCH', `/api/v1/referrals/${referral.id}`, {
        json: { status: 'first-session-attended', effectiveOn: addCalendarDays(discharge, 5) },
      }),
      200,
    );
    await goTo(10);
    const withAlert = await measure(first, 'phq-9', [2, 2, 2, 2, 2, 2, 1, 0, 1], 10);
    // Acknowledged two days later: acted on, not within 24 hours.
    await goTo(12);
    await expectJson(
      await send(server, session, 'POST', `/api/v1/measure-alerts/${withAlert.alerts[0]?.id ?? ''}/acknowledgement`, {
        json: { note: 'Called; safe; plan reviewed.' },
      }),
      200,
    );
    // Two sessions missed by the second client: a step-up signal, kept with the result.
    await goTo(20);
    await measure(second, 'attendance', [0, 2, 0], 20);
    await goTo(35);
    await measure(first, 'recovery-check', [0, 3, 2, 2, 2, 0, 0, 2, 1, 3, 3], 35);
    // Three sessions missed by the first client, marked acted on with a note the next day.
    await goTo(40);
    await measure(first, 'attendance', [0, 1, 2], 40);
    const [missed] = await server.database.handle.db
      .selectFrom('step_signals')
      .select('id')
      .where('client_id', '=', first)
      .where('rule_id', '=', 'step-up.missed-sessions')
      .execute();
    await goTo(41);
    await expectJson(
      await send(server, session, 'POST', `/api/v1/step-signals/${missed?.id ?? ''}/acknowledgement`, {
        json: { note: 'Called; shifts changed; moved to the evening group.' },
      }),
      200,
    );
    await goTo(60);
    await measure(first, 'phq-9', [1, 1, 1, 1, 0, 0, 0, 0, 0], 60);
    // The second client never checks in, but the clinician records two sessions attended on day 65
    // (and none missed in the 14 days before: their step-up signal is cleared, not acted on).
    await goTo(65);
    await measure(second, 'attendance', [2, 0, 0], 65);
    await goTo(101);
  });
  afterAll(async () => {
    await server?.close();
  });

  const figures = (body: OutcomesBody) =>
    Object.fromEntries(body.figures.map((f) => [f.id, [f.count, f.of, f.percent]]));

  it('counts every figure of the episodes discharged in the range', async () => {
    const body = await expectJson<OutcomesBody>(
      await send(server, session, 'GET', `/api/v1/outcomes?from=${discharge}&to=${discharge}`),
      200,
    );
    expect(body.episodes).toBe(2);
    expect(body.episodeDefinition).toMatch(/finalised discharge plan/);
    expect(figures(body)).toEqual({
      // Asked per episode over 90 days: 12 recovery checks, 12 readiness, 6 PHQ-9, 6 GAD-7; answered 3 PHQ-9 and
      // 1 check (attendance, entered by the clinician, is not a check-in). Both were in touch after day 60.
      'check-in-completion': [4, 72, 5.6],
      'first-session-7-days': [1, 2, 50],
      'retention-30': [2, 2, 100],
      'retention-60': [2, 2, 100],
      'retention-90': [0, 2, 0],
      'phq9-response': [1, 1, 100],
      'phq9-remission': [1, 1, 100],
      'gad7-response': [0, 0, null],
      'gad7-remission': [0, 0, null],
      'signals-acted-on': [1, 1, 100],
      'signals-acted-on-within-24-hours': [0, 1, 0],
      // Missed sessions: the first client's acted on with a note, the second's cleared on day 65.
      // Missed check-ins: neither gave the weekly recovery check and readiness rulers in the first
      // week after discharge, so each has that signal too, still open.
      'step-up-signals-acted-on': [1, 4, 25],
      'step-down-signals-acted-on': [0, 0, null],
    });
    expect(body.figures.find((f) => f.id === 'step-up-signals-acted-on')).toMatchObject({
      detail: '2 still open; 1 cleared before anyone acted.',
    });
    expect(body.clinicians.map((c) => c.id).sort()).toEqual([dana.id, lee.id].sort());
  });

  it('by clinician: only the episodes whose plan they finalised', async () => {
    const body = await expectJson<OutcomesBody>(
      await send(server, session, 'GET', `/api/v1/outcomes?from=${discharge}&to=${discharge}&clinician=${lee.id}`),
      200,
    );
    expect(body.episodes).toBe(1);
    expect(figures(body)['first-session-7-days']).toEqual([0, 1, 0]);
    expect(figures(body)['phq9-response']).toEqual([0, 0, null]);
    expect(figures(body)['step-up-signals-acted-on']).toEqual([0, 2, 0]);
  });

  it('by default covers the last 90 days of discharges, which here holds none', async () => {
    const body = await expectJson<OutcomesBody>(await send(server, session, 'GET', '/api/v1/outcomes'), 200);
    expect(body.range).toEqual({ from: dayFromNow(server, -89), to: dayFromNow(server, 0) });
    expect(body.episodes).toBe(0);
  });

  it('exports the figures as CSV, with each definition', async () => {
    const response = await send(server, session, 'GET', `/api/v1/outcomes/export?from=${discharge}&to=${discharge}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="outcomes-${discharge}-to-${discharge}.csv"`,
    );
    const lines = (await response.text()).split('\r\n');
    expect(lines[0]).toBe('from,to,clinician,figure,label,count,of,percent,definition');
    expect(lines.find((line) => line.includes(',phq9-remission,'))).toMatch(/,1,1,100,"Of the same episodes/);
  });

  it('audits each read and export once, for the organisation', async () => {
    const events = await server.database.handle.db
      .selectFrom('audit_events')
      .select(['action', 'actor_user_id', 'client_id'])
      .where('action', 'in', ['outcomes.read', 'outcomes.export'])
      .execute();
    expect(events.length).toBeGreaterThanOrEqual(4);
    expect(events.every((e) => e.client_id === null)).toBe(true);
  });

  it('refuses a range that runs backwards or is too long, naming the field', async () => {
    await expectProblem(
      await send(server, session, 'GET', '/api/v1/outcomes?from=2026-03-01&to=2026-02-01'),
      400,
      'invalid_input',
    );
    const far = await send(server, session, 'GET', `/api/v1/outcomes?from=${dayFromNow(server, 30)}`);
    expect(far.status).toBe(400);
    expect(((await far.json()) as { errors: Array<{ in: string; path: string }> }).errors).toEqual([
      expect.objectContaining({ in: 'query', path: 'from' }),
    ]);
  });

  it('shows another organisation none of these episodes', async () => {
    const other = await server.addOrganization();
    const stranger = await signIn(server, (await server.addUser(other, 'admin')).email);
    const body = await expectJson<OutcomesBody>(
      await send(server, stranger, 'GET', `/api/v1/outcomes?from=${discharge}&to=${discharge}`),
      200,
    );
    expect(body.episodes).toBe(0);
    expect(body.clinicians.map((c) => c.id)).not.toContain(dana.id);
  });
});
