import { describe, expect, it } from 'vitest';
import { anAssessment, type AssessmentOverrides } from '../../test/fixtures/assessments.js';
import { IncompleteRuleSetError, recommendPlacement } from './engine.js';
import type { Recommendation } from './recommendation.js';
import { compileRuleSet, type CompiledRuleSet, type RuleSetDocument } from './ruleset.js';
import { defaultRuleSetDocument, loadDefaultRuleSet } from './rulesets/index.js';
import type { PrimarySetting, Setting, WithdrawalManagement } from './settings.js';

const ruleset = loadDefaultRuleSet();

function recommend(overrides: AssessmentOverrides, rules: CompiledRuleSet = ruleset): Recommendation {
  return recommendPlacement(anAssessment(overrides), rules);
}

function firedIds(recommendation: Recommendation): string[] {
  return recommendation.basis.map((entry) => entry.rule);
}

interface ResultShape {
  setting: PrimarySetting;
  urgent: boolean;
  withdrawalManagement: WithdrawalManagement;
  withRecoveryResidence: boolean;
}

interface RuleCase {
  /** An assessment that makes the rule fire, as close to all-zero as the rule allows. */
  fires: AssessmentOverrides;
  /** How the basis names what the rule did. */
  effect: string;
  /** The result the rule leads to in that assessment. */
  result: ResultShape;
  /** Alternatives the result must offer, when the rule adds one. */
  alternatives?: Setting[];
  /** The nearest assessments that must not fire it. */
  nearMisses: AssessmentOverrides[];
}

const op: ResultShape = { setting: 'op', urgent: false, withdrawalManagement: 'none', withRecoveryResidence: false };
const urgent: ResultShape = {
  setting: 'urgent-evaluation',
  urgent: true,
  withdrawalManagement: 'none',
  withRecoveryResidence: false,
};

/**
 * One case per rule of stepdown-default. The test below fails when the JSON gains a rule that has no
 * case here, or when a case names a rule the JSON no longer has.
 */
