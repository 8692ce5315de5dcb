/**
 * The demo clinic's finalised discharge plan, so a newcomer's first `npm start` shows a complete
 * plan (its PDFs, its FHIR CarePlan, sharing and consent) without filling one in. Made from the
 * demo client's stored recommendation through the same core functions the API uses, and refused
 * by the same finalisation check. No share code is made: a clinician makes one when needed.
 */
import { draftPlan } from '../core/plans/draft.js';
import { ATTESTATION_TEXT, finalizationProblems } from '../core/plans/finalize.js';
import { addDays, goalFromTemplate } from '../core/plans/goal-templates.js';
import type { PlanDocument } from '../core/plans/plan-schema.js';
import { StoredRecommendationSchema } from '../core/recommendation.js';
import { insertAuditEvents } from '../storage/audit.js';
import type { Executor } from '../storage/executor.js';
import { finalizePlanVersion, insertPlan } from '../storage/plans.js';
import type { AssessmentVersion } from '../storage/records.js';

/** What the demo clinician and client agreed, on top of the draft the recommendation gives. */
function demoDocument(draft: PlanDocument, today: string): PlanDocument {
  return {
    ...draft,
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
    safety: { ...draft.safety, naloxone: 'has-kit', medication: 'not-needed', note: '' },
    reassessBy: addDays(today, 30),
    notes: 'Demo plan: made by the seed, not by a person.',
  };
}

/** Stores a finalised plan for the demo client from their assessment. Call inside the seed's transaction. */
export async function insertDemoPlan(
  db: Executor,
  input: { organizationId: string; clinicianId: string; assessment: AssessmentVersion; now: Date },
): Promise<void> {
  const { assessment } = input;
  const at = input.now.toISOString();
  const today = at.slice(0, 10);
  const recommendation = StoredRecommendationSchema.parse(assessment.recommendation);
  const document = demoDocument(
    draftPlan(recommendation, { id: assessment.assessmentId, version: assessment.version }),
    today,
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
  await insertAuditEvents(
    db,
    ['plan.create', 'plan.finalize'].map((action) => ({
      at,
      organizationId: input.organizationId,
      actorUserId: null,
      actorKind: 'system' as const,
      action,
      resourceType: 'plan',
      resourceId: plan.planId,
      clientId: assessment.clientId,
      outcome: 'success' as const,
      ip: null,
      requestId: null,
    })),
  );
}
