/**
 * plan@2 over HTTP on SQLite and PostgreSQL: finalising is refused, naming the field, for an urgent
 * recommendation without its urgent evaluation, a plan without an appointment within 7 days of
 * discharge (and no coded reason), and a client on a medication for addiction without the plan's
 * medications; an accepted referral fills an appointment in one call; bad input on every new field
 * is a 400 naming it; a plan@1 version reads back unchanged and its amendment is plan@2.
 */
import type { CarePlan } from 'fhir/r4.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfText } from '../support/pdf.js';
import { listAuditEventsOfClient } from '../../src/storage/audit.js';
import { addPlanVersion } from '../../src/storage/plans.js';
import { ensureProgram, programFixture } from '../fixtures/programs.js';
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

/** The fields plan@2 added, removed to make a plan@1 document. */
const V2_ONLY = [
  'sequence',
  'needs',
  'selectedWithdrawalManagement',
  'withdrawalVariance',
  'urgentEvaluation',
  'medications',
  'dischargeDate',
  'appointments',
  'noAppointmentReason',
  'safetyPlan',
];

describe.each(testDialects())('plan@2 over HTTP on %s', (dialect) => {
  let server: TestServer;
  let alice: Session;
  let aliceId: string;
  let organizationId: string;
  let outsider: Session;
  const program = programFixture({ name: 'Transition Evening IOP' });

  beforeAll(async () => {
    server = await startTestServer(dialect);
    const organization = await server.addOrganization();
    organizationId = organization.id;
    const user = await server.addUser(organization, 'clinician');
    aliceId = user.id;
    alice = await signIn(server, user.email);
    outsider = await signIn(server, (await server.addUser(await server.addOrganization(), 'clinician')).email);
    await ensureProgram(server.database.handle.db, program);
  });
  afterAll(async () => {
    await server.close();
  });

  const finalize = (plan: PlanBody) =>
    send(server, alice, 'POST', `/api/v1/plans/${plan.id}/finalize`, {
      json: { version: plan.version, attestation: true },
    });

  async function completeDraft(document: Record<string, unknown> = assessmentDocument()): Promise<PlanBody> {
    const { clientId } = await clientWithAssessment(server, alice, document);
    const draft = await draftPlan(server, alice, clientId);
    return savePlan(server, alice, draft, completed(documentOf(draft), dayFromNow(server, 30)));
  }

  it('refuses to finalise an urgent recommendation without the urgent evaluation, naming it', async () => {
    const urgent = assessmentDocument({ flags: { imminentDanger: true } });
    const plan = await completeDraft(urgent);
    expect(plan.urgent).toBe(true);
    expect(plan.sequence).toEqual([{ step: 'urgent-evaluation' }]);
    const refused = await expectProblem(await finalize(plan), 400, 'invalid_input');
    expect(refused.errors).toEqual([
      {
        in: 'plan',
        path: 'urgentEvaluation',
        message:
          'the recommendation was urgent: record when the urgent evaluation happened, who did it, and what it found',
      },
    ]);
    const evaluated = await savePlan(server, alice, plan, {
      ...documentOf(plan),
      urgentEvaluation: {
        when: `${dayFromNow(server, 0)}T09:00`,
        by: 'Crisis team, Dr. Osei',
        outcome: { kind: 'stated', text: 'No current intent after review; plan for IOP with a safety plan.' },
      },
    });
    expect(evaluated.finalizationProblems).toEqual([]);
    expect((await expectJson<PlanBody>(await finalize(evaluated), 200)).status).toBe('final');
  });

  it('refuses to finalise without an appointment within 7 days of discharge and no reason, naming it', async () => {
    const plan = await completeDraft();
    const discharge = plan.dischargeDate ?? '';
    const late = await savePlan(server, alice, plan, {
      ...documentOf(plan),
      appointments: plan.appointments.map((item) => ({ ...item, startsAt: `${dayFromNow(server, 30)}T10:00` })),
    });
    const refused = await expectProblem(await finalize(late), 400, 'invalid_input');
    expect(refused.errors?.map((issue) => `${issue.in} ${issue.path}`)).toEqual(['plan appointments']);
    expect(refused.errors?.[0]?.message).toContain('within 7 days');
    expect(discharge).not.toBe('');
    const reason = await savePlan(server, alice, late, {
      ...documentOf(late),
      noAppointmentReason: { reason: 'program-will-call', text: 'Intake calls within 2 days to set the time.' },
    });
    expect((await expectJson<PlanBody>(await finalize(reason), 200)).status).toBe('final');
  });

  it('refuses to finalise the plan of a client on a medication for addiction without its medications', async () => {
    // An assessment@2 that lists methadone dosed at a clinic, and an overdose this year.
    const { clientId } = await clientWithAssessment(
      server,
      alice,
      assessmentDocument({
        schema: 'stepdown/assessment@2',
        facts: {
          substances: ['opioids'],
          currentMedications: [{ name: 'methadone', prescriber: 'Harbor Opioid Treatment Program' }],
          opioidOverdosePast12Months: true,
        },
      }),
    );
    const draft = await draftPlan(server, alice, clientId);
    expect(draft.needs).toMatchObject({ medicationsForAddiction: ['methadone'], naloxone: true });
    expect(draft.medications.map((item) => [item.name, item.prescriber, item.for])).toEqual([
      ['methadone', 'Harbor Opioid Treatment Program', 'opioid-use-disorder'],
    ]);
    const plan = await savePlan(server, alice, draft, {
      ...completed(documentOf(draft), dayFromNow(server, 30)),
      medications: [],
    });
    expect(plan.finalizationProblems.map((issue) => issue.path)).toEqual(['medications']);
    const refused = await expectProblem(await finalize(plan), 400, 'invalid_input');
    expect(refused.errors?.map((issue) => `${issue.in} ${issue.path}`)).toEqual(['plan medications']);
    expect(refused.errors?.[0]?.message).toContain('methadone');
    // Naloxone is required after the overdose: "declined" is refused too, naming the field.
    const declined = await savePlan(server, alice, plan, {
      ...documentOf(plan),
      safety: { ...plan.safety, naloxone: 'declined' },
    });
    expect(declined.finalizationProblems.map((issue) => issue.path)).toEqual(['medications', 'safety.naloxone']);
    const continued = await savePlan(server, alice, declined, {
      ...documentOf(declined),
      safety: { ...declined.safety, naloxone: 'has-kit' },
      medications: [
        {
          name: 'Methadone',
          dose: '80 mg daily',
          for: 'opioid-use-disorder',
          prescriber: 'Harbor Opioid Treatment Program',
          lastDose: `${dayFromNow(server, 0)}T07:30`,
          bridgeSupplyUntil: null,
        },
      ],
    });
    // The needs came from the assessment; an edit cannot drop them.
    expect(continued.needs.medicationsForAddiction).toEqual(['methadone']);
    expect((await expectJson<PlanBody>(await finalize(continued), 200)).status).toBe('final');
  });

  it('refuses a taper of methadone in pregnancy without a stated clinical reason, naming the field', async () => {
    // Pregnant, using opioids, on methadone: the recommendation requires no taper by default
    // (ACOG Committee Opinion 711; SAMHSA 2018); a taper is for a reason the plan states.
    const { clientId } = await clientWithAssessment(
      server,
      alice,
      assessmentDocument({
        schema: 'stepdown/assessment@2',
        facts: {
          substances: ['opioids'],
          currentMedications: [{ name: 'methadone', prescriber: 'Harbor Opioid Treatment Program' }],
          pregnant: 'yes',
        },
      }),
    );
    const draft = await draftPlan(server, alice, clientId);
    const complete = completed(documentOf(draft), dayFromNow(server, 30));
    const methadone = {
      name: 'Methadone',
      dose: '80 mg daily',
      for: 'opioid-use-disorder' as const,
      prescriber: 'Harbor Opioid Treatment Program',
      lastDose: `${dayFromNow(server, 0)}T07:30`,
      bridgeSupplyUntil: null,
    };
    const tapered = await savePlan(server, alice, draft, {
      ...complete,
      appointments: [
        ...complete.appointments,
        { ...complete.appointments[0]!, kind: 'prenatal-care', with: 'Harbor Women’s Clinic' },
      ],
      medications: [{ ...methadone, course: 'taper' }],
    });
    expect(tapered.finalizationProblems.map((issue) => issue.path)).toEqual(['medications.0.courseReason']);
    const refused = await expectProblem(await finalize(tapered), 400, 'invalid_input');
    expect(refused.errors?.map((issue) => `${issue.in} ${issue.path}`)).toEqual(['plan medications.0.courseReason']);
    expect(refused.errors?.[0]?.message).toContain('pregnancy with opioid use');
    const reasoned = await savePlan(server, alice, tapered, {
      ...documentOf(tapered),
      medications: [{ ...methadone, course: 'taper', courseReason: 'Her choice after counselling; OB and OTP agree.' }],
    });
    const final = await expectJson<PlanBody>(await finalize(reasoned), 200);
    expect(final.medications[0]?.course).toBe('taper');
    expect(final.medications[0]?.courseReason).toContain('OB and OTP');
    // The clinical record carries the taper with its reason; the FHIR MedicationStatement too.
    const record = await send(server, alice, 'GET', `/api/v1/plans/${final.id}/pdf?audience=clinician`);
    expect(pdfText(await record.arrayBuffer()).text).toContain(
      'Methadone: Tapered (the dose goes down to stop). Clinical reason: Her choice after counselling; OB and OTP agree.',
    );
    const carePlan = await expectJson<CarePlan>(await send(server, alice, 'GET', `/fhir/R4/CarePlan/${final.id}`), 200);
    expect(JSON.stringify(carePlan.contained)).toContain('Tapered (the dose goes down to stop) after discharge.');
  });

  it('names every new field when its value is wrong', async () => {
    const plan = await completeDraft();
    const base = documentOf(plan);
    const bad: Array<[string, Record<string, unknown>]> = [
      ['selectedWithdrawalManagement', { selectedWithdrawalManagement: 'detox' }],
      ['withdrawalVariance.reason', { withdrawalVariance: { reason: 'because', narrative: '' } }],
      ['urgentEvaluation.when', { urgentEvaluation: { when: '9am', by: 'x', outcome: { kind: 'stated', text: '' } } }],
      [
        'urgentEvaluation.outcome.kind',
        { urgentEvaluation: { when: null, by: 'x', outcome: { kind: 'maybe', text: '' } } },
      ],
      ['medications.0.lastDose', { medications: [{ ...medication(), lastDose: '2026-13-01T08:00' }] }],
      ['medications.0.bridgeSupplyUntil', { medications: [{ ...medication(), bridgeSupplyUntil: 'next week' }] }],
      ['medications.0.for', { medications: [{ ...medication(), for: 'pain' }] }],
      ['medications.0.dose', { medications: [{ ...medication(), dose: 'x'.repeat(201) }] }],
      ['medications.0.course', { medications: [{ ...medication(), course: 'wean' }] }],
      ['medications.0.courseReason', { medications: [{ ...medication(), courseReason: 'x'.repeat(2001) }] }],
      ['dischargeDate', { dischargeDate: '06/12/2026' }],
      ['appointments.0.startsAt', { appointments: [{ ...base.appointments[0], startsAt: '2026-12-06 09:00' }] }],
      ['appointments.0.kind', { appointments: [{ ...base.appointments[0], kind: 'party' }] }],
      ['appointments.0.referralId', { appointments: [{ ...base.appointments[0], referralId: 'r1' }] }],
      ['noAppointmentReason.reason', { noAppointmentReason: { reason: 'busy', text: '' } }],
      ['safetyPlan.warningSigns', { safetyPlan: { ...base.safetyPlan, warningSigns: 'none' } }],
      ['safetyPlan.extra', { safetyPlan: { ...base.safetyPlan, extra: [] } }],
    ];
    for (const [path, change] of bad) {
      const response = await send(server, alice, 'PUT', `/api/v1/plans/${plan.id}`, {
        json: { ...base, ...change },
        headers: { 'if-match': `"${plan.version}"` },
      });
      const problem = await expectProblem(response, 400, 'invalid_input');
      expect(
        problem.errors?.some((issue) => issue.in === 'body' && issue.path === path),
        `${path}: ${JSON.stringify(problem.errors)}`,
      ).toBe(true);
    }
    // The copied fields cannot be changed by an edit.
    const changed = await expectProblem(
      await send(server, alice, 'PUT', `/api/v1/plans/${plan.id}`, {
        json: { ...base, needs: { ...base.needs, safetyPlan: false } },
        headers: { 'if-match': `"${plan.version}"` },
      }),
      400,
      'invalid_input',
    );
    expect(changed.errors?.map((issue) => issue.path)).toEqual(['needs']);
  });

  it('fills an appointment from an accepted referral in one call, and moves it on a second', async () => {
    const plan = await completeDraft();
    const referral = await expectJson<{ id: string }>(
      await send(server, alice, 'POST', `/api/v1/clients/${plan.clientId}/referrals`, {
        json: { programId: program.id },
      }),
      201,
    );
    const path = `/api/v1/plans/${plan.id}/appointments/from-referral`;
    const startsAt = `${plan.dischargeDate ?? ''}T18:00`;
    const call = (version: number, json: unknown) =>
      send(server, alice, 'POST', path, { json, headers: { 'if-match': `"${version}"` } });
    // Not accepted yet: refused.
    await expectProblem(await call(plan.version, { referralId: referral.id, startsAt }), 409, 'conflict');
    await expectJson(
      await send(server, alice, 'PATCH', `/api/v1/referrals/${referral.id}`, { json: { status: 'accepted' } }),
      200,
    );
    await expectProblem(
      await send(server, alice, 'POST', path, { json: { referralId: referral.id, startsAt } }),
      428,
      'precondition_required',
    );
    const filled = await expectJson<PlanBody>(await call(plan.version, { referralId: referral.id, startsAt }), 200);
    expect(filled.version).toBe(plan.version + 1);
    const appointment = filled.appointments.at(-1);
    expect(appointment).toMatchObject({
      kind: 'program-intake',
      with: 'Transition Evening IOP',
      phone: program.contact.intakePhone ?? program.contact.phone ?? '',
      startsAt,
      referralId: referral.id,
    });
    expect(appointment?.address).toContain(program.location.street1 ?? '');
    const moved = await expectJson<PlanBody>(
      await call(filled.version, { referralId: referral.id, startsAt: `${plan.dischargeDate ?? ''}T19:30` }),
      200,
    );
    expect(moved.appointments.filter((item) => item.referralId === referral.id).map((item) => item.startsAt)).toEqual([
      `${plan.dischargeDate ?? ''}T19:30`,
    ]);
    await expectProblem(await call(filled.version, { referralId: referral.id, startsAt }), 412, 'version_conflict');
    const bad = await expectProblem(
      await call(moved.version, { referralId: referral.id, startsAt: 'tomorrow' }),
      400,
      'invalid_input',
    );
    expect(bad.errors?.map((issue) => issue.path)).toEqual(['startsAt']);
    const unknown = await expectProblem(
      await call(moved.version, { referralId: '00000000-0000-4000-8000-000000000000', startsAt }),
      400,
      'invalid_input',
    );
    expect(unknown.errors?.map((issue) => issue.path)).toEqual(['referralId']);
    await expectProblem(
      await send(server, outsider, 'POST', path, {
        json: { referralId: referral.id, startsAt },
        headers: { 'if-match': `"${moved.version}"` },
      }),
      404,
      'not_found',
    );
    const actions = (await listAuditEventsOfClient(server.database.handle.db, plan.clientId)).map(
      (event) => `${event.action}:${event.outcome}`,
    );
    expect(actions).toContain('referral.read:success');
    expect(actions.filter((action) => action === 'plan.update:success').length).toBeGreaterThanOrEqual(3);
  });

  it('reads a plan@1 version back unchanged, and makes its amendment a plan@2 version', async () => {
    const plan = await completeDraft();
    const v1 = { ...without(documentOf(plan), V2_ONLY), schema: 'stepdown/plan@1' };
    await addPlanVersion(server.database.handle.db, organizationId, plan.id, {
      document: v1,
      expectedVersion: plan.version,
      createdBy: aliceId,
      now: server.now().toISOString(),
    });
    const read = await expectJson<Record<string, unknown> & PlanBody>(
      await send(server, alice, 'GET', `/api/v1/plans/${plan.id}`),
      200,
    );
    expect(read.schema).toBe('stepdown/plan@1');
    for (const field of V2_ONLY) expect(read).not.toHaveProperty(field);
    // Finalising the plan@1 draft checks it as the plan@2 it becomes: the discharge date is missing.
    const refused = await expectProblem(await finalize(read), 400, 'invalid_input');
    expect(refused.errors?.map((issue) => issue.path)).toContain('dischargeDate');
    // A draft's PDF is for the clinician only.
    expect((await send(server, alice, 'GET', `/api/v1/plans/${plan.id}/pdf?audience=clinician`)).status).toBe(200);
    // The editor sends back what it read: the saved version is plan@2, the safety plan need from the assessment.
    const amended = await expectJson<PlanBody>(
      await send(server, alice, 'PUT', `/api/v1/plans/${plan.id}`, {
        json: read,
        headers: { 'if-match': `"${read.version}"` },
      }),
      200,
    );
    expect(amended.schema).toBe('stepdown/plan@2');
    expect(amended.needs.safetyPlan).toBe(true);
    expect(amended.finalizationProblems.map((issue) => issue.path)).toContain('safetyPlan');
    const older = await expectJson<Record<string, unknown>>(
      await send(server, alice, 'GET', `/api/v1/plans/${plan.id}/versions/${read.version}`),
      200,
    );
    expect(older.schema).toBe('stepdown/plan@1');
  });
});

function medication(): Record<string, unknown> {
  return {
    name: 'Buprenorphine',
    dose: '16 mg',
    for: 'opioid-use-disorder',
    prescriber: 'Dr. Rao',
    lastDose: null,
    bridgeSupplyUntil: null,
  };
}
