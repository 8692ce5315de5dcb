/** Assessments: each version with the recommendation the engine made from it. */
import { z } from 'zod';
import { AssessmentSchema } from '../assessment.js';
import { StoredRecommendationSchema } from '../recommendation.js';

export const RulesetRefResponse = z.object({ id: z.string(), version: z.string(), hash: z.string() });

export const AssessmentResponse = z.object({
  id: z.string(),
  clientId: z.string(),
  version: z.number(),
  assessment: AssessmentSchema,
  recommendation: StoredRecommendationSchema,
  ruleset: RulesetRefResponse,
  createdBy: z.string(),
  createdAt: z.string(),
});
export type AssessmentResponse = z.infer<typeof AssessmentResponse>;

export const AssessmentListResponse = z.object({ items: z.array(AssessmentResponse) });
export type AssessmentListResponse = z.infer<typeof AssessmentListResponse>;
