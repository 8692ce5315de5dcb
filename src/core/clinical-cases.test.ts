import { describe, expect, it } from 'vitest';
import { CLINICAL_CASES } from '../../test/fixtures/clinical-cases.js';
import { recommendPlacement } from './engine.js';
import { loadDefaultRuleSet } from './rulesets/index.js';

const ruleset = loadDefaultRuleSet();

describe('clinical cases under stepdown-default', () => {
  it('has at least 25 cases, each with its own name', () => {
    const names = CLINICAL_CASES.map((c) => c.name);
    expect(names.length).toBeGreaterThanOrEqual(25);
    expect(new Set(names).size).toBe(names.length);
  });

  it.each(CLINICAL_CASES.map((c) => [c.name, c] as const))('%s', (_, { assessment, expected }) => {
    const recommendation = recommendPlacement(assessment, ruleset);
    expect({
      setting: recommendation.primary.setting,
      urgent: recommendation.urgent,
      withdrawalManagement: recommendation.withdrawalManagement,
      withRecoveryResidence: recommendation.primary.withRecoveryResidence,
    }).toEqual({
      setting: expected.setting,
      urgent: expected.urgent,
      withdrawalManagement: expected.withdrawalManagement,
      withRecoveryResidence: expected.withRecoveryResidence,
    });
    const fired = recommendation.basis.map((entry) => entry.rule);
    expect(fired).toEqual(expect.arrayContaining(expected.basis));
    for (const rule of expected.notInBasis ?? []) expect(fired).not.toContain(rule);
    if (expected.hoursPerWeek !== undefined) expect(recommendation.primary.hoursPerWeek).toEqual(expected.hoursPerWeek);
  });
});
