/**
 * A plan moved onto a newer assessment: the recommendation's fields (the assessment it comes from,
 * the rule set, the recommended setting, hours, withdrawal management, urgency, the reasons, the care sequence and the needs drawn from the assessment) are
 * replaced by those of the newer assessment, and everything the clinician wrote is kept, the
 * selected setting included. The variance is checked again: when the selection now matches the
 * recommendation it is no longer needed and goes; when it differs, a reason is still (or now)
 * required before finalising.
 */
import type { StoredRecommendation } from '../recommendation.js';
import { draftPlan } from './draft.js';
import { type PlanDocument, RECOMMENDATION_FIELDS, selectionDiffers } from './plan-schema.js';

export function withNewRecommendation(
  plan: PlanDocument,
  recommendation: StoredRecommendation,
  assessment: { id: string; version: number; document?: unknown },
): PlanDocument {
  const fresh = draftPlan(recommendation, assessment);
  const moved: PlanDocument = {
    ...plan,
    ...Object.fromEntries(RECOMMENDATION_FIELDS.map((field) => [field, fresh[field]])),
  };
  return selectionDiffers(moved) ? moved : { ...moved, variance: null };
}
