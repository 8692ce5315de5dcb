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
const NOTE_MAX_LENGTH = 10_000;

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
  Object.fromEntries(DIMENSION_IDS.map((id) => [id, z.string().max(NOTE_MAX_LENGTH).optional()])) as Record<
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

const DOCUMENT_KEYS: ReadonlySet<string> = new Set(Object.keys(AssessmentSchema.shape));
const RATING_KEYS: ReadonlySet<string> = new Set(DIMENSION_IDS);
const FLAG_KEYS: ReadonlySet<string> = new Set(FLAG_IDS);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True when every key a `for...in` loop yields is allowed; zod finds unknown keys the same way. */
function onlyKnownKeys(record: Record<string, unknown>, known: ReadonlySet<string>): boolean {
  for (const key in record) if (!known.has(key)) return false;
  return true;
}

function isRating(value: unknown): value is Rating {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 4;
}

/**
 * Reads an assessment in the shape almost every document has, without going through zod, which
 * costs several times more than the engine itself in a batch. It answers only when the document is
 * certainly valid, and then with exactly the value the schema path builds; anything unusual (an
 * unknown key, a wrong type, an `undefined` value, an over-long note) gets `undefined`, and
 * AssessmentSchema decides and words the errors. It must never accept a document the schema rejects.
 */
function readCommonShape(input: unknown): Assessment | undefined {
  if (!isRecord(input) || !onlyKnownKeys(input, DOCUMENT_KEYS)) return undefined;
  const { schema, population, ratings: r, flags: f, notes: n } = input;
  if (schema !== ASSESSMENT_SCHEMA_ID) return undefined;
  if (population !== 'adult' && population !== 'adolescent') return undefined;

  if (!isRecord(r) || !onlyKnownKeys(r, RATING_KEYS)) return undefined;
  const { d1, d2, d3, d4, d5, d6 } = r;
  if (!isRating(d1) || !isRating(d2) || !isRating(d3) || !isRating(d4) || !isRating(d5) || !isRating(d6)) {
    return undefined;
  }

  const flags = {} as Record<FlagId, boolean>;
  if (f !== undefined && (!isRecord(f) || !onlyKnownKeys(f, FLAG_KEYS))) return undefined;
  for (const id of FLAG_IDS) {
    const value = f?.[id];
    if (value !== undefined && typeof value !== 'boolean') return undefined;
    flags[id] = value ?? false;
  }

  const notes: Partial<Record<DimensionId, string>> = {};
  if (n !== undefined) {
    if (!isRecord(n) || !onlyKnownKeys(n, RATING_KEYS)) return undefined;
    // Same key order as the schema's output. Length in UTF-16 units is never below zod's count in
    // code points, so a note that fits here fits there; a longer one is left to zod to measure.
    for (const id of DIMENSION_IDS) {
      const value = n[id];
      if (value === undefined) {
        // A note written as `undefined` stays in zod's output as a key; rare enough to leave to zod.
        if (id in n) return undefined;
        continue;
      }
      if (typeof value !== 'string' || value.length > NOTE_MAX_LENGTH) return undefined;
      notes[id] = value;
    }
  }

  return {
    schema: ASSESSMENT_SCHEMA_ID,
    population,
    ratings: { d1, d2, d3, d4, d5, d6 },
    flags,
    notes,
  };
}

/** Validates an assessment document and fills absent flags with false. */
export function parseAssessment(input: unknown): Parsed<Assessment> {
  const common = readCommonShape(input);
  if (common !== undefined) return { ok: true, value: common };
  return parseAssessmentWithSchema(input);
}

/**
 * parseAssessment as it is defined, without the fast path: the zod schema, then absent flags
 * filled with false. The source of truth for every document the fast path does not take.
 */
export function parseAssessmentWithSchema(input: unknown): Parsed<Assessment> {
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
