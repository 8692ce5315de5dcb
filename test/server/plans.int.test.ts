/**
 * Discharge plans over HTTP on SQLite and PostgreSQL: a draft made from the stored recommendation,
 * versioned saves that cannot overwrite each other (428 without If-Match, 412 when stale), the
 * finalisation rules (reassessment date, safety block, variance reason) refused by field, locked
 * finalised versions and amendments, acknowledgements, and the audit event of every step.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ATTESTATION_TEXT } from '../../src/core/plans/finalize.js';
import { addPlanVersion } from '../../src/storage/plans.js';
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
  without,
} from '../support/plans.js';
import { type Session, signIn, startTestServer, type TestServer } from '../support/server.js';

describe.each(testDialects())('plans over HTTP on %s', (dialect) => {
  let server: TestServer;
  let alice: Session;
  let bob: Session;
  let aliceId: string;

  beforeAll(async () => {
    server = await startTestServer(dialect);
    const org = await server.addOrganization();
    const aliceUser = await server.addUser(org, 'clinician');
    aliceId = aliceUser.id;
    alice = await signIn(server, aliceUser.email);
    bob = await signIn(server, (await server.addUser(org, 'clinician')).email);
  });
  afterAll(async () => {
    await server.close();
  });

  async function actionsOf(clientId: string): Promise<string[]> {
    return (await listAuditEventsOfClient(server.database.handle.db, clientId)).map(
      (event) => `${event.action}:${event.outcome}`,
    );
  }

  it('makes a draft from the latest assessment: the recommendation, its reasons, the same setting selected, the safety block', async () => {
    const { clientId, assessmentId } = await clientWithAssessment(server, alice);
    const created = await send(server, alice, 'POST', `/api/v1/clients/${clientId}/plans`, { json: {} });
    const plan = await expectJson<PlanBody>(created, 201);
    expect(created.headers.get('etag')).toBe('"1"');
    expect(created.headers.get('location')).toBe(`/api/v1/plans/${plan.id}`);
    expect(plan).toMatchObject({
      clientId,
      version: 1,
      status: 'draft',
      schema: 'stepdown/plan@2',
      assessment: { id: assessmentId, version: 1 },
      recommendedSetting: 'iop',
      selectedSetting: 'iop',
      recommendedWithRecoveryResidence: false,
      selectedWithRecoveryResidence: false,
      variance: null,
      goals: [],
      reassessBy: null,
      safety: { topics: ['lowered-tolerance', 'naloxone', 'never-use-alone', 'crisis-lines'], naloxone: 'not-asked' },
      acknowledgements: [],
      versions: [{ version: 1, status: 'draft' }],
    });
    const stored = await expectJson<{
      recommendation: { basis: Array<{ rule: string; text: string; clientText: string }> };
    }>(await send(server, alice, 'GET', `/api/v1/assessments/${assessmentId}`), 200);
    expect(plan.reasons.map((r) => [r.rule, r.text, r.clientText])).toEqual(
      stored.recommendation.basis.map((r) => [r.rule, r.text, r.clientText]),
    );
    expect(plan).toMatchObject({
      sequence: [{ step: 'level-of-care', setting: 'iop', withRecoveryResidence: false }],
      // d3 is 2: the plan needs a safety plan; an assessment@1 lists no medications.
      needs: { safetyPlan: true, medicationsForAddiction: [], naloxone: false },
      selectedWithdrawalManagement: 'none',
      medications: [],
      appointments: [],
      dischargeDate: null,
    });
    expect(plan.safetyPlan?.professionals).toEqual([
      { name: '988 Suicide & Crisis Lifeline (call or text)', phone: '988' },
    ]);
    expect(plan.finalizationProblems.map((p) => p.path)).toEqual([
      'reassessBy',
      'safety.naloxone',
      'safety.medication',
      'dischargeDate',
      'safetyPlan.warningSigns',
      'safetyPlan.onMyOwn',
      'safetyPlan.saferSurroundings',
      'safetyPlan.peopleToAsk',
      'goals',
    ]);
    expect(await actionsOf(clientId)).toContain('plan.create:success');
  });

  it('makes a draft from a named assessment, and refuses one of another client', async () => {
    const first = await clientWithAssessment(
      server,
      alice,
      assessmentDocument({ ratings: { d1: 0, d2: 0, d3: 3, d4: 1, d5: 2, d6: 1 } }),
    );
    await send(server, alice, 'POST', `/api/v1/clients/${first.clientId}/assessments`, { json: assessmentDocument() });
    const plan = await expectJson<PlanBody>(
      await send(server, alice, 'POST', `/api/v1/clients/${first.clientId}/plans`, {
        json: { assessmentId: first.assessmentId },
      }),
      201,
    );
    expect(plan.recommendedSetting).toBe('php');
    const other = await clientWithAssessment(server, alice);
    const refused = await expectProblem(
      await send(server, alice, 'POST', `/api/v1/clients/${other.clientId}/plans`, {
        json: { assessmentId: first.assessmentId },
      }),
      400,
      'invalid_input',
    );
    expect(refused.errors?.map((e) => e.path)).toEqual(['assessmentId']);
    const bare = await expectJson<{ id: string }>(
      await send(server, alice, 'POST', '/api/v1/clients', { json: { displayName: 'No Assessment' } }),
      201,
    );
    await expectProblem(
      await send(server, alice, 'POST', `/api/v1/clients/${bare.id}/plans`, { json: {} }),
      409,
      'conflict',
    );
  });

  it('lists, reads with an ETag, and reads each version', async () => {
    const { clientId } = await clientWithAssessment(server, alice);
    const draft = await draftPlan(server, alice, clientId);
    const second = await savePlan(server, alice, draft, { ...documentOf(draft), notes: 'second' });
    const list = await expectJson<{ items: PlanBody[] }>(
      await send(server, alice, 'GET', `/api/v1/clients/${clientId}/plans`),
      200,
    );
    expect(list.items.map((p) => [p.id, p.version])).toEqual([[draft.id, 2]]);
    const read = await send(server, alice, 'GET', `/api/v1/plans/${draft.id}`);
    expect(read.headers.get('etag')).toBe('"2"');
    expect((await expectJson<PlanBody>(read, 200)).notes).toBe('second');
    const first = await expectJson<PlanBody>(
      await send(server, alice, 'GET', `/api/v1/plans/${draft.id}/versions/1`),
      200,
    );
    expect(first.notes).toBe('');
    expect(second.versions.map((v) => v.version)).toEqual([1, 2]);
    await expectProblem(await send(server, alice, 'GET', `/api/v1/plans/${draft.id}/versions/9`), 404, 'not_found');
    expect(await actionsOf(clientId)).toEqual(
      expect.arrayContaining(['plan.update:success', 'plan.list:success', 'plan.read:success']),
    );
  });

  it('needs If-Match to save (428), and two clinicians cannot overwrite each other unknowingly (412)', async () => {
    const { clientId } = await clientWithAssessment(server, alice);
    const draft = await draftPlan(server, alice, clientId);
    const problem = await expectProblem(
      await send(server, alice, 'PUT', `/api/v1/plans/${draft.id}`, { json: documentOf(draft) }),
      428,
      'precondition_required',
    );
    expect(problem.detail).toMatch(/If-Match/);
    expect(problem.errors?.map((issue) => `${issue.in} ${issue.path}`)).toEqual(['headers if-match']);

    // Both open version 1; Alice saves first; Bob's save on version 1 is refused, not lost silently.
    const asBob = await expectJson<PlanBody>(await send(server, bob, 'GET', `/api/v1/plans/${draft.id}`), 200);
    const saved = await savePlan(server, alice, draft, { ...documentOf(draft), notes: 'Alice was here' });
    expect(saved.version).toBe(2);
    await expectProblem(
      await send(server, bob, 'PUT', `/api/v1/plans/${draft.id}`, {
        json: { ...documentOf(asBob), notes: 'Bob overwrites' },
        headers: { 'if-match': `"${asBob.version}"` },
      }),
      412,
      'version_conflict',
    );
    const current = await expectJson<PlanBody>(await send(server, bob, 'GET', `/api/v1/plans/${draft.id}`), 200);
    expect(current.notes).toBe('Alice was here');
    // Bob reloads and saves on top of Alice's version.
    expect((await savePlan(server, bob, current, { ...documentOf(current), notes: 'Bob, after Alice' })).version).toBe(
      3,
    );
  });

  it('accepts the response sent back as it came, and refuses a changed recommendation or a removed safety block', async () => {
    const { clientId } = await clientWithAssessment(server, alice);
    const draft = await draftPlan(server, alice, clientId);
    const roundTrip = await expectJson<PlanBody>(
      await send(server, alice, 'PUT', `/api/v1/plans/${draft.id}`, {
        json: draft,
        headers: { 'if-match': '"1"' },
      }),
      200,
    );
    expect(roundTrip.version).toBe(2);
    const changed = await expectProblem(
      await send(server, alice, 'PUT', `/api/v1/plans/${draft.id}`, {
        json: { ...documentOf(roundTrip), recommendedSetting: 'op' },
        headers: { 'if-match': '"2"' },
      }),
      400,
      'invalid_input',
    );
    expect(changed.errors?.map((e) => e.path)).toEqual(['recommendedSetting']);
    const withoutSafety = without(documentOf(roundTrip), ['safety']);
    const removed = await expectProblem(
      await send(server, alice, 'PUT', `/api/v1/plans/${draft.id}`, {
        json: withoutSafety,
        headers: { 'if-match': '"2"' },
      }),
      400,
      'invalid_input',
    );
    expect(removed.errors).toEqual([{ in: 'body', path: 'safety', message: 'required' }]);
    // Leaving the recommendation out keeps it.
    const withoutRecommendation = without(documentOf(roundTrip), ['reasons', 'recommendedSetting']);
    const kept = await expectJson<PlanBody>(
      await send(server, alice, 'PUT', `/api/v1/plans/${draft.id}`, {
        json: withoutRecommendation,
        headers: { 'if-match': '"2"' },
      }),
      200,
    );
    expect(kept.recommendedSetting).toBe('iop');
    expect(kept.reasons).toEqual(draft.reasons);
  });

  describe('finalising', () => {
    async function finalize(plan: PlanBody, body: unknown = { version: plan.version, attestation: true }) {
      return send(server, alice, 'POST', `/api/v1/plans/${plan.id}/finalize`, { json: body });
    }

    it('is refused without a reassessment date, naming the field', async () => {
      const { clientId } = await clientWithAssessment(server, alice);
      const draft = await draftPlan(server, alice, clientId);
      const saved = await savePlan(server, alice, draft, {
        ...completed(documentOf(draft), dayFromNow(server, 30)),
        reassessBy: null,
      });
      const problem = await expectProblem(await finalize(saved), 400, 'invalid_input');
      expect(problem.errors).toEqual([
        { in: 'plan', path: 'reassessBy', message: 'set a reassessment date before finalising' },
      ]);
      const past = await savePlan(server, alice, saved, { ...documentOf(saved), reassessBy: dayFromNow(server, 0) });
      // Today is before the discharge date too: two problems with the one field.
      expect(
        new Set((await expectProblem(await finalize(past), 400, 'invalid_input')).errors?.map((e) => e.path)),
      ).toEqual(new Set(['reassessBy']));
    });

    it('is refused with the safety block incomplete or removed, naming each part', async () => {
      const { clientId } = await clientWithAssessment(server, alice);
      const draft = await draftPlan(server, alice, clientId);
      const complete = completed(documentOf(draft), dayFromNow(server, 30));
      const incomplete = await savePlan(server, alice, draft, {
        ...complete,
        safety: {
          ...complete.safety,
          topics: ['lowered-tolerance', 'naloxone', 'crisis-lines'],
          medication: 'not-asked',
        },
      });
      const problem = await expectProblem(await finalize(incomplete), 400, 'invalid_input');
      expect(problem.errors?.map((e) => `${e.in} ${e.path}`)).toEqual(['plan safety.topics', 'plan safety.medication']);
      expect(problem.errors?.[0]?.message).toMatch(/never-use-alone/);

      // The API cannot remove the block (see above); a stored version without one is still never finalised.
      const withoutSafety = without(complete, ['safety']);
      await addPlanVersion(server.database.handle.db, await orgOf(), incomplete.id, {
        document: withoutSafety,
        expectedVersion: incomplete.version,
        createdBy: aliceId,
        now: server.now().toISOString(),
      });
      const removed = await expectProblem(
        await finalize(incomplete, { version: incomplete.version + 1, attestation: true }),
        400,
        'invalid_input',
      );
      expect(removed.errors).toEqual([{ in: 'plan', path: 'safety', message: 'required' }]);
    });

    it('is refused when the selected setting differs and there is no variance reason and narrative', async () => {
      const { clientId } = await clientWithAssessment(server, alice);
      const draft = await draftPlan(server, alice, clientId);
      const complete = completed(documentOf(draft), dayFromNow(server, 30));
      const differing = await savePlan(server, alice, draft, { ...complete, selectedSetting: 'op' });
      const problem = await expectProblem(await finalize(differing), 400, 'invalid_input');
      expect(problem.errors?.map((e) => e.path)).toEqual(['variance.reason', 'variance.narrative']);
      const other = await savePlan(server, alice, differing, {
        ...complete,
        selectedSetting: 'op',
        variance: { reason: 'other', narrative: 'Moving out of state next week.' },
      });
      expect((await expectProblem(await finalize(other), 400, 'invalid_input')).errors?.map((e) => e.path)).toEqual([
        'variance.otherText',
      ]);
      const explained = await savePlan(server, alice, other, {
        ...complete,
        selectedSetting: 'op',
        variance: { reason: 'waitlist', narrative: 'No IOP place for 6 weeks; weekly sessions until then.' },
      });
      const final = await expectJson<PlanBody>(await finalize(explained), 200);
      expect(final).toMatchObject({ status: 'final', selectedSetting: 'op', variance: { reason: 'waitlist' } });
    });

    it('needs the attestation', async () => {
      const { clientId } = await clientWithAssessment(server, alice);
      const draft = await draftPlan(server, alice, clientId);
      const saved = await savePlan(server, alice, draft, completed(documentOf(draft), dayFromNow(server, 30)));
      const problem = await expectProblem(
        await finalize(saved, { version: saved.version, attestation: false }),
        400,
        'invalid_input',
      );
      expect(problem.errors?.map((e) => `${e.in} ${e.path}`)).toEqual(['body attestation']);
    });

    it('records who and when, locks the version, and makes a later edit an amendment', async () => {
      const { clientId } = await clientWithAssessment(server, alice);
      const draft = await draftPlan(server, alice, clientId);
      const saved = await savePlan(server, alice, draft, completed(documentOf(draft), dayFromNow(server, 30)));
      await expectProblem(await finalize(saved, { version: 1, attestation: true }), 412, 'version_conflict');
      const final = await expectJson<PlanBody>(await finalize(saved), 200);
      expect(final).toMatchObject({
        version: 2,
        status: 'final',
        finalizedBy: aliceId,
        attestation: ATTESTATION_TEXT,
        latestFinalVersion: 2,
        finalizationProblems: [],
      });
      expect(Date.parse(final.finalizedAt ?? '')).toBeGreaterThan(0);
      await expectProblem(await finalize(final), 409, 'conflict');

      // An edit after finalising is a new draft that amends version 2; version 2 stays as it was.
      const amendment = await savePlan(server, alice, final, { ...documentOf(final), notes: 'Amended later' });
      expect(amendment).toMatchObject({ version: 3, status: 'draft', amends: 2, latestFinalVersion: 2 });
      const locked = await expectJson<PlanBody>(
        await send(server, alice, 'GET', `/api/v1/plans/${final.id}/versions/2`),
        200,
      );
      expect(locked).toMatchObject({ status: 'final', notes: final.notes, finalizedAt: final.finalizedAt });
      expect(await actionsOf(clientId)).toEqual(expect.arrayContaining(['plan.finalize:success']));
    });
  });

  it('records the client’s acknowledgement of a finalised plan only', async () => {
    const { clientId } = await clientWithAssessment(server, alice);
    const draft = await draftPlan(server, alice, clientId);
    await expectProblem(
      await send(server, alice, 'POST', `/api/v1/plans/${draft.id}/acknowledgement`, { json: {} }),
      409,
      'conflict',
    );
    const saved = await savePlan(server, alice, draft, completed(documentOf(draft), dayFromNow(server, 30)));
    await send(server, alice, 'POST', `/api/v1/plans/${draft.id}/finalize`, {
      json: { version: 2, attestation: true },
    });
    const ack = await expectJson<{ version: number; via: string; language: string; acknowledgedAt: string }>(
      await send(server, alice, 'POST', `/api/v1/plans/${draft.id}/acknowledgement`, { json: { language: 'es' } }),
      201,
    );
    expect(ack).toMatchObject({ version: saved.version, via: 'clinician', language: 'es' });
    await expectProblem(
      await send(server, alice, 'POST', `/api/v1/plans/${draft.id}/acknowledgement`, { json: { version: 1 } }),
      409,
      'conflict',
    );
    const read = await expectJson<PlanBody>(await send(server, alice, 'GET', `/api/v1/plans/${draft.id}`), 200);
    expect(read.acknowledgements.map((a) => a.via)).toEqual(['clinician']);
    expect(await actionsOf(clientId)).toContain('plan.acknowledge:success');
  });

  async function orgOf(): Promise<string> {
    const session = await expectJson<{ user: { organizationId: string } }>(
      await send(server, alice, 'GET', '/api/v1/auth/session'),
      200,
    );
    return session.user.organizationId;
  }
});
