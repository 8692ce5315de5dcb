/**
 * The `stepdown/assessment@1` document (DESIGN.md 4.1): six ratings, seven flags, optional notes.
 * Unknown fields are rejected: a misspelt safety flag must never be silently ignored.
 */
import { z } from 'zod';
import { DIMENSION_IDS, type DimensionId, type Rating } from './dimensions.js';
import { parseWith, type Parsed } from './validation.js';

export const ASSESSMENT_SCHEMA_ID = 'stepdown/assessment@1';

export const FLAG_IDS = [
  'imminentDanger',
  'withdrawalRisk',
  'intoxicated',
  'needs24HourStructure',
  'coOccurringMentalHealth',
  'homeResponsibilities',
  'unsafeHousing',
] as const;

export type FlagId = (typeof FLAG_IDS)[number];

/** Plain clinical meaning of each flag, as DESIGN.md 4.1 defines it. */
export const FLAG_MEANINGS: Readonly<Record<FlagId, string>> = {
  imminentDanger: 'Current suicidal or homicidal intent, plan or behaviour, or a medical emergency.',
  withdrawalRisk: 'Current or expected withdrawal with a risk factor for severe or complicated withdrawal.',
  intoxicated: 'Intoxicated at the time of assessment.',
  needs24HourStructure: 'Cannot stay safe without 24-hour structure, in the clinician’s judgement.',
  coOccurringMentalHealth: 'A mental health condition that needs treatment alongside the addiction.',
  homeResponsibilities: 'Work, school or caregiving that living in a facility would disrupt.',
  unsafeHousing: 'No home free of substance use or violence to return to.',
};

const rating = z.int().min(0).max(4);

const RatingsSchema = z.strictObject({
  d1: rating,
  d2: rating,
  d3: rating,
  d4: rating,
  d5: rating,
  d6: rating,
});

const FlagsSchema = z.strictObject(
  Object.fromEntries(FLAG_IDS.map((id) => [id, z.boolean().optional()])) as Record<FlagId, z.ZodOptional<z.ZodBoolean>>,
);

const NotesSchema = z.strictObject(
  Object.fromEntries(DIMENSION_IDS.map((id) => [id, z.string().max(10_000).optional()])) as Record<
    DimensionId,
    z.ZodOptional<z.ZodString>
  >,
);

/** Zod schema of `stepdown/assessment@1`, shared by the CLI, the server and the browser. */
export const AssessmentSchema = z.strictObject({
  schema: z.literal(ASSESSMENT_SCHEMA_ID),
  population: z.enum(['adult', 'adolescent']),
  ratings: RatingsSchema,
  flags: FlagsSchema.optional(),
  notes: NotesSchema.optional(),
});

export type AssessmentInput = z.input<typeof AssessmentSchema>;

/** A validated assessment, with every flag present (absent flags are false). */
export interface Assessment {
  schema: typeof ASSESSMENT_SCHEMA_ID;
  population: 'adult' | 'adolescent';
  ratings: Record<DimensionId, Rating>;
  flags: Record<FlagId, boolean>;
  notes: Partial<Record<DimensionId, string>>;
}

/** Validates an assessment document and fills absent flags with false. */
export function parseAssessment(input: unknown): Parsed<Assessment> {
  const parsed = parseWith(AssessmentSchema, input);
  if (!parsed.ok) return parsed;
  const doc = parsed.value;
  const flags = {} as Record<FlagId, boolean>;
  for (const id of FLAG_IDS) flags[id] = doc.flags?.[id] ?? false;
  return {
    ok: true,
    value: {
      schema: ASSESSMENT_SCHEMA_ID,
      population: doc.population,
      ratings: doc.ratings as Record<DimensionId, Rating>,
      flags,
      notes: doc.notes ?? {},
    },
  };
}
