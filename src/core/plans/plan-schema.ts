/**
 * The discharge plan documents `stepdown/plan@1` and `stepdown/plan@2` (DESIGN.md 5.1). One schema
 * serves the browser (live checks while a clinician edits), the server (request validation, stored
 * versions read back) and the exports. Stored plan@1 versions stay as they were written and are read
 * through `upgradePlan`; every new draft and every amendment is plan@2.
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
import { CareStepSchema, sequenceFromFields } from './sequence.js';
import {
  APPOINTMENT_KINDS,
  GOAL_TEMPLATE_IDS,
  MEDICATION_COURSES,
  MEDICATION_PLAN_STATUSES,
  MEDICATION_PURPOSES,
  NALOXONE_STATUSES,
  NO_APPOINTMENT_REASONS,
  SAFETY_TOPICS,
  SERVICE_KINDS,
  VARIANCE_REASONS,
} from './vocabulary.js';

/** The schema of every new draft and amendment. */
export const PLAN_SCHEMA_ID = 'stepdown/plan@2';
/** The first plan schema: stored versions stay readable and exportable. */
export const PLAN_V1_SCHEMA_ID = 'stepdown/plan@1';

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
/** A local date and time without a zone, `YYYY-MM-DDTHH:MM`: the time on the clinic's wall clock. */
const localDateTime = z.iso.datetime({
  local: true,
  precision: -1,
  error: 'must be a local date and time as YYYY-MM-DDTHH:MM',
});
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
  'sequence',
  'needs',
] as const;

/** Fields plan@2 added that the clinician edits; an edit that leaves one out keeps what is stored. */
export const PLAN_V2_EDIT_FIELDS = [
  'selectedWithdrawalManagement',
  'withdrawalVariance',
  'urgentEvaluation',
  'medications',
  'dischargeDate',
  'appointments',
  'noAppointmentReason',
  'safetyPlan',
] as const;

export const PlanDocumentV1Schema = z.strictObject({
  schema: z.literal(PLAN_V1_SCHEMA_ID),
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

/** A medicine the client takes or starts, and how it continues after discharge. */
export const MedicationSchema = z.strictObject({
  /** The medicine as the clinician writes it ("buprenorphine-naloxone film", "methadone"). */
  name: shortText,
  dose: shortText,
  for: z.enum(MEDICATION_PURPOSES),
  /** Who prescribes it, or the opioid treatment program that doses it. */
  prescriber: shortText,
  /** When the client last took it, local time. */
  lastDose: localDateTime.nullable(),
  /** The last day the supply given at discharge lasts, so the first visit comes before it runs out. */
  bridgeSupplyUntil: date.nullable(),
  /**
   * What happens to the medicine after discharge: it continues (also when left out), is tapered or
   * is stopped. Finalising needs `courseReason` for a taper or a stop of medication for opioid use
   * disorder when the recommendation requires no taper (pregnancy with opioid use).
   */
  course: z.enum(MEDICATION_COURSES).optional(),
  /** The clinical reason for a taper or a stop. */
  courseReason: text.optional(),
});

/** A dated appointment after discharge; made from an accepted referral when `referralId` is set. */
export const AppointmentSchema = z.strictObject({
  kind: z.enum(APPOINTMENT_KINDS),
  /** The program or person the client sees. */
  with: shortText,
  address: shortText,
  phone: shortText,
  /** Local date and time at the place of the appointment. */
  startsAt: localDateTime.nullable(),
  referralId: z.uuid().optional(),
});

/** Why no appointment starts within 7 days of discharge. */
export const NoAppointmentReasonSchema = z.strictObject({
  reason: z.enum(NO_APPOINTMENT_REASONS),
  text: text,
});

/**
 * What happened at the urgent evaluation an urgent recommendation asked for: when, who did it, and
 * what it found. The finding either leads to a new assessment (and a plan made from it) or is stated.
 */
export const UrgentEvaluationSchema = z.strictObject({
  when: localDateTime.nullable(),
  by: shortText,
  outcome: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('new-assessment'), text }),
    z.strictObject({ kind: z.literal('stated'), text }),
  ]),
});

const NamedPhoneSchema = z.strictObject({ name: shortText, phone: shortText });

/**
 * The client's own safety plan for a crisis, in six parts, written with the client in their words.
 * The headings are ours (words.ts); nothing is copied from published safety-plan forms.
 */
export const SafetyPlanSchema = z.strictObject({
  warningSigns: textList,
  onMyOwn: textList,
  peopleAndPlaces: textList,
  peopleToAsk: list(NamedPhoneSchema),
  professionals: list(NamedPhoneSchema),
  saferSurroundings: textList,
});

