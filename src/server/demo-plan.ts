/**
 * The demo clinic's finalised discharge plan, so a newcomer's first `npm start` shows a complete
 * plan (its PDFs, its FHIR CarePlan, sharing and consent) without filling one in: a medication with
 * a bridge supply, a first appointment filled from a referral the demo IOP accepted, and a safety
 * plan. Made from the demo client's stored recommendation through the same core functions the API
 * uses, and refused by the same finalisation check. No share code is made: a clinician makes one
 * when needed.
 */
import type { AuditAction } from '../core/audit-actions.js';
import { appointmentFromReferral } from '../core/plans/appointment-from-referral.js';
import { draftPlan } from '../core/plans/draft.js';
import { ATTESTATION_TEXT, finalizationProblems } from '../core/plans/finalize.js';
import { addDays, goalFromTemplate } from '../core/plans/goal-templates.js';
import type { Appointment, PlanDocument } from '../core/plans/plan-schema.js';
import { StoredRecommendationSchema } from '../core/recommendation.js';
import { insertAuditEvents } from '../storage/audit.js';
import type { Executor } from '../storage/executor.js';
import { setGoalStatus } from '../storage/goal-statuses.js';
import { finalizePlanVersion, insertPlan, listPlansOfClient } from '../storage/plans.js';
import { getProgram } from '../storage/programs.js';
import type { AssessmentVersion } from '../storage/records.js';
import { changeReferralStatus, insertReferral } from '../storage/referrals.js';

/** What the demo clinician and client agreed, on top of the draft the recommendation gives. */
function demoDocument(draft: PlanDocument, today: string, intake: Appointment): PlanDocument {
  const discharge = addDays(today, 1);
  return {
    ...draft,
    dischargeDate: discharge,
    medications: [
      {
        name: 'Buprenorphine-naloxone film',
        dose: '8 mg twice a day',
        for: 'opioid-use-disorder',
        prescriber: 'Dr. Demo Rao, Demo Behavioral Health',
        lastDose: `${today}T08:00`,
        bridgeSupplyUntil: addDays(today, 4),
      },
    ],
    appointments: [
      intake,
      {
        kind: 'medication',
        with: 'Dr. Demo Rao, Demo Behavioral Health',
        address: '40 Elm Street, Springfield, MA 01103',
        phone: '(555) 010-0177',
        startsAt: `${addDays(today, 3)}T10:00`,
      },
    ],
    safetyPlan: {
      warningSigns: ['I stop answering texts', 'I sleep all day'],
      onMyOwn: ['Take a walk by the river', 'Play guitar for 20 minutes'],
      peopleAndPlaces: ['The library reading room', 'My cousin’s kitchen'],
      peopleToAsk: [{ name: 'Alex (demo)', phone: '(555) 010-0199' }],
      professionals: [
        { name: '988 Suicide & Crisis Lifeline (call or text)', phone: '988' },
        { name: 'Demo Behavioral Health', phone: '(555) 010-0177' },
      ],
      saferSurroundings: ['My sister keeps my extra medicine', 'No alcohol in the apartment'],
    },
    goals: [
      goalFromTemplate('sober-network', 'en', today, 'g1'),
      goalFromTemplate('coping-with-stress', 'en', today, 'g2'),
      goalFromTemplate('communication', 'en', today, 'g3'),
    ],
    therapies: [
      { name: 'Group therapy (CBT skills)', frequency: 'Mon, Wed, Thu evenings, 3 hours', provider: 'Demo IOP' },
      { name: 'One-on-one counseling', frequency: 'Weekly', provider: 'Demo IOP' },
    ],
    services: [
      {
        kind: 'psychiatric-follow-up',
        medicationFor: null,
        details: 'Check in on mood and sleep',
        provider: 'Demo Behavioral Health',
        appointment: 'In two weeks',
      },
      {
        kind: 'family-counselling',
        medicationFor: null,
        details: 'Monthly session',
        provider: 'Demo IOP',
        appointment: '',
      },
    ],
    supportGroups: [{ name: 'SMART Recovery', when: 'Tuesdays 7 pm', where: 'Springfield Library, room 2' }],
    soberContacts: [{ name: 'Alex (demo)', relationship: 'peer mentor', phone: '(555) 010-0199' }],
    relapsePrevention: {
      triggers: ['Stress at work on Fridays', 'Being alone in the evening'],
      warningSigns: ['Skipping meals', 'Not returning calls'],
      copingSteps: ['Call my peer mentor', 'Go to a meeting', 'Take a walk before deciding anything'],
      peopleToCall: [{ name: 'Alex (demo)', phone: '(555) 010-0199' }],
    },
    safety: { ...draft.safety, naloxone: 'has-kit', medication: 'taking', note: '' },
    reassessBy: addDays(today, 30),
    notes: 'Demo plan: made by the seed, not by a person.',
  };
}

