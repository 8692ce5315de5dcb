/**
 * The clinical facts of a `stepdown/assessment@2` document (DESIGN.md 4.2): what the person uses,
 * the medicines they take for addiction, overdose and withdrawal history, pregnancy, age and an
 * optional withdrawal scale score. Every field is optional (a fact nobody asked about is absent, not
 * false); unknown keys are refused, as everywhere in an assessment, so a misspelt fact is never
 * silently ignored.
 */
import { z } from 'zod';

export const SUBSTANCES = ['alcohol', 'opioids', 'stimulants', 'sedatives', 'cannabis', 'other'] as const;
/** A substance the person uses; `opioids` includes fentanyl, `sedatives` benzodiazepines and barbiturates. */
export type Substance = (typeof SUBSTANCES)[number];

export const ADDICTION_MEDICATIONS = [
  'buprenorphine',
  'methadone',
  'naltrexone',
  'acamprosate',
  'disulfiram',
  'other',
] as const;
/** A medication for opioid or alcohol use disorder (MOUD, MAUD). */
export type AddictionMedication = (typeof ADDICTION_MEDICATIONS)[number];

/** Medications for opioid use disorder; the others treat alcohol use disorder (naltrexone treats both). */
export const OPIOID_USE_DISORDER_MEDICATIONS: readonly AddictionMedication[] = [
  'buprenorphine',
  'methadone',
  'naltrexone',
];

export const PREGNANCY_ANSWERS = ['yes', 'no', 'not-asked'] as const;
export type PregnancyAnswer = (typeof PREGNANCY_ANSWERS)[number];

/** Withdrawal scales and the highest score each can give (CIWA-Ar 0-67, COWS 0-48). */
export const WITHDRAWAL_SCALE_MAXIMUM = { 'CIWA-Ar': 67, COWS: 48 } as const;
export type WithdrawalScale = keyof typeof WITHDRAWAL_SCALE_MAXIMUM;
export const WITHDRAWAL_SCALES = Object.keys(WITHDRAWAL_SCALE_MAXIMUM) as WithdrawalScale[];

/** Longest prescriber or dosing-clinic name kept. */
export const PRESCRIBER_MAX_LENGTH = 200;
/** Oldest age accepted; anything above is a typing error, not a person. */
export const AGE_MAXIMUM = 120;
/** Most overdoses that can be recorded for one year; a larger count is a typing error. */
export const OVERDOSE_COUNT_MAXIMUM = 100;

const CurrentMedicationSchema = z.strictObject({
  name: z.enum(ADDICTION_MEDICATIONS),
  /** Who prescribes it, or the clinic that doses it (methadone). */
  prescriber: z.string().max(PRESCRIBER_MAX_LENGTH).regex(/\S/, 'must not be blank').optional(),
});
export type CurrentMedication = z.infer<typeof CurrentMedicationSchema>;

const WithdrawalScaleSchema = z
  .strictObject({
    scale: z.enum(WITHDRAWAL_SCALES as [WithdrawalScale, ...WithdrawalScale[]]),
    score: z.int().min(0).max(WITHDRAWAL_SCALE_MAXIMUM['CIWA-Ar']),
  })
  .superRefine((value, ctx) => {
    const maximum = WITHDRAWAL_SCALE_MAXIMUM[value.scale];
    if (value.score > maximum) {
      ctx.addIssue({ code: 'custom', path: ['score'], message: `must be at most ${maximum} on ${value.scale}` });
    }
  });

/** Zod schema of `facts` in an assessment@2. */
export const ClinicalFactsSchema = z.strictObject({
  substances: z
    .array(z.enum(SUBSTANCES))
    .max(SUBSTANCES.length)
    .superRefine((list, ctx) => {
      list.forEach((substance, index) => {
        if (list.indexOf(substance) !== index) ctx.addIssue({ code: 'custom', path: [index], message: 'listed twice' });
      });
    })
    .optional(),
  currentMedications: z.array(CurrentMedicationSchema).max(10).optional(),
  opioidOverdosePast12Months: z.boolean().optional(),
  /** How many opioid overdoses in the past 12 months. */
  overdoseCount: z.int().min(0).max(OVERDOSE_COUNT_MAXIMUM).optional(),
  withdrawalSeizureOrDeliriumHistory: z.boolean().optional(),
  pregnant: z.enum(PREGNANCY_ANSWERS).optional(),
  ageYears: z.int().min(0).max(AGE_MAXIMUM).optional(),
  withdrawalScale: WithdrawalScaleSchema.optional(),
});

/** The clinical facts of an assessment, as submitted; an assessment@1 has none (`{}`). */
export type ClinicalFacts = z.infer<typeof ClinicalFactsSchema>;

/** Field names of the facts, for forms, warnings and what-would-change. */
export const CLINICAL_FACT_IDS = Object.keys(ClinicalFactsSchema.shape) as (keyof ClinicalFacts)[];

/** True when the facts list this substance. */
export function usesSubstance(facts: ClinicalFacts, substance: Substance): boolean {
  return facts.substances?.includes(substance) === true;
}

/** True when the facts list at least one current medication for addiction (of the given names, if any). */
export function takesAddictionMedication(
  facts: ClinicalFacts,
  names: readonly AddictionMedication[] | undefined = undefined,
): boolean {
  const list = facts.currentMedications;
  if (list === undefined || list.length === 0) return false;
  if (names === undefined) return true;
  for (const medication of list) if (names.includes(medication.name)) return true;
  return false;
}
