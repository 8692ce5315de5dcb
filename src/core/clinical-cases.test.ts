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
    if (expected.sequence !== undefined) expect(recommendation.sequence).toEqual(expected.sequence);
    if (expected.requirements !== undefined) {
      expect(recommendation.requirements.map((r) => r.requirement)).toEqual(expected.requirements);
    }
    if (expected.medications !== undefined) {
      const continuity = recommendation.requirements.find((r) => r.requirement === 'continue-medication');
      expect(continuity?.medications).toEqual(expected.medications);
    }
    if (expected.warnings !== undefined) expect(recommendation.warnings.map((w) => w.code)).toEqual(expected.warnings);
    // Every step of every case: withdrawal management leads whenever it needs a 24-hour setting.
    const first = recommendation.sequence[0];
    if (recommendation.urgent) expect(first).toEqual({ step: 'urgent-evaluation' });
    else if (['residential', 'inpatient'].includes(recommendation.withdrawalManagement)) {
      expect(first?.step).toBe('withdrawal-management');
    } else expect(first?.step).toBe('level-of-care');
  });
});
