/**
 * The `stepdown/recommendation@1` document (DESIGN.md 4.2). The engine builds it; this schema checks
 * it at every edge (CLI output tests, server responses, stored results read back).
 */
import { z } from 'zod';
import { FLAG_IDS } from './assessment.js';
import { ADDICTION_MEDICATIONS } from './clinical-facts.js';
import { DIMENSION_IDS } from './dimensions.js';
import { SETTINGS, WITHDRAWAL_MANAGEMENT } from './settings.js';

export const RECOMMENDATION_SCHEMA_ID = 'stepdown/recommendation@1';

const setting = z.enum(SETTINGS as ['op', 'iop', 'php', 'residential', 'inpatient']);
const primarySetting = z.enum([...SETTINGS, 'urgent-evaluation'] as [
  'op',
  'iop',
  'php',
  'residential',
  'inpatient',
  'urgent-evaluation',
]);
const dimension = z.enum(DIMENSION_IDS as ['d1', 'd2', 'd3', 'd4', 'd5', 'd6']);

const HoursSchema = z.strictObject({ min: z.number().min(0), max: z.number().min(0).optional() });

export const BasisEntrySchema = z.strictObject({
  rule: z.string().min(1),
  dimension: dimension.optional(),
  /**
   * What the rule did: `urgent`, `floor:iop`, `withdrawal:residential`, `recovery-residence`, `note`,
   * `medically-monitored:withdrawal-management`, `require:naloxone`, joined with `+`.
   */
  effect: z.string().min(1),
  text: z.string().min(1),
  clientText: z.string().min(1),
  sources: z.array(z.string().min(1)).min(1),
});

/**
 * One step of care, in the order it happens (DESIGN.md 4.2, `sequence`). Withdrawal management is a
 * step of its own only when it needs a 24-hour setting; ambulatory withdrawal management goes along
 * with outpatient care and stays in `withdrawalManagement`. `medicallyMonitored` is on every 24-hour
 * step: true when the rules require medical monitoring (a withdrawal seizure or delirium history,
 * serious physical health needs, pregnancy with withdrawal...), and always for inpatient care.
 */
export const SequenceStepSchema = z.discriminatedUnion('step', [
  z.strictObject({ step: z.literal('urgent-evaluation') }),
  z.strictObject({
    step: z.literal('withdrawal-management'),
    setting: z.enum(['residential', 'inpatient']),
    medicallyMonitored: z.boolean(),
  }),
  z.strictObject({
    step: z.literal('level-of-care'),
    setting,
    withRecoveryResidence: z.boolean(),
    /** Present only for a 24-hour setting. */
    medicallyMonitored: z.boolean().optional(),
  }),
]);

/** The kinds of step in a sequence. */
export const SEQUENCE_STEPS = ['urgent-evaluation', 'withdrawal-management', 'level-of-care'] as const;

/**
 * What the plan built on a recommendation must contain, as machine-readable requirements (the
 * rules that add them are in the basis, named by `rule`). Consumers: plan finalisation and program
 * matching (plan2), the CLI and the workspace.
 * - `continue-medication`: the plan names each medicine in `medications` and how it continues
 *   (prescriber or dosing clinic, bridge supply until the first appointment); programs matched must
 *   accept these medicines.
 * - `naloxone`: the plan includes naloxone (in hand, or where to get it).
 * - `obstetric-care`: the plan includes prenatal (obstetric) care.
 * - `no-taper`: medication for opioid use disorder continues (or is offered); no taper or
 *   medically supervised withdrawal from opioids by default.
 */
export const REQUIREMENTS = ['continue-medication', 'naloxone', 'obstetric-care', 'no-taper'] as const;
export type RequirementId = (typeof REQUIREMENTS)[number];

export const RequirementSchema = z.strictObject({
  requirement: z.enum(REQUIREMENTS),
  /** The rule in the basis that requires it. */
  rule: z.string().min(1),
  /** For `continue-medication`: the medicines, as the assessment lists them. */
  medications: z.array(z.enum(ADDICTION_MEDICATIONS)).min(1).optional(),
});

/**
 * A contradictory or implausible input (`intoxicated` with d1 = 0, an age outside the population...).
 * A warning names every field involved by its JSON path and never changes the result: the clinician
 * checks the inputs and corrects them, or keeps them.
 */