const RULE_CASES: Record<string, RuleCase> = {
  'gate.imminent-danger': {
    fires: { flags: { imminentDanger: true } },
    effect: 'urgent',
    result: urgent,
    nearMisses: [{ flags: { imminentDanger: false } }],
  },
  'gate.intoxicated': {
    fires: { flags: { intoxicated: true } },
    effect: 'urgent',
    result: urgent,
    nearMisses: [{ flags: { intoxicated: false } }],
  },
  'gate.d1-extreme': {
    fires: { ratings: { d1: 4 } },
    effect: 'urgent+withdrawal:inpatient',
    result: { ...urgent, withdrawalManagement: 'inpatient' },
    nearMisses: [{ ratings: { d1: 3 } }],
  },
  'gate.d2-extreme': {
    fires: { ratings: { d2: 4 } },
    effect: 'urgent',
    result: urgent,
    nearMisses: [{ ratings: { d2: 3 } }],
  },
  'gate.d3-extreme': {
    fires: { ratings: { d3: 4 } },
    effect: 'urgent',
    result: urgent,
    nearMisses: [{ ratings: { d3: 3 } }],
  },
  'gate.withdrawal-risk': {
    fires: { flags: { withdrawalRisk: true } },
    effect: 'withdrawal:residential+medically-monitored:withdrawal-management',
    result: { ...op, withdrawalManagement: 'residential' },
    nearMisses: [{ flags: { withdrawalRisk: false }, ratings: { d1: 2 } }],
  },
  'gate.withdrawal-risk-medical': {
    fires: { flags: { withdrawalRisk: true }, ratings: { d2: 3 } },
    effect: 'withdrawal:inpatient',
    result: { ...op, setting: 'residential', withdrawalManagement: 'inpatient' },
    nearMisses: [{ flags: { withdrawalRisk: true }, ratings: { d2: 2 } }, { ratings: { d2: 3 } }],
  },
  'gate.withdrawal-seizure-history': {
    fires: { ratings: { d1: 2 }, facts: { substances: ['alcohol'], withdrawalSeizureOrDeliriumHistory: true } },
    effect: 'withdrawal:residential+medically-monitored:withdrawal-management',
    result: { ...op, withdrawalManagement: 'residential' },
    nearMisses: [
      { ratings: { d1: 1 }, facts: { substances: ['alcohol'], withdrawalSeizureOrDeliriumHistory: true } },
      { ratings: { d1: 2 }, facts: { substances: ['opioids'], withdrawalSeizureOrDeliriumHistory: true } },
      { ratings: { d1: 2 }, facts: { substances: ['alcohol'], withdrawalSeizureOrDeliriumHistory: false } },
      { ratings: { d1: 2 }, facts: { substances: ['alcohol'] } },
    ],
  },
  'gate.pregnancy-withdrawal': {
    fires: { ratings: { d1: 2 }, facts: { pregnant: 'yes' } },
    effect: 'withdrawal:residential+medically-monitored:withdrawal-management+require:obstetric-care',
    result: { ...op, withdrawalManagement: 'residential' },
    nearMisses: [
      { ratings: { d1: 1 }, facts: { pregnant: 'yes' } },
      { ratings: { d1: 2 }, facts: { pregnant: 'not-asked' } },
      { ratings: { d1: 2 }, facts: { pregnant: 'no' } },
    ],
  },
  'gate.needs-24-hour-structure': {
    fires: { flags: { needs24HourStructure: true } },
    effect: 'floor:residential',
    result: { ...op, setting: 'residential' },
    nearMisses: [{ flags: { needs24HourStructure: false }, ratings: { d3: 3, d5: 3 } }],
  },
  'd1.none-or-mild': {
    fires: { ratings: { d1: 1 } },
    effect: 'floor:op',
    result: op,
    nearMisses: [{ ratings: { d1: 2 } }],
  },
  'd1.moderate': {
    fires: { ratings: { d1: 2 } },
    effect: 'floor:op+withdrawal:ambulatory',
    result: { ...op, withdrawalManagement: 'ambulatory' },
    nearMisses: [{ ratings: { d1: 1 } }, { ratings: { d1: 3 } }],
  },
  'd1.severe': {
    fires: { ratings: { d1: 3 } },
    effect: 'floor:op+withdrawal:residential',
    result: { ...op, withdrawalManagement: 'residential' },
    nearMisses: [{ ratings: { d1: 2 } }, { ratings: { d1: 4 } }],
  },
  'd2.none-or-mild': {
    fires: { ratings: { d2: 1 } },
    effect: 'floor:op',
    result: op,
    nearMisses: [{ ratings: { d2: 2 } }],
  },
  'd2.moderate': {
    fires: { ratings: { d2: 2 } },
    effect: 'floor:iop',
    result: { ...op, setting: 'iop' },
    nearMisses: [{ ratings: { d2: 1 } }, { ratings: { d2: 3 } }],
  },
  'd2.severe': {
    fires: { ratings: { d2: 3 } },
    effect: 'floor:residential+medically-monitored:withdrawal-management+medically-monitored:level-of-care',
    result: { ...op, setting: 'residential' },
    nearMisses: [{ ratings: { d2: 2 } }, { ratings: { d2: 4 } }],
  },
  'd3.none-or-mild': {
    fires: { ratings: { d3: 1 } },
    effect: 'floor:op',
    result: op,
    nearMisses: [{ ratings: { d3: 2 } }],
  },
  'd3.moderate': {
    fires: { ratings: { d3: 2 } },
    effect: 'floor:iop',
    result: { ...op, setting: 'iop' },
    nearMisses: [{ ratings: { d3: 1 } }, { ratings: { d3: 3 } }],
  },
  'd3.severe': {
    fires: { ratings: { d3: 3 } },
    effect: 'floor:php',
    result: { ...op, setting: 'php' },
    nearMisses: [{ ratings: { d3: 2 } }, { ratings: { d3: 4 } }],
  },
  'd4.none-to-moderate': {
    fires: { ratings: { d4: 2 } },
    effect: 'floor:op',
    result: op,
    nearMisses: [{ ratings: { d4: 3 } }],
  },
  'd4.severe': {
    fires: { ratings: { d4: 3 } },
    effect: 'floor:iop',
    result: { ...op, setting: 'iop' },
    nearMisses: [{ ratings: { d4: 2 } }, { ratings: { d4: 4 } }],
  },
  'd4.extreme-with-other-severe': {
    fires: { ratings: { d4: 4, d5: 3 } },
    effect: 'floor:residential',
    result: { ...op, setting: 'residential' },
    nearMisses: [{ ratings: { d4: 4, d5: 2, d6: 2 } }, { ratings: { d4: 3, d5: 3 } }],
  },
  'd4.extreme-alone': {
    fires: { ratings: { d4: 4, d1: 2, d2: 2, d3: 2, d5: 2, d6: 2 } },
    effect: 'floor:iop',
    result: { ...op, setting: 'iop', withdrawalManagement: 'ambulatory' },
    nearMisses: [{ ratings: { d4: 4, d6: 3 } }, { ratings: { d4: 3 } }],
  },
  'd5.none-or-mild': {
    fires: { ratings: { d5: 1 } },
    effect: 'floor:op',
    result: op,
    nearMisses: [{ ratings: { d5: 2 } }],
  },
  'd5.moderate': {
    fires: { ratings: { d5: 2 } },
    effect: 'floor:iop',
    result: { ...op, setting: 'iop' },
    nearMisses: [{ ratings: { d5: 1 } }, { ratings: { d5: 3 } }],
  },
  'd5.severe': {
    fires: { ratings: { d5: 3 } },
    effect: 'floor:php',
    result: { ...op, setting: 'php' },
    nearMisses: [{ ratings: { d5: 2 } }, { ratings: { d5: 4 } }],
  },
  'd5.extreme': {
    fires: { ratings: { d5: 4 } },
    effect: 'floor:residential',
    result: { ...op, setting: 'residential' },
    nearMisses: [{ ratings: { d5: 3 } }],
  },
  'd6.none-or-mild': {
    fires: { ratings: { d6: 1 } },
    effect: 'floor:op',
    result: op,
    nearMisses: [{ ratings: { d6: 2 } }],
  },
  'd6.moderate': {
    fires: { ratings: { d6: 2 } },
    effect: 'floor:iop',
    result: { ...op, setting: 'iop' },
    nearMisses: [{ ratings: { d6: 1 } }, { ratings: { d6: 3 } }],
  },
  'd6.severe-recovery-residence': {
    fires: { ratings: { d6: 3 }, flags: { unsafeHousing: true } },
    effect: 'floor:iop+recovery-residence',
    result: { ...op, setting: 'iop', withRecoveryResidence: true },
    alternatives: ['php', 'residential'],
    nearMisses: [{ ratings: { d6: 3 } }, { ratings: { d6: 2 }, flags: { unsafeHousing: true } }],
  },
  'd6.severe': {
    fires: { ratings: { d6: 3 } },
    effect: 'floor:php',
    result: { ...op, setting: 'php' },
    nearMisses: [{ ratings: { d6: 3 }, flags: { unsafeHousing: true } }, { ratings: { d6: 4 } }],
  },
  'd6.extreme': {
    fires: { ratings: { d6: 4 } },
    effect: 'floor:residential',
    result: { ...op, setting: 'residential' },
    nearMisses: [{ ratings: { d6: 3 } }],
  },
  'housing.recovery-residence': {
    fires: { flags: { unsafeHousing: true } },
    effect: 'recovery-residence+alternative:residential',
    result: { ...op, withRecoveryResidence: true },
    alternatives: ['iop', 'residential'],
    nearMisses: [{ flags: { unsafeHousing: false }, ratings: { d6: 3 } }],
  },
  'co-occurring.treat-together': {
    fires: { flags: { coOccurringMentalHealth: true } },
    effect: 'note',
    result: op,
    nearMisses: [{ ratings: { d3: 3 } }],
  },
  'responsibilities.shape-not-lower': {
    fires: { flags: { homeResponsibilities: true } },
    effect: 'note',
    result: op,
    nearMisses: [{ flags: { homeResponsibilities: false } }],
  },
  'transition.overdose-risk': {
    fires: {},
    effect: 'note',
    result: op,
    nearMisses: [{ flags: { imminentDanger: true } }, { flags: { intoxicated: true } }],
  },
  'medication.continuity': {
    fires: { facts: { currentMedications: [{ name: 'naltrexone' }] } },
    effect: 'require:continue-medication',
    result: op,
    nearMisses: [{ facts: { currentMedications: [] } }, { facts: { substances: ['opioids'] } }],
  },
  'overdose.naloxone': {
    fires: { facts: { substances: ['opioids'] } },
    effect: 'require:naloxone',
    result: op,
    nearMisses: [
      { facts: { substances: ['alcohol'], opioidOverdosePast12Months: false, overdoseCount: 0 } },
      { facts: {} },
    ],
  },
  'pregnancy.opioids': {
    fires: { facts: { pregnant: 'yes', substances: ['opioids'] } },
    effect: 'require:obstetric-care+require:no-taper',
    result: op,
    nearMisses: [
      { facts: { pregnant: 'no', substances: ['opioids'] } },
      { facts: { pregnant: 'yes', substances: ['alcohol'] } },
    ],
  },
};

