/**
 * The discharge plan document `stepdown/plan@1`. One schema serves the browser (live checks while a
 * clinician edits), the server (request validation, stored versions read back) and the exports.
 *
 * A draft may be incomplete: empty goal text, no reassessment date, no variance reason. What a plan
 * needs before it can be finalised is checked by `finalizationProblems` (finalize.ts), not here, so
 * the clinician can save work in progress. Two things hold even for drafts: the safety block is
 * always there (it cannot be removed), and the recommendation the plan started from is carried
 * unchanged from the assessment.
 */
import { z } from 'zod';
import { BasisEntrySchema } from '../recommendation.js';
import { SETTINGS, WITHDRAWAL_MANAGEMENT } from '../settings.js';
import {
  GOAL_TEMPLATE_IDS,
  MEDICATION_PLAN_STATUSES,
  MEDICATION_PURPOSES,
  NALOXONE_STATUSES,
  SAFETY_TOPICS,
  SERVICE_KINDS,
  VARIANCE_REASONS,
} from './vocabulary.js';

export const PLAN_SCHEMA_ID = 'stepdown/plan@1';

/** Size limits, shared with the browser so it can stop input before the server refuses it. */
export const PLAN_LIMITS = {
  shortText: 200,
  text: 2000,
  notes: 10_000,
  listItems: 50,
  goals: 30,
} as const;

const primarySetting = z.enum([...SETTINGS, 'urgent-evaluation'] as [
  'op',
  'iop',
  'php',
  'residential',
  'inpatient',
  'urgent-evaluation',
]);
/** A calendar date, `YYYY-MM-DD`. */
const date = z.iso.date('must be a date as YYYY-MM-DD');
const shortText = z.string().max(PLAN_LIMITS.shortText);
const text = z.string().max(PLAN_LIMITS.text);
const textList = z.array(z.string().max(PLAN_LIMITS.text)).max(PLAN_LIMITS.listItems);
const list = <T extends z.ZodType>(item: T) => z.array(item).max(PLAN_LIMITS.listItems);

export const VarianceSchema = z.strictObject({
  reason: z.enum(VARIANCE_REASONS),
  /** Required when the reason is `other`. */
  otherText: shortText.optional(),
  narrative: text,
});

export const GoalSchema = z.strictObject({
  /** Chosen by the editor (browser or server), unique within the plan; keeps a goal's identity across versions. */
  id: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'must be 1 to 40 letters, digits, - or _'),
  template: z.enum(GOAL_TEMPLATE_IDS).nullable(),
  text,
  /** How progress is measured, in words the client understands. */
  measure: text,
  targetDate: date.nullable(),
});

export const TherapySchema = z.strictObject({
  name: shortText,
  frequency: shortText,
  provider: shortText,
});

export const ServiceSchema = z.strictObject({
  kind: z.enum(SERVICE_KINDS),
  /** For `medication`: what it treats (medication for opioid or alcohol use disorder is named). */
  medicationFor: z.enum(MEDICATION_PURPOSES).nullable(),
  details: text,
  provider: shortText,
  /** A first appointment or contact, in the clinician's words ("Tue 4 March, 10:00"). */
  appointment: shortText,
});

export const SupportGroupSchema = z.strictObject({ name: shortText, when: shortText, where: shortText });

export const ContactSchema = z.strictObject({ name: shortText, relationship: shortText, phone: shortText });

export const PersonToCallSchema = z.strictObject({ name: shortText, phone: shortText });

export const RelapsePreventionSchema = z.strictObject({
  triggers: textList,
  warningSigns: textList,
  copingSteps: textList,
  peopleToCall: list(PersonToCallSchema),
});

/**
 * The overdose-safety block (REQ-S3). Its wording is standard text per language (safety.ts), so the
 * client reads it in English or Spanish whatever language the clinician wrote in; the plan records
 * which parts are included and the client's answers about naloxone and medication.
 */
