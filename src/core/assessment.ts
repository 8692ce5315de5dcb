/**
 * The assessment documents (DESIGN.md 4.1 and 4.2): `stepdown/assessment@1`, six ratings, seven
 * flags and optional notes; and `stepdown/assessment@2`, the same with optional clinical `facts`.
 * assessment@1 stays valid for ever: stored documents never change. Unknown fields are rejected: a
 * misspelt safety flag must never be silently ignored.
 */
import { z } from 'zod';
import { ClinicalFactsSchema, type ClinicalFacts } from './clinical-facts.js';
import { DIMENSION_IDS, type DimensionId, type Rating } from './dimensions.js';
import { parseWith, type FieldIssue, type Parsed } from './validation.js';

export const ASSESSMENT_SCHEMA_ID = 'stepdown/assessment@1';
export const ASSESSMENT_V2_SCHEMA_ID = 'stepdown/assessment@2';
/** Every assessment schema this version reads, oldest first. */
export const ASSESSMENT_SCHEMA_IDS = [ASSESSMENT_SCHEMA_ID, ASSESSMENT_V2_SCHEMA_ID] as const;
export type AssessmentSchemaId = (typeof ASSESSMENT_SCHEMA_IDS)[number];

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

/** Zod schema of `stepdown/assessment@1` alone. */
export const AssessmentV1Schema = z.strictObject({
  schema: z.literal(ASSESSMENT_SCHEMA_ID),
  population: z.enum(['adult', 'adolescent']),
  ratings: RatingsSchema,
  flags: FlagsSchema.optional(),
  notes: NotesSchema.optional(),
});

/** Zod schema of `stepdown/assessment@2` alone: assessment@1 with optional `facts`. */
export const AssessmentV2Schema = z.strictObject({
  schema: z.literal(ASSESSMENT_V2_SCHEMA_ID),
  population: z.enum(['adult', 'adolescent']),
  ratings: RatingsSchema,
  flags: FlagsSchema.optional(),
  facts: ClinicalFactsSchema.optional(),
  notes: NotesSchema.optional(),
});

/**
 * Zod schema of an assessment document, either version (chosen by `schema`), shared by the CLI,
 * the server and the browser.
 */
export const AssessmentSchema = z.discriminatedUnion('schema', [AssessmentV1Schema, AssessmentV2Schema]);

export type AssessmentInput = z.input<typeof AssessmentSchema>;
export type AssessmentV2Input = z.input<typeof AssessmentV2Schema>;

/** A validated assessment, with every flag present (absent flags are false). */
export interface Assessment {
  /** The version the document was submitted as. */
  schema: AssessmentSchemaId;
  population: 'adult' | 'adolescent';
  ratings: Record<DimensionId, Rating>;
  flags: Record<FlagId, boolean>;
  /**
   * The clinical facts of an assessment@2, as submitted; absent when none were given (always for an
   * assessment@1), so that a parsed assessment is itself a valid document of its version.
   */
  facts?: ClinicalFacts;
  notes: Partial<Record<DimensionId, string>>;
}

const DOCUMENT_KEYS: ReadonlySet<string> = new Set(Object.keys(AssessmentV1Schema.shape));
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

/** The clinical facts of an assessment: none (`{}`) when it recorded none. */
export function factsOf(assessment: Pick<Assessment, 'facts'>): Readonly<ClinicalFacts> {
  return assessment.facts ?? NO_FACTS;
}

const NO_FACTS: Readonly<ClinicalFacts> = Object.freeze({});

/** Validates an assessment document (either version) and fills absent flags with false. */
export function parseAssessment(input: unknown): Parsed<Assessment> {
  const common = readCommonShape(input);
  if (common !== undefined) return { ok: true, value: common };
  return parseAssessmentWithSchema(input);
}

const SCHEMA_IDS: ReadonlySet<unknown> = new Set(ASSESSMENT_SCHEMA_IDS);

/**
 * A union stops at a `schema` it does not know, so a document with a wrong `schema` would hear about
 * nothing else. Every issue is reported instead: the rest is checked as an assessment@2 (the
 * widest), and `facts` in an assessment@1 says which version allows it.
 */
function everyIssue(input: unknown, issues: FieldIssue[]): FieldIssue[] {
  if (!isRecord(input)) return issues;
  if (!SCHEMA_IDS.has(input.schema)) {
    const rest = parseWith(AssessmentV2Schema, { ...input, schema: ASSESSMENT_V2_SCHEMA_ID });
    return rest.ok ? issues : [...issues, ...rest.issues];
  }
  if (input.schema !== ASSESSMENT_SCHEMA_ID) return issues;
  return issues.map((issue) =>
    issue.path === 'facts' && issue.message === 'unknown field'
      ? { path: 'facts', message: `unknown field in ${ASSESSMENT_SCHEMA_ID} (facts need "${ASSESSMENT_V2_SCHEMA_ID}")` }
      : issue,
  );
}

/**
 * parseAssessment as it is defined, without the fast path: the zod schema, then absent flags
 * filled with false. The source of truth for every document the fast path does not take.
 */
export function parseAssessmentWithSchema(input: unknown): Parsed<Assessment> {
  const parsed = parseWith(AssessmentSchema, input);
  if (!parsed.ok) return { ok: false, issues: everyIssue(input, parsed.issues) };
  const doc = parsed.value;
  const flags = {} as Record<FlagId, boolean>;
  for (const id of FLAG_IDS) flags[id] = doc.flags?.[id] ?? false;
  const ratings = doc.ratings as Record<DimensionId, Rating>;
  const notes = doc.notes ?? {};
  const { schema, population } = doc;
  // Key order as a document has it: facts after flags.
  if (schema === ASSESSMENT_V2_SCHEMA_ID && doc.facts !== undefined) {
    return { ok: true, value: { schema, population, ratings, flags, facts: doc.facts, notes } };
  }
  return { ok: true, value: { schema, population, ratings, flags, notes } };
}