/**
 * What the assessment asks of the plan, copied when the plan is made so the browser and the server
 * check the same thing without reading the assessment again.
 */
export const PlanNeedsSchema = z.strictObject({
  /** d3 of 2 or more, imminent danger, or co-occurring mental health. */
  safetyPlan: z.boolean(),
  /** Medications for addiction the assessment lists (its `facts.currentMedications`). */
  medicationsForAddiction: z.array(shortText).max(PLAN_LIMITS.listItems),
  /** An opioid overdose in the past 12 months, or the recommendation requires it: naloxone must be in the plan. */
  naloxone: z.boolean(),
  /** Pregnancy with opioid use: the plan includes prenatal (obstetric) care. */
  obstetricCare: z.boolean(),
});

export const PlanDocumentSchema = PlanDocumentV1Schema.extend({
  schema: z.literal(PLAN_SCHEMA_ID),
  /** The ordered steps of care the recommendation gives; the first one leads every view. */
  sequence: z.array(CareStepSchema).min(1).max(3),
  needs: PlanNeedsSchema,
  /** The withdrawal management chosen, beside the recommended `withdrawalManagement`. */
  selectedWithdrawalManagement: z.enum(WITHDRAWAL_MANAGEMENT as ['none', 'ambulatory', 'residential', 'inpatient']),
  /** Why the withdrawal management chosen differs from the recommended one; null when it does not. */
  withdrawalVariance: VarianceSchema.nullable(),
  urgentEvaluation: UrgentEvaluationSchema.nullable(),
  medications: list(MedicationSchema),
  dischargeDate: date.nullable(),
  appointments: list(AppointmentSchema),
  noAppointmentReason: NoAppointmentReasonSchema.nullable(),
  safetyPlan: SafetyPlanSchema.nullable(),
});

/** A stored plan version of either schema. */
export const StoredPlanDocumentSchema = z.discriminatedUnion('schema', [PlanDocumentV1Schema, PlanDocumentSchema]);

export type PlanDocument = z.infer<typeof PlanDocumentSchema>;
export type PlanDocumentV1 = z.infer<typeof PlanDocumentV1Schema>;
export type StoredPlanDocument = z.infer<typeof StoredPlanDocumentSchema>;
export type Medication = z.infer<typeof MedicationSchema>;
export type Appointment = z.infer<typeof AppointmentSchema>;
export type SafetyPlan = z.infer<typeof SafetyPlanSchema>;
export type PlanNeeds = z.infer<typeof PlanNeedsSchema>;
export type UrgentEvaluation = z.infer<typeof UrgentEvaluationSchema>;
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
export const PlanEditSchema = PlanDocumentSchema.extend({
  /** An editor may send back a plan@1 version it read; the saved version is plan@2 either way. */
  schema: z.enum([PLAN_V1_SCHEMA_ID, PLAN_SCHEMA_ID]),
}).partial(
  Object.fromEntries([...RECOMMENDATION_FIELDS, ...PLAN_V2_EDIT_FIELDS].map((field) => [field, true])) as {
    [K in (typeof RECOMMENDATION_FIELDS)[number] | (typeof PLAN_V2_EDIT_FIELDS)[number]]: true;
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

/** True when the withdrawal management chosen differs from the recommended one. */
export function withdrawalSelectionDiffers(
  plan: Pick<PlanDocument, 'withdrawalManagement' | 'selectedWithdrawalManagement'>,
): boolean {
  return plan.selectedWithdrawalManagement !== plan.withdrawalManagement;
}

/** What a plan@1 version has nothing to say about: the assessment's needs were not copied then. */
const V1_NEEDS: PlanNeeds = { safetyPlan: false, medicationsForAddiction: [], naloxone: false, obstetricCare: false };

/**
 * A stored plan of either schema as a plan@2 document, for reading and for the first amendment of a
 * plan@1 version: the sequence follows from the recommendation fields it has, and the fields plan@2
 * added are empty. `needs` is what the caller knows of the assessment (nothing, for display).
 */
export function upgradePlan(document: StoredPlanDocument, needs: PlanNeeds = V1_NEEDS): PlanDocument {
  if (document.schema === PLAN_SCHEMA_ID) return document;
  return {
    ...document,
    schema: PLAN_SCHEMA_ID,
    sequence: sequenceFromFields(document),
    needs,
    selectedWithdrawalManagement: document.withdrawalManagement,
    withdrawalVariance: null,
    urgentEvaluation: null,
    medications: [],
    dischargeDate: null,
    appointments: [],
    noAppointmentReason: null,
    safetyPlan: null,
  };
}
