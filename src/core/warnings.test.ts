import { describe, expect, it } from 'vitest';
import { anAssessment, type AssessmentOverrides } from '../../test/fixtures/assessments.js';
import { recommendPlacement } from './engine.js';
import { loadDefaultRuleSet } from './rulesets/index.js';
import { consistencyWarnings } from './warnings.js';

const ruleset = loadDefaultRuleSet();

function codes(overrides: AssessmentOverrides): string[] {
  return consistencyWarnings(anAssessment(overrides)).map((warning) => warning.code);
}

const CASES: Array<{ code: string; fires: AssessmentOverrides; fields: string[]; nearMisses: AssessmentOverrides[] }> =
  [
    {
      code: 'intoxicated-with-d1-none',
      fires: { flags: { intoxicated: true } },
      fields: ['flags.intoxicated', 'ratings.d1'],
      nearMisses: [{ flags: { intoxicated: true }, ratings: { d1: 1 } }, {}],
    },
    {
      code: 'withdrawal-risk-with-d1-none',
      fires: { flags: { withdrawalRisk: true } },
      fields: ['flags.withdrawalRisk', 'ratings.d1'],
      nearMisses: [{ flags: { withdrawalRisk: true }, ratings: { d1: 2 } }],
    },
    {
      code: 'seizure-history-without-withdrawal-risk',
      fires: { ratings: { d1: 2 }, facts: { substances: ['sedatives'], withdrawalSeizureOrDeliriumHistory: true } },
      fields: ['facts.withdrawalSeizureOrDeliriumHistory', 'facts.substances', 'ratings.d1', 'flags.withdrawalRisk'],
      nearMisses: [
        {
          ratings: { d1: 2 },
          flags: { withdrawalRisk: true },
          facts: { substances: ['alcohol'], withdrawalSeizureOrDeliriumHistory: true },
        },
        { ratings: { d1: 1 }, facts: { substances: ['alcohol'], withdrawalSeizureOrDeliriumHistory: true } },
        { ratings: { d1: 2 }, facts: { substances: ['opioids'], withdrawalSeizureOrDeliriumHistory: true } },
      ],
    },
    {
      code: 'withdrawal-scale-above-d1',
      fires: { ratings: { d1: 1 }, facts: { withdrawalScale: { scale: 'CIWA-Ar', score: 10 } } },
      fields: ['facts.withdrawalScale.score', 'ratings.d1'],
      nearMisses: [
        { ratings: { d1: 1 }, facts: { withdrawalScale: { scale: 'CIWA-Ar', score: 9 } } },
        { ratings: { d1: 2 }, facts: { withdrawalScale: { scale: 'COWS', score: 30 } } },
      ],
    },
    {
      code: 'overdose-count-contradicts',
      fires: { facts: { overdoseCount: 2, opioidOverdosePast12Months: false } },
      fields: ['facts.overdoseCount', 'facts.opioidOverdosePast12Months'],
      nearMisses: [{ facts: { overdoseCount: 2, opioidOverdosePast12Months: true } }, { facts: { overdoseCount: 2 } }],
    },
    {
      code: 'medication-without-substance',
      fires: { facts: { substances: ['alcohol'], currentMedications: [{ name: 'buprenorphine' }] } },
      fields: ['facts.currentMedications.0.name', 'facts.substances'],
      nearMisses: [
        { facts: { substances: ['opioids'], currentMedications: [{ name: 'buprenorphine' }] } },
        { facts: { currentMedications: [{ name: 'buprenorphine' }] } },
        { facts: { substances: ['alcohol'], currentMedications: [{ name: 'naltrexone' }] } },
      ],
    },
    {
      code: 'age-below-adult',
      fires: { facts: { ageYears: 16 } },
      fields: ['facts.ageYears', 'population'],
      nearMisses: [{ facts: { ageYears: 18 } }, { population: 'adolescent', facts: { ageYears: 16 } }],
    },
    {
      code: 'age-above-adolescent',
      fires: { population: 'adolescent', facts: { ageYears: 19 } },
      fields: ['facts.ageYears', 'population'],
      nearMisses: [{ population: 'adolescent', facts: { ageYears: 17 } }, { facts: { ageYears: 19 } }],
    },
    {
      code: 'age-below-adolescent',
      fires: { population: 'adolescent', facts: { ageYears: 11 } },
      fields: ['facts.ageYears', 'population'],
      nearMisses: [{ population: 'adolescent', facts: { ageYears: 12 } }],
    },
  ];

describe('consistencyWarnings', () => {
  it.each(CASES.map((c) => [c.code, c] as const))(
    '%s: fires naming its fields, and not for its near misses',
    (code, c) => {
      const warnings = consistencyWarnings(anAssessment(c.fires));
      expect(warnings.map((w) => w.code)).toContain(code);
      expect(warnings.find((w) => w.code === code)?.fields).toEqual(c.fields);
      for (const nearMiss of c.nearMisses) expect(codes(nearMiss), JSON.stringify(nearMiss)).not.toContain(code);
    },
  );

  it('finds nothing to check in a consistent assessment', () => {
    expect(codes({ ratings: { d1: 2, d5: 2 }, flags: { withdrawalRisk: true } })).toEqual([]);
  });

  it('is in the recommendation and never changes the level', () => {
    const contradictory = anAssessment({ ratings: { d5: 2 }, flags: { withdrawalRisk: true } });
    const recommendation = recommendPlacement(contradictory, ruleset);
    expect(recommendation.warnings.map((w) => w.code)).toEqual(['withdrawal-risk-with-d1-none']);
    // The rules decide as before: withdrawal management first, then iop.
    expect(recommendation.sequence.map((s) => s.step)).toEqual(['withdrawal-management', 'level-of-care']);
    expect(recommendation.primary.setting).toBe('iop');
  });
});