export const SafetyBlockSchema = z.strictObject({
  topics: z.array(z.enum(SAFETY_TOPICS)).max(SAFETY_TOPICS.length),
  naloxone: z.enum(NALOXONE_STATUSES),
  medication: z.enum(MEDICATION_PLAN_STATUSES),
  /** Anything the clinician adds for this client (where to get naloxone near home, a pharmacy). */
  note: text,
});

const RulesetRefSchema = z.strictObject({
  id: z.string().min(1),
  version: z.string().min(1),
  hash: z.string().regex(/^sha256:[0-9a-f]{64}$/),
});

/** Fields copied from the stored recommendation when the plan is made; no edit may change them. */
export const RECOMMENDATION_FIELDS = [
  'assessment',
  'ruleset',
  'recommendedSetting',
  'recommendedWithRecoveryResidence',
  'recommendedHoursPerWeek',
  'withdrawalManagement',
  'urgent',
  'reasons',
] as const;

export const PlanDocumentSchema = z.strictObject({
  schema: z.literal(PLAN_SCHEMA_ID),
  /** The assessment version whose recommendation this plan starts from. */
  assessment: z.strictObject({ id: z.uuid(), version: z.int().min(1) }),
  ruleset: RulesetRefSchema,
  recommendedSetting: primarySetting,
  recommendedWithRecoveryResidence: z.boolean(),
  recommendedHoursPerWeek: z.strictObject({ min: z.number().min(0), max: z.number().min(0).optional() }).nullable(),
  withdrawalManagement: z.enum(WITHDRAWAL_MANAGEMENT as ['none', 'ambulatory', 'residential', 'inpatient']),
  urgent: z.boolean(),
  /** The basis of the recommendation: each rule that fired, with clinician and client wording and sources. */
  reasons: z.array(BasisEntrySchema).min(1),
  selectedSetting: primarySetting,
  selectedWithRecoveryResidence: z.boolean(),
  /** Why the selected setting differs from the recommended one; null when it does not. */
  variance: VarianceSchema.nullable(),
  goals: z.array(GoalSchema).max(PLAN_LIMITS.goals),
  therapies: list(TherapySchema),
  services: list(ServiceSchema),
  supportGroups: list(SupportGroupSchema),
  soberContacts: list(ContactSchema),
  relapsePrevention: RelapsePreventionSchema,
  safety: SafetyBlockSchema,
  /** When the plan is looked at again (REQ-R12); required to finalise. */
  reassessBy: date.nullable(),
  /** Clinician notes; never shown to the client or a recipient. */
  notes: z.string().max(PLAN_LIMITS.notes),
});

export type PlanDocument = z.infer<typeof PlanDocumentSchema>;
export type Variance = z.infer<typeof VarianceSchema>;
export type Goal = z.infer<typeof GoalSchema>;
export type Therapy = z.infer<typeof TherapySchema>;
export type Service = z.infer<typeof ServiceSchema>;
export type SupportGroup = z.infer<typeof SupportGroupSchema>;
export type Contact = z.infer<typeof ContactSchema>;
export type RelapsePrevention = z.infer<typeof RelapsePreventionSchema>;
export type SafetyBlock = z.infer<typeof SafetyBlockSchema>;
export type PlanSetting = PlanDocument['selectedSetting'];

/**
 * What an edit may send: the document, where the fields copied from the recommendation may be left
 * out (they are kept) but, when sent, must be unchanged.
 */
export const PlanEditSchema = PlanDocumentSchema.partial(
  Object.fromEntries(RECOMMENDATION_FIELDS.map((field) => [field, true])) as {
    [K in (typeof RECOMMENDATION_FIELDS)[number]]: true;
  },
);
export type PlanEdit = z.infer<typeof PlanEditSchema>;

/** True when the selected setting (or the sober-home pairing) differs from the recommendation. */
export function selectionDiffers(
  plan: Pick<
    PlanDocument,
    'recommendedSetting' | 'recommendedWithRecoveryResidence' | 'selectedSetting' | 'selectedWithRecoveryResidence'
  >,
): boolean {
  return (
    plan.selectedSetting !== plan.recommendedSetting ||
    plan.selectedWithRecoveryResidence !== plan.recommendedWithRecoveryResidence
  );
}
