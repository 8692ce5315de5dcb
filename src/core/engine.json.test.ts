/**
 * recommendPlacementJson builds the recommendation@1 text from pieces prepared when the rule set was
 * compiled. It must be JSON.stringify(recommendPlacement(...)) byte for byte: checked here over every
 * combination of the six ratings, with flags, population and clinical facts varying, under two rule
 * sets.
 */
import { describe, expect, it } from 'vitest';
import exampleStateDocument from '../../test/fixtures/rulesets/example-state.json' with { type: 'json' };
import { anAssessment } from '../../test/fixtures/assessments.js';
import { FLAG_IDS, type FlagId } from './assessment.js';
import type { ClinicalFacts } from './clinical-facts.js';
import { DIMENSION_IDS, type DimensionId, type Rating } from './dimensions.js';
import { recommendPlacement, recommendPlacementJson } from './engine.js';
import { compileRuleSet, type CompiledRuleSet } from './ruleset.js';
import { loadDefaultRuleSet } from './rulesets/index.js';

function exampleStateRuleSet(): CompiledRuleSet {
  const compiled = compileRuleSet(exampleStateDocument);
  if (!compiled.ok) throw new Error('the example-state fixture is not a valid rule set');
  return compiled.value;
}

/** Every one of the 5^6 rating combinations, each with flags and population picked from its index. */
function* everyRatingCombination(): Generator<Parameters<typeof anAssessment>[0]> {
  for (let n = 0; n < 5 ** DIMENSION_IDS.length; n++) {
    const ratings = {} as Record<DimensionId, Rating>;
    let rest = n;
    for (const id of DIMENSION_IDS) {
      ratings[id] = (rest % 5) as Rating;
      rest = Math.floor(rest / 5);
    }
    // A multiplier coprime with 128 walks through all 128 flag combinations as n goes on.
    const bits = (n * 37) % 2 ** FLAG_IDS.length;
    // Urgent flags on every flag set would hide the floors, so they are switched on one time in four.
    const flags = Object.fromEntries(
      FLAG_IDS.map((id, i) => [id, (bits & (1 << i)) !== 0 && (n % 4 === 0 || !isUrgentFlag(id))]),
    ) as Record<FlagId, boolean>;
    yield { population: n % 3 === 0 ? 'adolescent' : 'adult', ratings, flags, ...factsFor(n) };
  }
}

/** One index in three is an assessment@2, with facts that fire the fact rules, warnings and what-ifs. */
function factsFor(n: number): { facts?: ClinicalFacts } {
  if (n % 3 !== 1) return {};
  const pick = Math.floor(n / 3);
  return {
    facts: {
      substances: pick % 2 === 0 ? ['alcohol', 'opioids'] : ['sedatives'],
      ...(pick % 5 === 0 ? {} : { withdrawalSeizureOrDeliriumHistory: pick % 4 !== 1 }),
      ...(pick % 7 === 0 ? { currentMedications: [{ name: 'methadone', prescriber: 'Clinic "A"' }] } : {}),
      ...(pick % 3 === 0 ? { pregnant: 'yes' as const } : {}),
      ...(pick % 11 === 0 ? { ageYears: 16, overdoseCount: 2, opioidOverdosePast12Months: false } : {}),
      ...(pick % 13 === 0 ? { withdrawalScale: { scale: 'CIWA-Ar' as const, score: 20 } } : {}),
    },
  };
}

function isUrgentFlag(id: FlagId): boolean {
  return id === 'imminentDanger' || id === 'intoxicated';
}

describe('recommendPlacementJson', () => {
  for (const [name, ruleset] of [
    ['stepdown-default', loadDefaultRuleSet()],
    ['example-state', exampleStateRuleSet()],
  ] as const) {
    it(`is JSON.stringify(recommendPlacement(...)) byte for byte under ${name}`, () => {
      let checked = 0;
      for (const overrides of everyRatingCombination()) {
        const assessment = anAssessment(overrides);
        const json = recommendPlacementJson(assessment, ruleset);
        if (json !== JSON.stringify(recommendPlacement(assessment, ruleset))) {
          expect(json).toBe(JSON.stringify(recommendPlacement(assessment, ruleset)));
        }
        checked++;
      }
      expect(checked).toBe(5 ** 6);
    });
  }
});
