/**
 * A new draft plan, prefilled from a stored recommendation: the recommended setting and its reasons
 * (each rule's clinician and client wording, with sources), the same setting selected, the standard
 * safety block, and empty sections for the clinician to fill in with the client.
 */
import { type StoredRecommendation, sequenceOf } from '../recommendation.js';
import { purposeOf } from './medicines.js';
import { medicationsListedIn, planNeedsOf } from './plan-needs.js';
import { PLAN_SCHEMA_ID, type PlanDocument, type SafetyPlan } from './plan-schema.js';
import { defaultSafetyBlock } from './safety.js';

/** A safety plan to fill in with the client; the national crisis line is always one of its numbers. */
export function emptySafetyPlan(): SafetyPlan {
  return {
    warningSigns: [],
    onMyOwn: [],
    peopleAndPlaces: [],
    peopleToAsk: [],
    professionals: [{ name: '988 Suicide & Crisis Lifeline (call or text)', phone: '988' }],
    saferSurroundings: [],
  };
}

/**
 * Makes the first draft of a plan from the recommendation of one assessment version. With the
 * assessment document, the plan copies what it needs (safety plan, medications, naloxone) and lists
 * the medications for addiction the client already takes, to complete with the dose and last dose.
 */
export function draftPlan(
  recommendation: StoredRecommendation,
  assessment: { id: string; version: number; document?: unknown },
): PlanDocument {
  const { primary } = recommendation;
  const needs = planNeedsOf(assessment.document, recommendation.requirements ?? []);
  return {
    schema: PLAN_SCHEMA_ID,
    assessment: { id: assessment.id, version: assessment.version },
    ruleset: { ...recommendation.ruleset },
    recommendedSetting: primary.setting,
    recommendedWithRecoveryResidence: primary.withRecoveryResidence,
    recommendedHoursPerWeek: primary.hoursPerWeek === null ? null : { ...primary.hoursPerWeek },
    withdrawalManagement: recommendation.withdrawalManagement,
    urgent: recommendation.urgent,
    reasons: recommendation.basis.map((entry) => ({ ...entry, sources: [...entry.sources] })),
    sequence: sequenceOf(recommendation),
    needs,
    selectedSetting: primary.setting,
    selectedWithRecoveryResidence: primary.withRecoveryResidence,
    variance: null,
    goals: [],
    therapies: [],
    services: [],
    supportGroups: [],
    soberContacts: [],
    relapsePrevention: { triggers: [], warningSigns: [], copingSteps: [], peopleToCall: [] },
    safety: defaultSafetyBlock(),
    reassessBy: null,
    notes: '',
    selectedWithdrawalManagement: recommendation.withdrawalManagement,
    withdrawalVariance: null,
    urgentEvaluation: null,
    medications: medicationsListedIn(assessment.document).map((listed) => ({
      name: listed.name,
      dose: '',
      for: purposeOf(listed.name),
      prescriber: listed.prescriber,
      lastDose: null,
      bridgeSupplyUntil: null,
    })),
    dischargeDate: null,
    appointments: [],
    noAppointmentReason: null,
    safetyPlan: needs.safetyPlan ? emptySafetyPlan() : null,
  };
}