describe('every rule of stepdown-default', () => {
  const ruleIds = defaultRuleSetDocument.rules.map((rule) => rule.id);

  it('has a case in the table, and the table names no rule the rule set lacks', () => {
    expect(ruleIds.filter((id) => !(id in RULE_CASES))).toEqual([]);
    expect(Object.keys(RULE_CASES).filter((id) => !ruleIds.includes(id))).toEqual([]);
  });

  describe.each(ruleIds)('%s', (id) => {
    const ruleCase = RULE_CASES[id];
    if (ruleCase === undefined) return; // reported by the coverage test above

    it('fires, with its effect on the result', () => {
      const recommendation = recommend(ruleCase.fires);
      const entry = recommendation.basis.find((b) => b.rule === id);
      expect(entry?.effect).toBe(ruleCase.effect);
      expect({
        setting: recommendation.primary.setting,
        urgent: recommendation.urgent,
        withdrawalManagement: recommendation.withdrawalManagement,
        withRecoveryResidence: recommendation.primary.withRecoveryResidence,
      }).toEqual(ruleCase.result);
      for (const setting of ruleCase.alternatives ?? []) {
        expect(recommendation.alternatives.map((a) => a.setting)).toContain(setting);
      }
    });

    it.each(ruleCase.nearMisses.map((overrides) => [JSON.stringify(overrides), overrides] as const))(
      'does not fire for the near miss %s',
      (_, overrides) => {
        expect(firedIds(recommend(overrides))).not.toContain(id);
      },
    );
  });

  it('gives every rule at least one near miss', () => {
    const without = Object.entries(RULE_CASES)
      .filter(([, ruleCase]) => ruleCase.nearMisses.length === 0)
      .map(([id]) => id);
    expect(without).toEqual([]);
  });
});

