/**
 * Invariants of the placement engine over arbitrary valid assessments: every rating 0..4, any
 * flags, both populations. Each property is one of the promises of DESIGN.md sections 2 and 5.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anAssessment, withFlag, withRating } from '../../test/fixtures/assessments.js';
import { FLAG_IDS, type Assessment, type FlagId } from './assessment.js';
import { ADDICTION_MEDICATIONS, PREGNANCY_ANSWERS, SUBSTANCES, type ClinicalFacts } from './clinical-facts.js';
import { DIMENSION_IDS, type DimensionId, type Rating } from './dimensions.js';
import { recommendPlacement } from './engine.js';
import { RecommendationSchema, type Recommendation } from './recommendation.js';
import { compileRuleSet } from './ruleset.js';
import { defaultRuleSetDocument, loadDefaultRuleSet } from './rulesets/index.js';
import { SETTINGS, settingRank, type PrimarySetting } from './settings.js';

const ruleset = loadDefaultRuleSet();
const RUNS = { numRuns: 1000 };

const rating = fc.constantFrom<Rating>(0, 1, 2, 3, 4);
/** On one time in four, so that most samples are not urgent and the floors get exercised too. */
const flag = fc.integer({ min: 0, max: 3 }).map((n) => n === 0);
const dimension = fc.constantFrom<DimensionId>(...DIMENSION_IDS);

/** Clinical facts of an assessment@2: any subset of the fields, each with any valid value. */
const clinicalFacts: fc.Arbitrary<ClinicalFacts> = fc.record(
  {
    substances: fc.uniqueArray(fc.constantFrom(...SUBSTANCES), { maxLength: 3 }),
    currentMedications: fc.array(
      fc.record(
        { name: fc.constantFrom(...ADDICTION_MEDICATIONS), prescriber: fc.constantFrom('Dr. A', 'Northside OTP') },
        { requiredKeys: ['name'] },
      ),
      { maxLength: 2 },
    ),
    opioidOverdosePast12Months: fc.boolean(),
    overdoseCount: fc.integer({ min: 0, max: 4 }),
    withdrawalSeizureOrDeliriumHistory: fc.boolean(),
    pregnant: fc.constantFrom(...PREGNANCY_ANSWERS),
    ageYears: fc.integer({ min: 10, max: 90 }),
    withdrawalScale: fc.oneof(
      fc.record({ scale: fc.constant('CIWA-Ar' as const), score: fc.integer({ min: 0, max: 67 }) }),
      fc.record({ scale: fc.constant('COWS' as const), score: fc.integer({ min: 0, max: 48 }) }),
    ),
  },
  { requiredKeys: [] },
);

/** Half are assessment@1 documents, half assessment@2 with facts. */
const assessments: fc.Arbitrary<Assessment> = fc
  .record({
    population: fc.constantFrom('adult' as const, 'adolescent' as const),
    ratings: fc.record({ d1: rating, d2: rating, d3: rating, d4: rating, d5: rating, d6: rating }),
    flags: fc.record(Object.fromEntries(FLAG_IDS.map((id) => [id, flag])) as Record<FlagId, fc.Arbitrary<boolean>>),
    facts: fc.option(clinicalFacts, { nil: undefined }),
  })
  .map(({ facts, ...overrides }) => anAssessment(facts === undefined ? overrides : { ...overrides, facts }));

/** The same assessment as an assessment@2 with some facts replaced. */
function withFacts(assessment: Assessment, facts: Partial<ClinicalFacts>): Assessment {
  return { ...assessment, schema: 'stepdown/assessment@2', facts: { ...assessment.facts, ...facts } };
}

/** A fact that, once recorded, can only add to what the rules require. */
const addedFact: fc.Arbitrary<Partial<ClinicalFacts>> = fc.constantFrom<Partial<ClinicalFacts>>(
  { withdrawalSeizureOrDeliriumHistory: true },
  { opioidOverdosePast12Months: true },
  { overdoseCount: 3 },
  { pregnant: 'yes' },
  { substances: ['alcohol', 'opioids', 'sedatives'] },
  { currentMedications: [{ name: 'buprenorphine' }] },
);

