/**
 * Request and response shapes of the plan and sharing routes. The plan document itself is the
 * core's `stepdown/plan@2` schema (stored plan@1 versions are answered as they are), shared with
 * the browser.
 */
import { z } from 'zod';
import { AppointmentSchema, PlanDocumentSchema, PlanDocumentV1Schema, PlanEditSchema } from '../plans/plan-schema.js';

/** An assessment version, as a plan names the one it starts from. */
const AssessmentRef = z.strictObject({ id: z.uuid(), version: z.int().min(1).max(1_000_000) });

export const CreatePlanBody = z.strictObject({
  /** The assessment whose recommendation the plan starts from; the client's latest when left out. */
  assessmentId: z.uuid().optional(),
});

/**
 * Read-only fields of a plan response. An editor may send the response back as it came; these are
 * ignored (the version to save on top of is the If-Match header, not a field).
 */
const READ_ONLY_FIELDS = {
  id: z.unknown().optional(),
  clientId: z.unknown().optional(),
  version: z.unknown().optional(),
  status: z.unknown().optional(),
  amends: z.unknown().optional(),
  latestFinalVersion: z.unknown().optional(),
  createdBy: z.unknown().optional(),
  createdAt: z.unknown().optional(),
  finalizedBy: z.unknown().optional(),
  finalizedAt: z.unknown().optional(),
  attestation: z.unknown().optional(),
  acknowledgements: z.unknown().optional(),
  versions: z.unknown().optional(),
  finalizationProblems: z.unknown().optional(),
  newerAssessment: z.unknown().optional(),
  confirmedNewerAssessment: z.unknown().optional(),
};

export const PlanUpdateBody = PlanEditSchema.extend(READ_ONLY_FIELDS);

export const AppointmentFromReferralBody = z.strictObject({
  /** An accepted referral of the plan's client. */
  referralId: z.uuid(),
  /** The date and time agreed with the program, local time: YYYY-MM-DDTHH:MM. */
  startsAt: AppointmentSchema.shape.startsAt.unwrap(),
});

export const FinalizeBody = z.strictObject({
  /** The version the clinician reviewed; it must still be the current one. */
  version: z.int().min(1).max(1_000_000),
  attestation: z.literal(true, 'must be true: confirm you reviewed the basis and chose this plan'),
  /**
   * Needed when the client has a newer assessment than the one the plan starts from: that newer
   * assessment as the clinician was shown it (the plan's `newerAssessment`), confirming they
   * finalise on the older one. It is kept with the finalised version.
   */
  newerAssessment: AssessmentRef.optional(),
});

/**
 * Moves the plan onto the client's newer assessment (its `newerAssessment`, named as shown): a new
 * draft version with that assessment's recommendation and everything else kept. If-Match as for a save.
 */
export const NewRecommendationBody = z.strictObject({ assessment: AssessmentRef });

export const AcknowledgementBody = z.strictObject({
  /** The finalised version the client read; the latest finalised version when left out. */
  version: z.int().min(1).max(1_000_000).optional(),
  /** The language the client read the plan in; the client's preferred language when left out. */
  language: z.enum(['en', 'es']).optional(),
});

export const PdfQuery = z.strictObject({
  audience: z.enum(['client', 'clinician', 'receiving']),
  /**
   * For audience=receiving: the Part 2 consent (full plan, in force) whose recipient is the program
   * the client was referred to; the transition summary is disclosed to that program only.
   */
  consent: z.uuid().optional(),
  lang: z.enum(['en', 'es']).optional(),
  version: z.coerce.number().int().min(1).max(1_000_000).optional(),
});

const AcknowledgementResponse = z.object({
  id: z.string(),
  planId: z.string(),
  version: z.number(),
  via: z.enum(['clinician', 'share']),
  language: z.enum(['en', 'es']),
  acknowledgedAt: z.string(),
});

const PLAN_VERSION_FIELDS = {
  id: z.string(),
  clientId: z.string(),
  version: z.number(),
  status: z.enum(['draft', 'final']),
  amends: z.number().nullable(),
  latestFinalVersion: z.number().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
  finalizedBy: z.string().nullable(),
  finalizedAt: z.string().nullable(),
  attestation: z.string().nullable(),
  acknowledgements: z.array(AcknowledgementResponse),
  versions: z.array(
    z.object({
      version: z.number(),
      status: z.enum(['draft', 'final']),
      createdAt: z.string(),
      finalizedAt: z.string().nullable(),
    }),
  ),
  /** What still stands in the way of finalising this version (empty for a final one). */
  finalizationProblems: z.array(z.object({ path: z.string(), message: z.string() })),
  /**
   * The client's current assessment when it is not the one this version starts from (it was
   * revised, or a new one was made), with its recommendation; null when the plan is on it.
   */
  newerAssessment: z
    .object({
      id: z.string(),
      version: z.number(),
      createdAt: z.string(),
      recommendedSetting: PlanDocumentSchema.shape.recommendedSetting,
      recommendedWithRecoveryResidence: z.boolean(),
    })
    .nullable(),
  /** For a version finalised while the client had a newer assessment: the one the clinician confirmed finalising over. */
  confirmedNewerAssessment: z.object({ id: z.string(), version: z.number() }).nullable(),
};

/** A plan version: its document as stored (plan@2, or plan@1 for versions made before it), with the version's facts. */
export const PlanResponse = z.discriminatedUnion('schema', [
  PlanDocumentSchema.extend(PLAN_VERSION_FIELDS),
  PlanDocumentV1Schema.extend(PLAN_VERSION_FIELDS),
]);

export type PlanResponse = z.infer<typeof PlanResponse>;

export const PlanListResponse = z.object({ items: z.array(PlanResponse) });
export type PlanListResponse = z.infer<typeof PlanListResponse>;

export { AcknowledgementResponse };
export type AcknowledgementResponse = z.infer<typeof AcknowledgementResponse>;

export const ShareResponse = z.object({ code: z.string(), url: z.string(), createdAt: z.string() });
export type ShareResponse = z.infer<typeof ShareResponse>;
