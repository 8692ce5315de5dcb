/**
 * parseAssessment reads the common shape of a document without zod and falls back to the schema for
 * everything else. These properties hold it to the schema: for any input, the result (the value, or
 * the issues) is exactly what the schema path alone gives.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anAssessmentDocument } from '../../test/fixtures/assessments.js';
import { ASSESSMENT_SCHEMA_ID, FLAG_IDS, parseAssessment, parseAssessmentWithSchema } from './assessment.js';
import { DIMENSION_IDS } from './dimensions.js';

function expectSameAsSchema(input: unknown): void {
  const actual = parseAssessment(input);
  const expected = parseAssessmentWithSchema(input);
  // toStrictEqual compares numbers with Object.is (so -0 is not 0) and tells absent keys from undefined.
  expect(actual).toStrictEqual(expected);
  if (actual.ok && expected.ok) {
    expect(Object.keys(actual.value.ratings)).toEqual(Object.keys(expected.value.ratings));
    expect(Object.keys(actual.value.notes)).toEqual(Object.keys(expected.value.notes));
  }
}

const RUNS = { numRuns: 2000 };

/** The valid arbitrary nineteen times in twenty, else one of the near misses. */
function mostly<T, U>(valid: fc.Arbitrary<T>, ...nearMisses: fc.Arbitrary<U>[]): fc.Arbitrary<T | U> {
  return fc.oneof({ weight: 19 * nearMisses.length, arbitrary: valid }, ...nearMisses);
}

/** Ratings with the near misses a validator gets wrong: -0, 1.5, 5, '1', NaN, Infinity, undefined. */
const rating = mostly(
  fc.integer({ min: 0, max: 4 }),
  fc.integer({ min: -2, max: 6 }),
  fc.constantFrom(-0, 1.5, 4.000001, Number.NaN, Number.POSITIVE_INFINITY, '1', null, true, undefined),
);
const ratingsShape = { d1: rating, d2: rating, d3: rating, d4: rating, d5: rating, d6: rating };
const ratings = mostly(fc.record(ratingsShape), fc.record(ratingsShape, { requiredKeys: [] }), fc.anything());
const flags = mostly(
  fc.dictionary(mostly(fc.constantFrom<string>(...FLAG_IDS), fc.string()), mostly(fc.boolean(), fc.anything())),
  fc.anything(),
);
const noteText = mostly(
  fc.string({ maxLength: 40 }),
  // The limit is 10,000 characters, counted by zod in code points: an emoji is two UTF-16 units.
  fc.constantFrom('a'.repeat(10_000), 'a'.repeat(10_001), '😀'.repeat(5_001), '😀'.repeat(10_000), '😀'.repeat(10_001)),
  fc.anything(),
);
const notes = mostly(
  fc.dictionary(mostly(fc.constantFrom<string>(...DIMENSION_IDS), fc.string()), noteText),
  fc.anything(),
);
const documentShape = {
  schema: mostly(fc.constant(ASSESSMENT_SCHEMA_ID), fc.anything()),
  population: mostly(fc.constantFrom('adult', 'adolescent'), fc.anything()),
  ratings,
  flags,
  notes,
};
const documents: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  { weight: 19, arbitrary: fc.record(documentShape, { requiredKeys: ['schema', 'population', 'ratings'] }) },
  fc.record(documentShape, { requiredKeys: [] }),
);
const extraKeys: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  { weight: 19, arbitrary: fc.constant({}) },
  fc.dictionary(fc.string(), fc.anything()),
);
const nearlyValidDocuments = fc.tuple(documents, extraKeys).map(([document, extra]) => ({ ...extra, ...document }));

/** How many of a run's documents were valid, to show the fast path was exercised and not only the fallback. */
function validShare(samples: unknown[]): number {
  return samples.filter((sample) => parseAssessment(sample).ok).length / samples.length;
}

describe('parseAssessment', () => {
  it('gives exactly what the schema gives, for any value at all', () => {
    fc.assert(fc.property(fc.anything(), expectSameAsSchema), RUNS);
  });

  it('gives exactly what the schema gives, for documents that are valid or nearly so', () => {
    expect(validShare(fc.sample(nearlyValidDocuments, 1000))).toBeGreaterThan(0.15);
    fc.assert(fc.property(nearlyValidDocuments, expectSameAsSchema), RUNS);
  });

  it('gives exactly what the schema gives for the unusual cases a hand-written check can miss', () => {
    const valid = anAssessmentDocument({ ratings: { d3: 2 } });
    const cases: unknown[] = [
      valid,
      { ...valid, ratings: { ...valid.ratings, d1: -0 } },
      { ...valid, flags: { unsafeHousing: undefined } },
      { ...valid, flags: undefined },
      { ...valid, notes: undefined },
      { ...valid, notes: { d2: undefined } },
      { ...valid, notes: { d6: 'last', d1: 'first' } },
      { ...valid, notes: { d1: 'a'.repeat(10_000) } },
      { ...valid, notes: { d1: 'a'.repeat(10_001) } },
      { ...valid, notes: { d1: '😀'.repeat(10_000) } },
      { ...valid, ratings: { d6: 1, d5: 1, d4: 1, d3: 1, d2: 1, d1: 1 } },
      JSON.parse(`{"__proto__": {"x": 1}, ${JSON.stringify(valid).slice(1)}`),
      JSON.parse(`{"flags": {"__proto__": {}}, ${JSON.stringify(valid).slice(1)}`),
      Object.assign(Object.create(null) as object, valid),
      Object.assign(Object.create({ inherited: true }) as object, valid),
      { ...valid, ratings: Object.assign(Object.create({ d1: 2 }) as object, { d2: 1, d3: 1, d4: 1, d5: 1, d6: 1 }) },
      { ...valid, ratings: new Map() },
      { ...valid, ratings: [1, 1, 1, 1, 1, 1] },
      new Date(),
    ];
    for (const input of cases) expectSameAsSchema(input);
  });
});
