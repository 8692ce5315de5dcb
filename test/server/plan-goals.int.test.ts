/**
 * Goals met over HTTP on SQLite and PostgreSQL: the goals of a client's finalised plan, each marked
 * met or not by a clinician (audited), and the step-down readiness signal that reads them. The
 * fixture: five weeks without use, a PHQ-9 of 12 (too high for the sustained-stability rule), and
 * the plan's goals. Until every goal is met no step-down signal is raised; with every goal met the
 * goals-met rule fires, citing the fact; one goal back to not met takes it away again.
 */
import type { CarePlan, Goal } from 'fhir/r4.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAuditEvents } from '../../src/storage/audit.js';
import type { Organization } from '../../src/storage/records.js';
import { testDialects } from '../support/databases.js';
import { fhirErrors } from '../support/fhir.js';
import { expectJson, expectProblem, send } from '../support/http.js';
import {
  clientWithAssessment,
  completed,
  dayFromNow,
  documentOf,
  finalisedPlan,
  draftPlan,
  type PlanBody,
  savePlan,
} from '../support/plans.js';
import { type Session, signIn, startTestServer, type TestServer } from '../support/server.js';

const DAY = 86_400_000;

interface GoalsBody {
  planId: string;
  version: number;
  allMet: boolean;
  items: Array<{
    goalId: string;
    text: string;
    met: boolean;
    note: string | null;
    updatedBy: string | null;
    updatedByName: string | null;
  }>;
}
interface SignalsBody {
  facts: Record<string, unknown>;
  signals: Array<{ rule: string; kind: string; basis: Array<{ fact: string; value: unknown }> }>;
}