/**
 * Stores a finalised plan for the demo client from their assessment; with `referTo`, the client is
 * referred to that program, the program accepts, and the first appointment is filled from the
 * referral. Call inside the seed's transaction.
 */
export async function insertDemoPlan(
  db: Executor,
  input: { organizationId: string; clinicianId: string; assessment: AssessmentVersion; now: Date; referTo?: string },
): Promise<void> {
  const { assessment } = input;
  const at = input.now.toISOString();
  const today = at.slice(0, 10);
  const recommendation = StoredRecommendationSchema.parse(assessment.recommendation);
  const intakeAt = `${addDays(today, 2)}T18:00`;
  let intake: Appointment = {
    kind: 'program-intake',
    with: 'Demo IOP',
    address: '100 Main Street, Springfield, MA 01103',
    phone: '(555) 010-0100',
    startsAt: intakeAt,
  };
  const referralEvents: Array<[AuditAction, string, string]> = [];
  if (input.referTo !== undefined) {
    const program = await getProgram(db, input.referTo);
    if (!program) throw new Error('the program the demo plan refers to is missing: seed the programs first');
    const referral = await insertReferral(db, {
      organizationId: input.organizationId,
      clientId: assessment.clientId,
      programId: program.program.id,
      createdBy: input.clinicianId,
      now: at,
    });
    await changeReferralStatus(db, input.organizationId, referral.id, {
      from: 'sent',
      to: 'accepted',
      changedBy: input.clinicianId,
      now: at,
    });
    intake = appointmentFromReferral(program.program, referral.id, intakeAt);
    referralEvents.push(['referral.create', 'referral', referral.id], ['referral.update', 'referral', referral.id]);
  }
  const document = demoDocument(
    draftPlan(recommendation, {
      id: assessment.assessmentId,
      version: assessment.version,
      document: assessment.document,
    }),
    today,
    intake,
  );
  const problems = finalizationProblems(document, { today });
  if (problems.length > 0) throw new Error(`the demo plan cannot be finalised: ${JSON.stringify(problems)}`);
  const plan = await insertPlan(db, {
    organizationId: input.organizationId,
    clientId: assessment.clientId,
    assessmentId: assessment.assessmentId,
    assessmentVersion: assessment.version,
    document,
    createdBy: input.clinicianId,
    now: at,
  });
  await finalizePlanVersion(db, input.organizationId, plan.planId, {
    version: plan.version,
    finalizedBy: input.clinicianId,
    attestation: ATTESTATION_TEXT,
    now: at,
  });
  const events: Array<[AuditAction, string, string]> = [
    ...referralEvents,
    ['plan.create', 'plan', plan.planId],
    ['plan.finalize', 'plan', plan.planId],
  ];
  await insertAuditEvents(
    db,
    events.map(([action, resourceType, resourceId]) => ({
      at,
      organizationId: input.organizationId,
      actorUserId: null,
      actorKind: 'system' as const,
      action,
      resourceType,
      resourceId,
      clientId: assessment.clientId,
      outcome: 'success' as const,
      ip: null,
      requestId: null,
    })),
  );
}

/**
 * Marks the first goal of a demo client's finalised plan met, as the demo clinician did at their
 * last session, so the demo's plan goals show a count and who marked it. Call inside the seed's
 * transaction, after the client's plan.
 */
export async function markDemoGoalMet(
  db: Executor,
  input: { organizationId: string; clinicianId: string; clientId: string; now: Date },
): Promise<void> {
  const [plan] = await listPlansOfClient(db, input.organizationId, input.clientId);
  if (!plan) throw new Error('the demo client has no plan whose goal could be marked met');
  const at = input.now.toISOString();
  await setGoalStatus(db, {
    organizationId: input.organizationId,
    clientId: input.clientId,
    planId: plan.planId,
    goalId: 'g1',
    met: true,
    note: 'Named three sober people to call, and has called two of them this week (demo).',
    userId: input.clinicianId,
    now: at,
  });
  await insertAuditEvents(db, [
    {
      at,
      organizationId: input.organizationId,
      actorUserId: null,
      actorKind: 'system',
      action: 'plan-goal.update',
      resourceType: 'plan',
      resourceId: plan.planId,
      clientId: input.clientId,
      outcome: 'success',
      ip: null,
      requestId: null,
    },
  ]);
}
