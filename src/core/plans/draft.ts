/**
 * A new draft plan, prefilled from a stored recommendation: the recommended setting and its reasons
 * (each rule's clinician and client wording, with sources), the same setting selected, the standard
 * safety block, and empty sections for the clinician to fill in with the client.
 */
import type { StoredRecommendation } from '../recommendation.js';
import { PLAN_SCHEMA_ID, type PlanDocument } from './plan-schema.js';
import { defaultSafetyBlock } from './safety.js';

/** Makes the first draft of a plan from the recommendation of one assessment version. */
export function draftPlan(
  recommendation: StoredRecommendation,
  assessment: { id: string; version: number },
): PlanDocument {
  const { primary } = recommendation;
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
  };
}