describe.each(testDialects())('goals met on %s', (dialect) => {
  let server: TestServer;
  let org: Organization;
  let clinician: Session;
  let stranger: Session;
  let clientId: string;
  let plan: PlanBody;

  const daysAgo = (days: number) => new Date(server.now().getTime() - days * DAY).toISOString();
  const setStatus = (goalId: string, json: unknown, session: Session = clinician) =>
    send(server, session, 'PUT', `/api/v1/plans/${plan.id}/goals/${goalId}/status`, { json });
  const signals = async () =>
    expectJson<SignalsBody>(await send(server, clinician, 'GET', `/api/v1/clients/${clientId}/signals`), 200);

  beforeAll(async () => {
    server = await startTestServer(dialect);
    org = await server.addOrganization();
    clinician = await signIn(server, (await server.addUser(org, 'clinician')).email);
    stranger = await signIn(server, (await server.addUser(await server.addOrganization(), 'clinician')).email);
    ({ clientId } = await clientWithAssessment(server, clinician, undefined, 'Goal Keeper'));
    const draft = await draftPlan(server, clinician, clientId);
    plan = await savePlan(server, clinician, draft, completed(documentOf(draft), dayFromNow(server, 30)));
    for (let week = 5; week >= 1; week--) {
      await expectJson(
        await send(server, clinician, 'POST', `/api/v1/clients/${clientId}/measures`, {
          json: {
            instrument: 'recovery-check',
            answers: [0, 0, 2, 2, 0, 0, 0, 3, 2, 3, 3],
            takenAt: daysAgo(week * 7),
          },
        }),
        201,
      );
    }
    await expectJson(
      await send(server, clinician, 'POST', `/api/v1/clients/${clientId}/measures`, {
        json: { instrument: 'phq-9', answers: [2, 2, 2, 2, 1, 1, 1, 1, 0], takenAt: daysAgo(3) },
      }),
      201,
    );
  });
  afterAll(async () => {
    await server.close();
  });

  it('waits for a finalised plan', async () => {
    await expectProblem(await send(server, clinician, 'GET', `/api/v1/plans/${plan.id}/goals`), 409, 'conflict');
    const goalId = documentOf(plan).goals[0]?.id ?? '';
    await expectProblem(await setStatus(goalId, { met: true }), 409, 'conflict');
    await expectJson(
      await send(server, clinician, 'POST', `/api/v1/plans/${plan.id}/finalize`, {
        json: { version: plan.version, attestation: true },
      }),
      200,
    );
  });

  it('marks each goal met, and the goals-met signal follows every goal being met', async () => {
    const goals = await expectJson<GoalsBody>(
      await send(server, clinician, 'GET', `/api/v1/plans/${plan.id}/goals`),
      200,
    );
    expect(goals.items.length).toBeGreaterThan(0);
    expect(goals.items.every((goal) => !goal.met)).toBe(true);
    expect(goals.allMet).toBe(false);
    const before = await signals();
    expect(before.facts).toMatchObject({ goalsMet: false, stableWeeks: 5, phq9Latest: 12 });
    expect(before.signals.filter((signal) => signal.kind === 'step-down')).toEqual([]);

    let last: GoalsBody | undefined;
    for (const goal of goals.items) {
      last = await expectJson<GoalsBody>(
        await setStatus(goal.goalId, { met: true, note: 'Done, said at session' }),
        200,
      );
    }
    expect(last?.allMet).toBe(true);
    // Kept with the last goal's change, before anyone reads the client's signals.
    const kept = await server.database.handle.db
      .selectFrom('step_signals')
      .select(['rule_id', 'cleared_at'])
      .where('client_id', '=', clientId)
      .execute();
    expect(kept).toEqual([{ rule_id: 'step-down.goals-met', cleared_at: null }]);
    expect(last?.items.every((goal) => goal.met && goal.note === 'Done, said at session' && goal.updatedBy)).toBe(true);
    const after = await signals();
    expect(after.facts.goalsMet).toBe(true);
    expect(after.signals.map((signal) => [signal.rule, signal.kind])).toEqual([['step-down.goals-met', 'step-down']]);
    expect(after.signals[0]?.basis).toContainEqual(expect.objectContaining({ fact: 'goalsMet', value: true }));

    const first = goals.items[0]?.goalId ?? '';
    const undone = await expectJson<GoalsBody>(await setStatus(first, { met: false, note: null }), 200);
    expect(undone.allMet).toBe(false);
    // Undone: cleared with the change, before anyone acted on it.
    const cleared = await server.database.handle.db
      .selectFrom('step_signals')
      .select(['rule_id', 'acknowledged_at', 'cleared_at'])
      .where('client_id', '=', clientId)
      .execute();
    expect(cleared.map((row) => [row.rule_id, row.acknowledged_at, row.cleared_at !== null])).toEqual([
      ['step-down.goals-met', null, true],
    ]);
    expect((await signals()).signals.filter((signal) => signal.kind === 'step-down')).toEqual([]);

    const { items } = await listAuditEvents(server.database.handle.db, org.id, { limit: 500 });
    expect(items.filter((event) => event.action === 'plan-goal.update')).toHaveLength(goals.items.length + 1);
    expect(items.some((event) => event.action === 'plan-goal.read' && event.clientId === clientId)).toBe(true);
  });

  it('refuses a goal the plan does not have, a bad body, and another organisation', async () => {
    await expectProblem(await setStatus('no-such-goal', { met: true }), 404, 'not_found');
    await expectProblem(await setStatus('bad goal id!', { met: true }), 400, 'invalid_input');
    await expectProblem(await setStatus(documentOf(plan).goals[0]?.id ?? '', { met: 'yes' }), 400, 'invalid_input');
    await expectProblem(
      await setStatus(documentOf(plan).goals[0]?.id ?? '', { met: true }, stranger),
      404,
      'not_found',
    );
    await expectProblem(await send(server, stranger, 'GET', `/api/v1/plans/${plan.id}/goals`), 404, 'not_found');
  });

  describe('an amendment that changes the goals', () => {
    let amended: PlanBody;
    const goal = (id: string, text: string) => ({
      id,
      template: null,
      text,
      measure: 'Said at a session',
      targetDate: dayFromNow(server, 30),
    });
    const finalise = async (body: PlanBody) =>
      expectJson<PlanBody>(
        await send(server, clinician, 'POST', `/api/v1/plans/${body.id}/finalize`, {
          json: { version: body.version, attestation: true },
        }),
        200,
      );
    const goalsOfPlan = async () =>
      expectJson<GoalsBody>(await send(server, clinician, 'GET', `/api/v1/plans/${amended.id}/goals`), 200);
    const mark = (goalId: string, json: unknown) =>
      send(server, clinician, 'PUT', `/api/v1/plans/${amended.id}/goals/${goalId}/status`, { json });

    beforeAll(async () => {
      // Ids out of alphabetical order: the goals come back in the plan's order, not the ids'.
      const { plan: first } = await finalisedPlan(server, clinician, 'Amy Amended');
      const three = await savePlan(server, clinician, first, {
        ...documentOf(first),
        goals: [
          goal('gz', 'Go to three meetings a week.'),
          goal('ga', 'Call my sponsor every Sunday.'),
          goal('gm', 'Keep my job.'),
        ],
      });
      amended = await finalise(three);
    });

    it('lists the goals in plan order with their words and who marked them', async () => {
      const listed = await goalsOfPlan();
      expect(listed.items.map((item) => [item.goalId, item.text])).toEqual([
        ['gz', 'Go to three meetings a week.'],
        ['ga', 'Call my sponsor every Sunday.'],
        ['gm', 'Keep my job.'],
      ]);
      await expectJson(await mark('gz', { met: true, note: 'Went to 12 meetings in 4 weeks' }), 200);
      await expectJson(await mark('ga', { met: true }), 200);
      const marked = await expectJson<GoalsBody>(await mark('gm', { met: true }), 200);
      expect(marked.allMet).toBe(true);
      const me = await expectJson<{ user: { id: string; displayName: string } }>(
        await send(server, clinician, 'GET', '/api/v1/auth/session'),
        200,
      );
      expect(marked.items[0]).toMatchObject({ updatedBy: me.user.id, updatedByName: me.user.displayName });
    });

    it('does not carry "met" to a goal whose words changed, and says so; a dropped goal no longer counts', async () => {
      const before = await expectJson<PlanBody>(
        await send(server, clinician, 'GET', `/api/v1/plans/${amended.id}`),
        200,
      );
      const draft = await savePlan(server, clinician, before, {
        ...documentOf(before),
        goals: [
          // Same id, another goal: "met" was recorded for the meetings, not for this.
          goal('gz', 'Find a place to live without drugs or alcohol.'),
          // Only the case, spaces and punctuation changed: the same goal, still met.
          goal('ga', 'call my sponsor  every Sunday'),
          goal('gn', 'Start a class at the college.'),
        ],
      });
      amended = await finalise(draft);
      const after = await goalsOfPlan();
      expect(after.version).toBe(amended.version);
      expect(after.items.map((item) => [item.goalId, item.met])).toEqual([
        ['gz', false],
        ['ga', true],
        ['gn', false],
      ]);
      expect(after.allMet).toBe(false);
      const changed = after.items[0];
      expect(changed?.note).toContain('Go to three meetings a week.');
      expect(changed?.note).toContain('Went to 12 meetings in 4 weeks');
      expect(changed?.note).toContain(`Version ${amended.version} changed the words`);
      await expectProblem(await mark('gm', { met: true }), 404, 'not_found');

      await expectJson(await mark('gz', { met: true }), 200);
      const all = await expectJson<GoalsBody>(await mark('gn', { met: false, note: 'Enrols in January' }), 200);
      expect(all.allMet).toBe(false);
    });

    it('says in the FHIR CarePlan which goals are achieved, and the CarePlan validates', async () => {
      const carePlan = await expectJson<CarePlan>(
        await send(server, clinician, 'GET', `/fhir/R4/CarePlan/${amended.id}`),
        200,
      );
      expect(fhirErrors(carePlan)).toEqual([]);
      const achievement = (carePlan.contained ?? [])
        .filter((resource): resource is Goal => resource.resourceType === 'Goal')
        .map((goal) => [goal.id, goal.lifecycleStatus, goal.achievementStatus?.coding?.[0]?.code]);
      expect(achievement).toEqual([
        ['goal-gz', 'active', 'achieved'],
        ['goal-ga', 'active', 'achieved'],
        ['goal-gn', 'active', 'in-progress'],
      ]);
    });
  });
});