const WITHDRAWAL_ORDER = ['none', 'ambulatory', 'residential', 'inpatient'];

/** True when a step of care must be medically monitored (false when not, or when it does not say). */
function monitored(recommendation: Recommendation, step: 'withdrawal-management' | 'level-of-care'): boolean {
  const found = recommendation.sequence.find((s) => s.step === step);
  return found !== undefined && found.step !== 'urgent-evaluation' && found.medicallyMonitored === true;
}

/** Order of intensity of a primary setting: op < iop < php < residential < inpatient < urgent. */
function intensity(setting: PrimarySetting): number {
  return setting === 'urgent-evaluation' ? SETTINGS.length : settingRank(setting);
}

function recommend(assessment: Assessment): Recommendation {
  return recommendPlacement(assessment, ruleset);
}

/**
 * What a reader of the result sees change: the setting, withdrawal care, the housing pairing and the
 * steps of care (with whether each must be medically monitored).
 */
function resultOf(recommendation: Recommendation): string {
  const { primary, withdrawalManagement, sequence } = recommendation;
  return `${primary.setting}/${withdrawalManagement}/${String(primary.withRecoveryResidence)}/${JSON.stringify(sequence)}`;
}

describe('recommendPlacement, for any valid assessment', () => {
  it('never lowers the setting when one rating rises', () => {
    fc.assert(
      fc.property(assessments, dimension, (assessment, d) => {
        const before = intensity(recommend(assessment).primary.setting);
        for (let to = assessment.ratings[d] + 1; to <= 4; to++) {
          const after = recommend(withRating(assessment, d, to as Rating)).primary.setting;
          expect(intensity(after), `${d} raised to ${to}`).toBeGreaterThanOrEqual(before);
        }
      }),
      RUNS,
    );
  });

  it('never lowers withdrawal management when one rating rises', () => {
    const order = ['none', 'ambulatory', 'residential', 'inpatient'];
    fc.assert(
      fc.property(assessments, dimension, (assessment, d) => {
        const before = order.indexOf(recommend(assessment).withdrawalManagement);
        for (let to = assessment.ratings[d] + 1; to <= 4; to++) {
          const after = order.indexOf(recommend(withRating(assessment, d, to as Rating)).withdrawalManagement);
          expect(after, `${d} raised to ${to}`).toBeGreaterThanOrEqual(before);
        }
      }),
      RUNS,
    );
  });

  it('is urgent exactly when imminent danger, intoxication or a 4 in d1, d2 or d3 is present', () => {
    fc.assert(
      fc.property(assessments, (assessment) => {
        const { flags, ratings } = assessment;
        const red =
          flags.imminentDanger || flags.intoxicated || ratings.d1 === 4 || ratings.d2 === 4 || ratings.d3 === 4;
        const recommendation = recommend(assessment);
        expect(recommendation.urgent).toBe(red);
        expect(recommendation.primary.setting === 'urgent-evaluation').toBe(red);
      }),
      RUNS,
    );
  });

  it('gives a document that validates against RecommendationSchema, with a basis', () => {
    fc.assert(
      fc.property(assessments, (assessment) => {
        const recommendation = recommend(assessment);
        const parsed = RecommendationSchema.safeParse(recommendation);
        expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
        expect(recommendation.basis.length).toBeGreaterThan(0);
        const ids = recommendation.basis.map((entry) => entry.rule);
        expect(new Set(ids).size).toBe(ids.length);
      }),
      RUNS,
    );
  });

  it('gives the hours band of the setting and population, and none for urgent or 24-hour care', () => {
    fc.assert(
      fc.property(assessments, (assessment) => {
        const { primary } = recommend(assessment);
        if (primary.setting === 'urgent-evaluation') {
          expect(primary.hoursPerWeek).toBeNull();
          return;
        }
        const definition = defaultRuleSetDocument.profile.settings[primary.setting];
        if (definition.twentyFourHour) expect(primary.hoursPerWeek).toBeNull();
        else expect(primary.hoursPerWeek).toEqual(definition.hoursPerWeek?.[assessment.population]);
      }),
      RUNS,
    );
  });

  it('is deterministic: byte-identical JSON run to run and under a second compilation of the rule set', () => {
    const compiledAgain = compileRuleSet(structuredClone(defaultRuleSetDocument));
    if (!compiledAgain.ok) throw new Error(JSON.stringify(compiledAgain.issues));
    fc.assert(
      fc.property(assessments, (assessment) => {
        const first = JSON.stringify(recommend(assessment));
        expect(JSON.stringify(recommend(structuredClone(assessment)))).toBe(first);
        expect(JSON.stringify(recommendPlacement(assessment, compiledAgain.value))).toBe(first);
      }),
      RUNS,
    );
  });

  it.each(['homeResponsibilities', 'coOccurringMentalHealth'] as const)(
    'never lowers the setting when %s is turned on',
    (flag) => {
      fc.assert(
        fc.property(assessments, (assessment) => {
          const off = recommend(withFlag(assessment, flag, false)).primary.setting;
          const on = recommend(withFlag(assessment, flag, true)).primary.setting;
          expect(intensity(on)).toBeGreaterThanOrEqual(intensity(off));
        }),
        RUNS,
      );
    },
  );

  it('never lowers the setting when a safety flag is turned on', () => {
    fc.assert(
      fc.property(
        assessments,
        fc.constantFrom<FlagId>('imminentDanger', 'intoxicated', 'withdrawalRisk', 'needs24HourStructure'),
        (assessment, flag) => {
          const off = recommend(withFlag(assessment, flag, false)).primary.setting;
          const on = recommend(withFlag(assessment, flag, true)).primary.setting;
          expect(intensity(on)).toBeGreaterThanOrEqual(intensity(off));
        },
      ),
      RUNS,
    );
  });

  it('lowers the setting for unsafe housing only by pairing care with a recovery residence', () => {
    // d6 at 3 is php at home, but iop from a recovery residence: housing, not intensity, was the need.
    fc.assert(
      fc.property(assessments, (assessment) => {
        const off = recommend(withFlag(assessment, 'unsafeHousing', false));
        const on = recommend(withFlag(assessment, 'unsafeHousing', true));
        if (intensity(on.primary.setting) < intensity(off.primary.setting)) {
          expect(on.primary.withRecoveryResidence).toBe(true);
          expect(assessment.ratings.d6).toBe(3);
        }
      }),
      RUNS,
    );
  });

  it('never lowers the setting, withdrawal care or medical monitoring when a fact is recorded', () => {
    fc.assert(
      fc.property(assessments, addedFact, (assessment, fact) => {
        const before = recommend(assessment);
        const after = recommend(withFacts(assessment, fact));
        const name = JSON.stringify(fact);
        expect(intensity(after.primary.setting), name).toBeGreaterThanOrEqual(intensity(before.primary.setting));
        expect(WITHDRAWAL_ORDER.indexOf(after.withdrawalManagement), name).toBeGreaterThanOrEqual(
          WITHDRAWAL_ORDER.indexOf(before.withdrawalManagement),
        );
        if (after.urgent) return;
        for (const step of ['withdrawal-management', 'level-of-care'] as const) {
          if (monitored(before, step) && after.sequence.some((s) => s.step === step)) {
            expect(monitored(after, step), `${step} after ${name}`).toBe(true);
          }
        }
        const required = (r: Recommendation) => r.requirements.map((q) => q.requirement);
        expect(required(after)).toEqual(expect.arrayContaining(required(before)));
      }),
      RUNS,
    );
  });

  it('is urgent for the same red flags whatever the facts, and then leads with the urgent evaluation alone', () => {
    fc.assert(
      fc.property(assessments, clinicalFacts, (assessment, facts) => {
        const withAny = recommend(withFacts(assessment, facts));
        expect(withAny.urgent).toBe(recommend(assessment).urgent);
        if (withAny.urgent) expect(withAny.sequence).toEqual([{ step: 'urgent-evaluation' }]);
      }),
      RUNS,
    );
  });

  it('leads with withdrawal management exactly when it needs a 24-hour setting, then the level of care', () => {
    fc.assert(
      fc.property(assessments, (assessment) => {
        const recommendation = recommend(assessment);
        if (recommendation.urgent) return;
        const { sequence, primary, withdrawalManagement } = recommendation;
        const first = withdrawalManagement === 'residential' || withdrawalManagement === 'inpatient';
        expect(sequence.map((s) => s.step)).toEqual(
          first ? ['withdrawal-management', 'level-of-care'] : ['level-of-care'],
        );
        const care = sequence.at(-1);
        expect(care).toMatchObject({ setting: primary.setting, withRecoveryResidence: primary.withRecoveryResidence });
        const facts = assessment.facts ?? {};
        // DESIGN 4.2: a seizure or delirium history, d2 >= 3 or pregnancy with withdrawal management
        // first require medical monitoring of it.
        if (
          first &&
          (facts.withdrawalSeizureOrDeliriumHistory === true || assessment.ratings.d2 >= 3 || facts.pregnant === 'yes')
        ) {
          expect(monitored(recommendation, 'withdrawal-management')).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it('decides an assessment@1 exactly as the same assessment@2 with no facts (rules that need facts are skipped)', () => {
    fc.assert(
      fc.property(assessments, (assessment) => {
        if (assessment.facts !== undefined) return;
        const withoutFacts = recommend(assessment);
        const withEmptyFacts = recommend(withFacts(assessment, {}));
        const ratingsAndFlagsOnly = (r: Recommendation) => ({
          ...r,
          whatWouldChange: r.whatWouldChange.filter((change) => !('fact' in change)),
        });
        expect(ratingsAndFlagsOnly(withEmptyFacts)).toEqual(withoutFacts);
      }),
      RUNS,
    );
  });

  it('never changes the result for the facts only warnings read (age, withdrawal scale)', () => {
    fc.assert(
      fc.property(
        assessments,
        fc.integer({ min: 0, max: 120 }),
        fc.integer({ min: 0, max: 48 }),
        (assessment, ageYears, score) => {
          const base = withFacts(assessment, {});
          const changed = withFacts(assessment, { ageYears, withdrawalScale: { scale: 'COWS', score } });
          const strip = (r: Recommendation) => ({ ...r, warnings: [] });
          expect(strip(recommend(changed))).toEqual(strip(recommend(base)));
        },
      ),
      RUNS,
    );
  });

  it('never pairs a 24-hour setting or an urgent evaluation with a recovery residence', () => {
    fc.assert(
      fc.property(assessments, (assessment) => {
        const { primary } = recommend(assessment);
        if (['residential', 'inpatient', 'urgent-evaluation'].includes(primary.setting)) {
          expect(primary.withRecoveryResidence).toBe(false);
        }
      }),
      RUNS,
    );
  });

  it('lists in whatWouldChange exactly the nearest single-rating changes that change the result', () => {
    fc.assert(
      fc.property(assessments, (assessment) => {
        const recommendation = recommend(assessment);
        const current = resultOf(recommendation);
        const expected: Array<{ dimension: DimensionId; to: number; setting: PrimarySetting }> = [];
        for (const d of DIMENSION_IDS) {
          const from = assessment.ratings[d];
          for (const step of [-1, 1]) {
            for (let to = from + step; to >= 0 && to <= 4; to += step) {
              const changed = recommend(withRating(assessment, d, to as Rating));
              if (resultOf(changed) !== current) {
                expected.push({ dimension: d, to, setting: changed.primary.setting });
                break;
              }
            }
          }
        }
        expect(
          recommendation.whatWouldChange.flatMap((change) =>
            'dimension' in change ? [{ dimension: change.dimension, to: change.to, setting: change.setting }] : [],
          ),
        ).toEqual(expected);
      }),
      RUNS,
    );
  });

  it('offers only alternatives more intensive than the primary setting, in order, and none when urgent', () => {
    fc.assert(
      fc.property(assessments, (assessment) => {
        const { primary, alternatives, urgent } = recommend(assessment);
        if (urgent) expect(alternatives).toEqual([]);
        const ranks = alternatives.map((alternative) => intensity(alternative.setting));
        for (const rank of ranks) expect(rank).toBeGreaterThan(intensity(primary.setting));
        expect(ranks).toEqual([...new Set(ranks)].sort((a, b) => a - b));
      }),
      RUNS,
    );
  });
});