describe('recommendPlacement', () => {
  it('lists the basis as gates, then floors, then modifiers', () => {
    const recommendation = recommend({
      ratings: { d3: 2 },
      flags: { withdrawalRisk: true, unsafeHousing: true, coOccurringMentalHealth: true },
    });
    expect(firedIds(recommendation)).toEqual([
      'gate.withdrawal-risk',
      'd1.none-or-mild',
      'd2.none-or-mild',
      'd3.moderate',
      'd4.none-to-moderate',
      'd5.none-or-mild',
      'd6.none-or-mild',
      'housing.recovery-residence',
      'co-occurring.treat-together',
      'transition.overdose-risk',
    ]);
  });

  it('takes the most intensive floor, never an average of the ratings', () => {
    // Five dimensions at 0 and one at 3 would average well under 1; the floor is still php.
    expect(recommend({ ratings: { d5: 3 } }).primary.setting).toBe('php');
  });

  it('offers the next setting up as an alternative, with the rule set’s wording', () => {
    const recommendation = recommend({ ratings: { d3: 2 } });
    expect(recommendation.alternatives).toEqual([{ setting: 'php', why: ruleset.stepUp.iop }]);
  });

  it('offers no alternatives while an urgent evaluation is pending', () => {
    expect(recommend({ ratings: { d3: 4 }, flags: { unsafeHousing: true } }).alternatives).toEqual([]);
  });

  it('drops an alternative at or below the floor', () => {
    // housing.recovery-residence offers residential; with a residential floor that is no alternative.
    const recommendation = recommend({ ratings: { d6: 4 }, flags: { unsafeHousing: true } });
    expect(recommendation.primary.setting).toBe('residential');
    expect(recommendation.alternatives.map((a) => a.setting)).toEqual(['inpatient']);
  });

  it('gives adolescents their own hours band', () => {
    expect(recommend({ population: 'adolescent', ratings: { d5: 2 } }).primary.hoursPerWeek).toEqual({
      min: 6,
      max: 19,
    });
    expect(recommend({ population: 'adult', ratings: { d5: 2 } }).primary.hoursPerWeek).toEqual({ min: 9, max: 19 });
  });

  it('gives no hours for a 24-hour setting or an urgent evaluation', () => {
    expect(recommend({ ratings: { d5: 4 } }).primary.hoursPerWeek).toBeNull();
    expect(recommend({ ratings: { d2: 4 } }).primary.hoursPerWeek).toBeNull();
    expect(recommend({ ratings: { d5: 3 } }).primary.hoursPerWeek).toEqual({ min: 20 });
  });

  it('names the rule set it used', () => {
    expect(recommend({}).ruleset).toEqual({ id: 'stepdown-default', version: '1.1.1', hash: ruleset.hash });
  });

  it('says which single ratings would change the result, nearest first in each direction', () => {
    const recommendation = recommend({ ratings: { d3: 2, d5: 2 } });
    expect(recommendation.whatWouldChange).toEqual([
      {
        dimension: 'd1',
        to: 2,
        setting: 'iop',
        text: 'If intoxication and withdrawal were rated 2 (moderate) instead of 0 (none), withdrawal management would be ambulatory.',
      },
      {
        dimension: 'd2',
        to: 3,
        setting: 'residential',
        text: 'If physical health were rated 3 (severe) instead of 0 (none), the recommendation would be residential, medically monitored.',
      },
      {
        dimension: 'd3',
        to: 3,
        setting: 'php',
        text: 'If mental health, emotions and thinking were rated 3 (severe) instead of 2 (moderate), the recommendation would be partial hospitalization.',
      },
      {
        dimension: 'd5',
        to: 3,
        setting: 'php',
        text: 'If relapse and continued-use risk were rated 3 (severe) instead of 2 (moderate), the recommendation would be partial hospitalization.',
      },
      {
        dimension: 'd6',
        to: 3,
        setting: 'php',
        text: 'If recovery and living environment were rated 3 (severe) instead of 0 (none), the recommendation would be partial hospitalization.',
      },
    ]);
  });

  it('describes a lost recovery-residence pairing and a lower setting in one sentence', () => {
    const recommendation = recommend({ ratings: { d6: 3 }, flags: { unsafeHousing: true } });
    const d6Up = recommendation.whatWouldChange.find((c) => 'dimension' in c && c.dimension === 'd6' && c.to === 4);
    expect(d6Up?.text).toBe(
      'If recovery and living environment were rated 4 (extreme) instead of 3 (severe), the recommendation would be residential, and it would no longer be paired with a recovery residence.',
    );
  });

  it('leaves the assessment it was given unchanged', () => {
    const assessment = anAssessment({ ratings: { d2: 2, d4: 4 }, flags: { unsafeHousing: true } });
    const before = structuredClone(assessment);
    recommendPlacement(assessment, ruleset);
    expect(assessment).toEqual(before);
  });

  it('throws IncompleteRuleSetError when a loaded rule set fires no rule at all', () => {
    const onlyD3: RuleSetDocument = {
      ...structuredClone(defaultRuleSetDocument),
      id: 'only-d3',
      rules: defaultRuleSetDocument.rules.filter((rule) => rule.id === 'd3.severe'),
    } as RuleSetDocument;
    const compiled = compileRuleSet(onlyD3);
    if (!compiled.ok) throw new Error(JSON.stringify(compiled.issues));
    expect(recommend({ ratings: { d3: 3 } }, compiled.value).primary.setting).toBe('php');
    expect(() => recommend({ ratings: { d3: 1 } }, compiled.value)).toThrow(IncompleteRuleSetError);
    expect(() => recommend({ ratings: { d3: 1 } }, compiled.value)).toThrow(/only-d3 fired no rule/);
  });
});
