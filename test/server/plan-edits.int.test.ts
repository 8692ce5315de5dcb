/**
 * Edits that are never lost, over HTTP on SQLite and PostgreSQL: a refused save (412) names who saved
 * first and when, in words that say "you" when it was the same person in another tab; a plan whose
 * client has a newer assessment says so, can take that assessment's recommendation (everything the
 * clinician wrote kept, the variance checked again), and is finalised on the older assessment only
 * with an explicit confirmation, kept with the version and audited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAuditEventsOfClient } from '../../src/storage/audit.js';
import { testDialects } from '../support/databases.js';
import { assessmentDocument, expectJson, expectProblem, send } from '../support/http.js';
import {
  clientWithAssessment,
  completed,
  dayFromNow,
  documentOf,
  draftPlan,
  type PlanBody,
  savePlan,
} from '../support/plans.js';
import { type Session, signIn, startTestServer, type TestServer } from '../support/server.js';

const PHP_RATINGS = { d1: 0, d2: 0, d3: 3, d4: 1, d5: 2, d6: 1 };

describe.each(testDialects())('plan edits over HTTP on %s', (dialect) => {
  let server: TestServer;
  let alice: Session;
  let aliceAgain: Session;
  let bob: Session;
  let aliceId: string;
  let bobId: string;

  beforeAll(async () => {
    server = await startTestServer(dialect);
    const org = await server.addOrganization();
    const aliceUser = await server.addUser(org, 'clinician');
    const bobUser = await server.addUser(org, 'clinician');
    aliceId = aliceUser.id;
    bobId = bobUser.id;
    alice = await signIn(server, aliceUser.email);
    // The same person signed in a second time: another tab or another computer.
    aliceAgain = await signIn(server, aliceUser.email);
    bob = await signIn(server, bobUser.email);
  });
  afterAll(async () => {
    await server.close();
  });

  function save(session: Session, plan: PlanBody, changes: Partial<PlanBody>): Promise<Response> {
    return send(server, session, 'PUT', `/api/v1/plans/${plan.id}`, {
      json: { ...documentOf(plan), ...changes },
      headers: { 'if-match': `"${plan.version}"` },
    });
  }

  async function revise(assessmentId: string, version: number, ratings = PHP_RATINGS): Promise<{ version: number }> {
    return expectJson<{ version: number }>(
      await send(server, alice, 'PUT', `/api/v1/assessments/${assessmentId}`, {
        json: assessmentDocument({ ratings }),
        headers: { 'if-match': `"${version}"` },
      }),
      200,
    );
  }

  async function actionsOf(clientId: string): Promise<string[]> {
    return (await listAuditEventsOfClient(server.database.handle.db, clientId)).map(
      (event) => `${event.action}:${event.resourceType}:${event.outcome}`,
    );
  }

  describe('a save on an old version (412)', () => {
    it('names the colleague who saved first, with the version and when', async () => {
      const { clientId } = await clientWithAssessment(server, alice);
      const draft = await draftPlan(server, alice, clientId);
      const saved = await savePlan(server, bob, draft, { ...documentOf(draft), notes: 'Bob first' });
      const problem = await expectProblem(await save(alice, draft, { notes: 'Alice late' }), 412, 'version_conflict');
      expect(problem).toMatchObject({
        currentVersion: 2,
        savedBy: { id: bobId, displayName: expect.any(String) as string },
        savedAt: saved.createdAt,
      });
      expect(problem.savedBy?.displayName).not.toBe('');
      expect(problem.detail).toBe(
        `${problem.savedBy?.displayName} saved version 2 after you opened this one. Reload it and apply your changes again.`,
      );
    });

    it('says "you" when the same person saved it in another tab', async () => {
      const { clientId } = await clientWithAssessment(server, alice);
      const draft = await draftPlan(server, alice, clientId);
      await savePlan(server, aliceAgain, draft, { ...documentOf(draft), notes: 'From the other tab' });
      const problem = await expectProblem(await save(alice, draft, { notes: 'This tab' }), 412, 'version_conflict');
      expect(problem).toMatchObject({ currentVersion: 2, savedBy: { id: aliceId } });
      expect(problem.detail).toBe(
        'You saved version 2 in another tab or window after you opened this one. Reload it and apply your changes again.',
      );
      // Finalising an old version is refused the same way.
      const finalise = await expectProblem(
        await send(server, alice, 'POST', `/api/v1/plans/${draft.id}/finalize`, {
          json: { version: 1, attestation: true },
        }),
        412,
        'version_conflict',
      );
      expect(finalise.detail).toMatch(
        /^You saved version 2 in another tab or window .* Reload it and check it again\.$/,
      );
    });
  });

  describe('a newer assessment', () => {
    it('is shown on the plan once the assessment is revised, and not before', async () => {
      const { clientId, assessmentId } = await clientWithAssessment(server, alice);
      const draft = await draftPlan(server, alice, clientId);
      expect(draft.newerAssessment).toBeNull();
      const revised = await revise(assessmentId, 1);
      const plan = await expectJson<PlanBody>(await send(server, alice, 'GET', `/api/v1/plans/${draft.id}`), 200);
      expect(plan.recommendedSetting).toBe('iop');
      expect(plan.newerAssessment).toEqual({
        id: assessmentId,
        version: revised.version,
        createdAt: expect.any(String) as string,
        recommendedSetting: 'php',
        recommendedWithRecoveryResidence: false,
      });
      const listed = await expectJson<{ items: PlanBody[] }>(
        await send(server, alice, 'GET', `/api/v1/clients/${clientId}/plans`),
        200,
      );
      expect(listed.items[0]?.newerAssessment?.version).toBe(2);
      // A new assessment of the client is newer too.
      const another = await expectJson<{ id: string }>(
        await send(server, alice, 'POST', `/api/v1/clients/${clientId}/assessments`, { json: assessmentDocument() }),
        201,
      );
      const again = await expectJson<PlanBody>(await send(server, alice, 'GET', `/api/v1/plans/${draft.id}`), 200);
      expect(again.newerAssessment).toMatchObject({ id: another.id, version: 1, recommendedSetting: 'iop' });
    });

    it('gives its recommendation to the plan on request, keeping everything the clinician wrote', async () => {
      const { clientId, assessmentId } = await clientWithAssessment(server, alice);
      const draft = await draftPlan(server, alice, clientId);
      const edited = await savePlan(server, alice, draft, completed(documentOf(draft), dayFromNow(server, 30)));
      const revised = await revise(assessmentId, 1);
      const taken = send(server, alice, 'POST', `/api/v1/plans/${draft.id}/recommendation`, {
        json: { assessment: { id: assessmentId, version: revised.version } },
        headers: { 'if-match': `"${edited.version}"` },
      });
      const response = await taken;
      const plan = await expectJson<PlanBody>(response, 200);
      expect(response.headers.get('etag')).toBe('"3"');
      expect(plan).toMatchObject({
        version: 3,
        status: 'draft',
        assessment: { id: assessmentId, version: 2 },
        recommendedSetting: 'php',
        // The clinician's choice stays, so the plan now needs a reason for the difference.
        selectedSetting: 'iop',
        variance: null,
        newerAssessment: null,
        goals: edited.goals,
        services: edited.services,
        notes: edited.notes,
        reassessBy: edited.reassessBy,
      });
      expect(plan.finalizationProblems.map((p) => p.path)).toEqual(['variance.reason', 'variance.narrative']);
      expect(await actionsOf(clientId)).toContain('plan.recommendation.update:plan:success');

      // Choosing the recommended setting again makes the variance unnecessary; a reason given is kept
      // only while the selection differs.
      const withReason = await savePlan(server, alice, plan, {
        ...documentOf(plan),
        variance: { reason: 'client-preference', narrative: 'Keeps her job.' },
      });
      await revise(assessmentId, 2, { d1: 0, d2: 0, d3: 2, d4: 1, d5: 2, d6: 1 });
      const back = await expectJson<PlanBody>(
        await send(server, alice, 'POST', `/api/v1/plans/${draft.id}/recommendation`, {
          json: { assessment: { id: assessmentId, version: 3 } },
          headers: { 'if-match': `"${withReason.version}"` },
        }),
        200,
      );
      expect(back).toMatchObject({ recommendedSetting: 'iop', selectedSetting: 'iop', variance: null });
      expect(back.finalizationProblems).toEqual([]);
    });

    it('is taken only as shown: another assessment, the plan already on it, or an old version are refused', async () => {
      const { clientId, assessmentId } = await clientWithAssessment(server, alice);
      const draft = await draftPlan(server, alice, clientId);
      const take = (version: number, assessment: { id: string; version: number }) =>
        send(server, alice, 'POST', `/api/v1/plans/${draft.id}/recommendation`, {
          json: { assessment },
          headers: { 'if-match': `"${version}"` },
        });
      await expectProblem(await take(1, { id: assessmentId, version: 1 }), 409, 'conflict');
      await revise(assessmentId, 1);
      const stale = await expectProblem(await take(1, { id: assessmentId, version: 1 }), 409, 'conflict');
      expect(stale.errors?.map((e) => `${e.in} ${e.path}`)).toEqual(['body assessment']);
      await savePlan(server, bob, draft, { ...documentOf(draft), notes: 'Bob saved' });
      await expectProblem(await take(1, { id: assessmentId, version: 2 }), 412, 'version_conflict');
      await expectProblem(
        await send(server, alice, 'POST', `/api/v1/plans/${draft.id}/recommendation`, {
          json: { assessment: { id: assessmentId, version: 2 } },
        }),
        428,
        'precondition_required',
      );
    });

    it('stops finalising until the clinician confirms it, and keeps the confirmation with the version', async () => {
      const { clientId, assessmentId } = await clientWithAssessment(server, alice);
      const draft = await draftPlan(server, alice, clientId);
      const saved = await savePlan(server, alice, draft, completed(documentOf(draft), dayFromNow(server, 30)));
      await revise(assessmentId, 1);
      const finalize = (body: Record<string, unknown>) =>
        send(server, alice, 'POST', `/api/v1/plans/${draft.id}/finalize`, {
          json: { version: saved.version, attestation: true, ...body },
        });
      const refused = await expectProblem(await finalize({}), 409, 'assessment_superseded');
      expect(refused.detail).toMatch(/newer assessment \(version 2, saved \d{4}-\d\d-\d\d\)/);
      expect(refused.errors?.map((e) => `${e.in} ${e.path}`)).toEqual(['body newerAssessment']);
      // A confirmation of another version than the current one is not a confirmation.
      const wrong = await expectProblem(
        await finalize({ newerAssessment: { id: assessmentId, version: 1 } }),
        409,
        'assessment_superseded',
      );
      expect(wrong.detail).toMatch(/changed again \(now version 2/);
      const still = await expectJson<PlanBody>(await send(server, alice, 'GET', `/api/v1/plans/${draft.id}`), 200);
      expect(still.status).toBe('draft');

      const final = await expectJson<PlanBody>(
        await finalize({ newerAssessment: { id: assessmentId, version: 2 } }),
        200,
      );
      expect(final).toMatchObject({
        status: 'final',
        assessment: { id: assessmentId, version: 1 },
        confirmedNewerAssessment: { id: assessmentId, version: 2 },
        newerAssessment: { id: assessmentId, version: 2 },
      });
      const read = await expectJson<PlanBody>(
        await send(server, bob, 'GET', `/api/v1/plans/${draft.id}/versions/${saved.version}`),
        200,
      );
      expect(read.confirmedNewerAssessment).toEqual({ id: assessmentId, version: 2 });
      const actions = await actionsOf(clientId);
      expect(actions.filter((action) => action.startsWith('plan.finalize'))).toEqual([
        'plan.finalize:plan:success',
        'plan.finalize.over-newer-assessment:assessment:success',
      ]);
    });

    it('needs no confirmation when the plan is on the current assessment, and records none', async () => {
      const { clientId, assessmentId } = await clientWithAssessment(server, alice);
      const draft = await draftPlan(server, alice, clientId);
      const saved = await savePlan(server, alice, draft, completed(documentOf(draft), dayFromNow(server, 30)));
      const final = await expectJson<PlanBody>(
        await send(server, alice, 'POST', `/api/v1/plans/${draft.id}/finalize`, {
          json: { version: saved.version, attestation: true, newerAssessment: { id: assessmentId, version: 1 } },
        }),
        200,
      );
      expect(final).toMatchObject({ status: 'final', confirmedNewerAssessment: null, newerAssessment: null });
    });
  });
});
