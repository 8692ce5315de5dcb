/**
 * The caseload, signals and alert acknowledgement over HTTP on SQLite and PostgreSQL: a client
 * with a safety answer comes first with an open alert and a same-day signal with its basis; missed
 * and due check-ins from the plan's discharge day (none before a plan), a plan's near reassessment date; acknowledging with a note closes the alert
 * once (audited), and another organisation can neither see nor acknowledge it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAuditEvents } from '../../src/storage/audit.js';
import type { Organization } from '../../src/storage/records.js';
import { testDialects } from '../support/databases.js';
import { expectJson, expectProblem, send } from '../support/http.js';
import {
  clientWithAssessment,
  completed,
  dayFromNow,
  documentOf,
  draftPlan,
  finaliseAPlan,
  savePlan,
} from '../support/plans.js';
import { type Session, signIn, startTestServer, type TestServer } from '../support/server.js';

const DAY = 86_400_000;

interface CaseloadBody {
  counts: Record<string, number>;
  items: Array<{
    clientId: string;
    displayName: string;
    checkIns: string;
    checkInsStart: string | null;
    due: string[];
    missed: string[];
    openAlerts: number;
    needsReassessment: boolean;
    reassessBy: string | null;
    firstSessionConfirmed: boolean | null;
  }>;
}

describe.each(testDialects())('caseload and signals on %s', (dialect) => {
  let server: TestServer;
  let org: Organization;
  let clinician: Session;
  let stranger: Session;
  let atRisk: string;
  let quiet: string;
  let lapsed: string;
  let reviewing: string;
  let residential: string;
  let alertId: string;

  const daysAgo = (days: number) => new Date(server.now().getTime() - days * DAY).toISOString();
  async function client(name: string): Promise<string> {
    return (
      await expectJson<{ id: string }>(
        await send(server, clinician, 'POST', '/api/v1/clients', { json: { displayName: name } }),
        201,
      )
    ).id;
  }
  async function measure(clientId: string, instrument: string, answers: number[], days: number) {
    return expectJson<{ id: string; alerts: Array<{ id: string }> }>(
      await send(server, clinician, 'POST', `/api/v1/clients/${clientId}/measures`, {
        json: { instrument, answers, takenAt: daysAgo(days) },
      }),
      201,
    );
  }

  beforeAll(async () => {
    server = await startTestServer(dialect);
    org = await server.addOrganization();
    clinician = await signIn(server, (await server.addUser(org, 'clinician')).email);
    stranger = await signIn(server, (await server.addUser(await server.addOrganization(), 'clinician')).email);
    quiet = await client('Avery Quiet');
    lapsed = await client('Blake Lapsed');
    atRisk = await client('Casey At-Risk');
    residential = await client('Emery Residential');
    // Check-ins follow the plan: they start on the discharge day of the finalised plan.
    await finaliseAPlan(server, clinician, quiet, { dischargeInDays: 0 });
    await finaliseAPlan(server, clinician, lapsed, { dischargeInDays: -12 });
    for (const instrument of ['phq-9', 'gad-7']) {
      await measure(
        lapsed,
        instrument,
        instrument === 'phq-9' ? [0, 0, 0, 0, 0, 0, 0, 0, 0] : [0, 0, 0, 0, 0, 0, 0],
        40,
      );
    }
    await measure(lapsed, 'readiness', [7, 7], 20);
    const saved = await measure(atRisk, 'phq-9', [1, 1, 1, 1, 1, 1, 1, 1, 2], 1);
    alertId = saved.alerts[0]?.id ?? '';
    // A finalised plan due for reassessment in three days.
    const { clientId } = await clientWithAssessment(server, clinician, undefined, 'Devon Reviewing');
    reviewing = clientId;
    const draft = await draftPlan(server, clinician, reviewing);
    const plan = await savePlan(server, clinician, draft, completed(documentOf(draft), dayFromNow(server, 3)));
    await expectJson(
      await send(server, clinician, 'POST', `/api/v1/plans/${plan.id}/finalize`, {
        json: { version: plan.version, attestation: true },
      }),
      200,
    );
  });
  afterAll(async () => {
    await server.close();
  });

  it('puts the open alert first, then missed, and shows what is due', async () => {
    const caseload = await expectJson<CaseloadBody>(await send(server, clinician, 'GET', '/api/v1/caseload'), 200);
    expect(caseload.items[0]).toMatchObject({ clientId: atRisk, openAlerts: 1 });
    // Discharged 12 days ago: the weekly check-ins (readiness last given before discharge, the
    // recovery check never) are a whole week overdue; the two-weekly ones fell due on the
    // discharge day and are due, not yet missed.
    expect(caseload.items.find((i) => i.clientId === lapsed)).toMatchObject({
      checkIns: 'plan',
      due: ['recovery-check', 'readiness', 'phq-9', 'gad-7'],
      missed: ['recovery-check', 'readiness'],
    });
    // Discharged today: everything is due on the first day, nothing missed yet.
    expect(caseload.items.find((i) => i.clientId === quiet)).toMatchObject({
      checkIns: 'plan',
      checkInsStart: `${dayFromNow(server, 0)}T00:00:00.000Z`,
      due: ['recovery-check', 'readiness', 'phq-9', 'gad-7'],
      missed: [],
      openAlerts: 0,
      firstSessionConfirmed: null,
    });
    // No finalised plan (still in residential care): nothing is due, so the list shows who matters.
    expect(caseload.items.find((i) => i.clientId === residential)).toMatchObject({
      checkIns: 'no-plan',
      checkInsStart: null,
      due: [],
      missed: [],
    });
    expect(caseload.items.find((i) => i.clientId === reviewing)).toMatchObject({
      reassessBy: dayFromNow(server, 3),
      needsReassessment: true,
    });
    // Missed: Blake, and Devon (discharged 17 days ago, never checked in).
    expect(caseload.counts).toMatchObject({ clients: 5, openAlerts: 1, missed: 2, needsReassessment: 1 });
    const { items } = await listAuditEvents(server.database.handle.db, org.id, { limit: 100 });
    expect(items.some((e) => e.action === 'caseload.read')).toBe(true);
    const theirs = await expectJson<CaseloadBody>(await send(server, stranger, 'GET', '/api/v1/caseload'), 200);
    expect(theirs.items).toEqual([]);
  });

  it('answers a page of the ranked caseload, with the counts over every client', async () => {
    const all = await expectJson<CaseloadBody & { nextOffset: number | null }>(
      await send(server, clinician, 'GET', '/api/v1/caseload'),
      200,
    );
    expect(all.nextOffset).toBeNull();
    const first = await expectJson<CaseloadBody & { nextOffset: number | null }>(
      await send(server, clinician, 'GET', '/api/v1/caseload?limit=2'),
      200,
    );
    expect(first.items).toEqual(all.items.slice(0, 2));
    expect(first.counts).toEqual(all.counts);
    expect(first.nextOffset).toBe(2);
    const rest = await expectJson<CaseloadBody & { nextOffset: number | null }>(
      await send(server, clinician, 'GET', `/api/v1/caseload?limit=100&offset=${first.nextOffset ?? 0}`),
      200,
    );
    expect(rest.items).toEqual(all.items.slice(2));
    expect(rest.nextOffset).toBeNull();
    await expectProblem(await send(server, clinician, 'GET', '/api/v1/caseload?limit=0'), 400, 'invalid_input');
  });

  it('raises the same-day signal with its basis, and names the assessment to reassess from', async () => {
    const body = await expectJson<{
      ruleset: { id: string; hash: string };
      signals: Array<{ rule: string; kind: string; basis: Array<{ fact: string; value: unknown }>; sources: string[] }>;
      lastAssessmentId: string | null;
    }>(await send(server, clinician, 'GET', `/api/v1/clients/${atRisk}/signals`), 200);
    expect(body.ruleset.id).toBe('stepdown-signals');
    expect(body.ruleset.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(body.signals.map((s) => [s.rule, s.kind])).toEqual([['safety.phq9-item9', 'safety']]);
    expect(body.signals[0]?.basis).toEqual([expect.objectContaining({ fact: 'phq9Item9', value: 2 })]);
    expect(body.lastAssessmentId).toBeNull();
    const withAssessment = await expectJson<{ lastAssessmentId: string | null }>(
      await send(server, clinician, 'GET', `/api/v1/clients/${reviewing}/signals`),
      200,
    );
    expect(withAssessment.lastAssessmentId).toEqual(expect.any(String));
    await expectProblem(await send(server, stranger, 'GET', `/api/v1/clients/${atRisk}/signals`), 404, 'not_found');
  });

  it('acknowledges an alert once with a note, audited; another organisation cannot', async () => {
    await expectProblem(
      await send(server, stranger, 'POST', `/api/v1/measure-alerts/${alertId}/acknowledgement`, {
        json: { note: 'x' },
      }),
      404,
      'not_found',
    );
    const done = await expectJson<{ acknowledgedAt: string; note: string }>(
      await send(server, clinician, 'POST', `/api/v1/measure-alerts/${alertId}/acknowledgement`, {
        json: { note: 'Called today; safe, plan reviewed.' },
      }),
      200,
    );
    expect(done.note).toBe('Called today; safe, plan reviewed.');
    expect(Date.parse(done.acknowledgedAt)).not.toBeNaN();
    await expectProblem(
      await send(server, clinician, 'POST', `/api/v1/measure-alerts/${alertId}/acknowledgement`, {
        json: { note: 'again' },
      }),
      409,
      'conflict',
    );
    const caseload = await expectJson<CaseloadBody>(await send(server, clinician, 'GET', '/api/v1/caseload'), 200);
    expect(caseload.items.find((i) => i.clientId === atRisk)?.openAlerts).toBe(0);
    const { items } = await listAuditEvents(server.database.handle.db, org.id, { limit: 200 });
    expect(items.filter((e) => e.action === 'measure-alert.acknowledge').map((e) => [e.outcome, e.clientId])).toEqual([
      ['success', atRisk],
      ['denied', atRisk],
    ]);
  });
});