export const WarningSchema = z.strictObject({
  code: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
  fields: z.array(z.string().min(1)).min(1),
  text: z.string().min(1),
});

const changeCommon = { setting: primarySetting, text: z.string().min(1) };

/**
 * The nearest change of one input that would change the result: a rating (`dimension`), a flag that
 * is set (`flag`, to false: "if a home free of alcohol and drugs is found"), or a clinical fact not
 * recorded in an assessment@2 (`fact`).
 */
export const WhatWouldChangeSchema = z.union([
  z.strictObject({ dimension, to: z.int().min(0).max(4), ...changeCommon }),
  z.strictObject({ flag: z.enum(FLAG_IDS), to: z.boolean(), ...changeCommon }),
  z.strictObject({
    fact: z.enum(['withdrawalSeizureOrDeliriumHistory', 'opioidOverdosePast12Months', 'pregnant']),
    to: z.union([z.boolean(), z.literal('yes')]),
    ...changeCommon,
  }),
]);

export const RecommendationSchema = z.strictObject({
  schema: z.literal(RECOMMENDATION_SCHEMA_ID),
  urgent: z.boolean(),
  /** The steps of care in order; the first is what happens first. */
  sequence: z.array(SequenceStepSchema).min(1).max(2),
  primary: z.strictObject({
    setting: primarySetting,
    /** Null for urgent evaluation and for 24-hour settings. */
    hoursPerWeek: HoursSchema.nullable(),
    withRecoveryResidence: z.boolean(),
  }),
  withdrawalManagement: z.enum(WITHDRAWAL_MANAGEMENT as ['none', 'ambulatory', 'residential', 'inpatient']),
  alternatives: z.array(z.strictObject({ setting, why: z.string().min(1) })),
  basis: z.array(BasisEntrySchema).min(1),
  whatWouldChange: z.array(WhatWouldChangeSchema),
  requirements: z.array(RequirementSchema),
  warnings: z.array(WarningSchema),
  ruleset: z.strictObject({
    id: z.string().min(1),
    version: z.string().min(1),
    hash: z.string().regex(/^sha256:[0-9a-f]{64}$/),
  }),
});

export type Recommendation = z.infer<typeof RecommendationSchema>;
export type BasisEntry = z.infer<typeof BasisEntrySchema>;
export type WhatWouldChange = Recommendation['whatWouldChange'][number];
export type SequenceStep = z.infer<typeof SequenceStepSchema>;
export type Requirement = z.infer<typeof RequirementSchema>;
export type ConsistencyWarning = z.infer<typeof WarningSchema>;
export type Alternative = Recommendation['alternatives'][number];

/**
 * A recommendation as stored by an earlier version: the same document, from before `sequence`,
 * `requirements` and `warnings` were added. Stored results are never rewritten, so whoever reads
 * one back (server responses, plans) uses this schema and `sequenceOf`.
 */
export const StoredRecommendationSchema = RecommendationSchema.extend({
  sequence: RecommendationSchema.shape.sequence.optional(),
  requirements: RecommendationSchema.shape.requirements.optional(),
  warnings: RecommendationSchema.shape.warnings.optional(),
});
export type StoredRecommendation = z.infer<typeof StoredRecommendationSchema>;

/**
 * The steps of care of a recommendation, for one stored before `sequence` existed too: derived from
 * its other fields as the rule set of the time decided them. Rule sets of the time required medical
 * monitoring of nothing but inpatient care, so that is all a derived step says.
 */
export function sequenceOf(recommendation: StoredRecommendation): SequenceStep[] {
  if (recommendation.sequence !== undefined) return recommendation.sequence;
  if (recommendation.urgent || recommendation.primary.setting === 'urgent-evaluation') {
    return [{ step: 'urgent-evaluation' }];
  }
  const { setting, withRecoveryResidence } = recommendation.primary;
  const care: SequenceStep =
    setting === 'residential' || setting === 'inpatient'
      ? { step: 'level-of-care', setting, withRecoveryResidence, medicallyMonitored: setting === 'inpatient' }
      : { step: 'level-of-care', setting, withRecoveryResidence };
  const withdrawal = recommendation.withdrawalManagement;
  if (withdrawal === 'residential' || withdrawal === 'inpatient') {
    return [
      { step: 'withdrawal-management', setting: withdrawal, medicallyMonitored: withdrawal === 'inpatient' },
      care,
    ];
  }
  return [care];
}
