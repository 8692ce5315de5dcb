/**
 * Golden tests of the clinician's explanation. The expected texts live in test/golden/*.txt so that a
 * change to the wording, the rules or the hash shows up as a readable diff in review. After an
 * intended change, regenerate with `npx vitest run src/core/explain.test.ts -u` and read the diff.
 */
import { describe, expect, it } from 'vitest';
import exampleStateDocument from '../../test/fixtures/rulesets/example-state.json' with { type: 'json' };
import { anAssessment, type AssessmentOverrides } from '../../test/fixtures/assessments.js';
import { recommendPlacement } from './engine.js';
import { explainRecommendation } from './explain.js';
import { compileRuleSet, type CompiledRuleSet } from './ruleset.js';
import { loadDefaultRuleSet } from './rulesets/index.js';

const stepdownDefault = loadDefaultRuleSet();

function explain(overrides: AssessmentOverrides, ruleset: CompiledRuleSet = stepdownDefault): string {
  const assessment = anAssessment(overrides);
  return explainRecommendation(assessment, recommendPlacement(assessment, ruleset), ruleset);
}

const GOLDEN: Array<[file: string, overrides: AssessmentOverrides]> = [
  // The DESIGN.md example: the common step-down to IOP.
  ['explain-iop.txt', { ratings: { d3: 2, d4: 1, d5: 2, d6: 1 } }],
  // A safety gate: the level of care gives way to an urgent evaluation.
  ['explain-urgent.txt', { ratings: { d3: 4, d5: 3 }, flags: { imminentDanger: true, unsafeHousing: true } }],
  // IOP from a recovery residence, with the notes for responsibilities and a co-occurring condition.
  [
    'explain-recovery-residence.txt',
    {
      ratings: { d3: 2, d4: 2, d5: 2, d6: 3 },
      flags: { unsafeHousing: true, homeResponsibilities: true, coOccurringMentalHealth: true },
    },
  ],
  // An adolescent day program after 24-hour withdrawal management.
  [
    'explain-adolescent-php.txt',
    { population: 'adolescent', ratings: { d1: 2, d5: 3 }, flags: { withdrawalRisk: true } },
  ],
  // Issue 10: alcohol, two past withdrawal seizures, in severe withdrawal now. The first line is the
  // medically monitored withdrawal management; IOP follows. With a medicine and a warning to check.
  [
    'explain-withdrawal-seizures.txt',
    {
      ratings: { d1: 3, d3: 1, d4: 1, d5: 2, d6: 1 },
      flags: { withdrawalRisk: true },
      facts: {
        substances: ['alcohol', 'opioids'],
        currentMedications: [{ name: 'naltrexone', prescriber: 'Dr. Ada Okafor' }],
        withdrawalSeizureOrDeliriumHistory: true,
        overdoseCount: 0,
        pregnant: 'no',
        ageYears: 17,
        withdrawalScale: { scale: 'CIWA-Ar', score: 18 },
      },
    },
  ],
];

describe('explainRecommendation', () => {
  it.each(GOLDEN)('matches test/golden/%s', async (file, overrides) => {
    await expect(explain(overrides)).toMatchFileSnapshot(`../../test/golden/${file}`);
  });

  it('matches test/golden/explain-example-state-inpatient.txt under the state variant', async () => {
    const compiled = compileRuleSet(exampleStateDocument);
    if (!compiled.ok) throw new Error(JSON.stringify(compiled.issues));
    await expect(explain({ ratings: { d2: 3, d5: 2 } }, compiled.value)).toMatchFileSnapshot(
      '../../test/golden/explain-example-state-inpatient.txt',
    );
  });

  it('cites every source it lists, and lists every source it cites', () => {
    for (const [, overrides] of GOLDEN) {
      const text = explain(overrides);
      const listed = [...text.matchAll(/^ {2}\[(\d+)\] /gm)].map((m) => Number(m[1]));
      const cited = new Set([...text.split('\nSources\n')[0]!.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1])));
      expect(listed).toEqual(listed.map((_, i) => i + 1));
      expect([...cited].sort((a, b) => a - b)).toEqual(listed);
    }
  });

  it('keeps lines within 96 characters, except the headline, the rule-set line and single long words (URLs)', () => {
    for (const [, overrides] of GOLDEN) {
      for (const line of explain(overrides).split('\n')) {
        if (line.length > 96) expect(line.trim()).toMatch(/^(\[\d+\] )?\S+$|^Rule set: |^RECOMMENDATION: /);
      }
    }
  });

  it('lists the flags that are on, in the order of the assessment document', () => {
    expect(explain({ flags: { unsafeHousing: true, withdrawalRisk: true } })).toContain(
      '  Flags: withdrawalRisk, unsafeHousing\n',
    );
    expect(explain({})).toContain('  Flags: none\n');
  });
});
