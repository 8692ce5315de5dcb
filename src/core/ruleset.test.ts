import { describe, expect, it } from 'vitest';
import exampleStateDocument from '../../test/fixtures/rulesets/example-state.json' with { type: 'json' };
import { anAssessment } from '../../test/fixtures/assessments.js';
import { FLAG_IDS } from './assessment.js';
import { canonicalJson } from './canonical-json.js';
import { recommendPlacement } from './engine.js';
import { compileCondition, compileRuleSet, ratingsRead, type CompiledRuleSet, type Facts } from './ruleset.js';
import { defaultRuleSetDocument, loadDefaultRuleSet } from './rulesets/index.js';
import { sha256OfText } from './sha256.js';

function compiled(document: unknown): CompiledRuleSet {
  const result = compileRuleSet(document);
  if (!result.ok) throw new Error(result.issues.map((i) => `${i.path}: ${i.message}`).join('\n'));
  return result.value;
}

function issuesOf(document: unknown): string[] {
  const result = compileRuleSet(document);
  return result.ok ? [] : result.issues.map((issue) => `${issue.path}: ${issue.message}`);
}

/** A copy of the default document that a test may change freely. */
function defaultCopy(): typeof defaultRuleSetDocument {
  return structuredClone(defaultRuleSetDocument);
}

function indexOfRule(id: string): number {
  const index = defaultRuleSetDocument.rules.findIndex((rule) => rule.id === id);
  if (index < 0) throw new Error(`no rule ${id}`);
  return index;
}

function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([key, inner]) => [key, reverseKeys(inner)]),
  );
}

describe('the default rule set', () => {
  const ruleset = loadDefaultRuleSet();

  it('compiles, with every rule of the file', () => {
    expect(compileRuleSet(defaultRuleSetDocument).ok).toBe(true);
    expect(ruleset.id).toBe('stepdown-default');
    expect(ruleset.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(ruleset.rules.map((rule) => rule.id).sort()).toEqual(defaultRuleSetDocument.rules.map((r) => r.id).sort());
  });

  it('orders rules as gates, then floors, then modifiers', () => {
    const stages = ruleset.rules.map((rule) => rule.stage);
    expect(stages).toEqual(
      [...stages].sort((a, b) => ['gate', 'floor', 'modifier'].indexOf(a) - ['gate', 'floor', 'modifier'].indexOf(b)),
    );
    expect(stages[0]).toBe('gate');
    expect(stages.at(-1)).toBe('modifier');
  });

  it('prints full citations for each rule’s sources', () => {
    const rule = ruleset.rules.find((r) => r.id === 'd5.moderate');
    expect(rule?.sources).toEqual([
      'SAMHSA Advisory, Clinical Issues in Intensive Outpatient Treatment for Substance Use Disorders (2021)',
      'McCarty D, et al. Substance abuse intensive outpatient programs: assessing the evidence. Psychiatr Serv 2014;65(6):718-726 https://pmc.ncbi.nlm.nih.gov/articles/PMC4152944',
    ]);
  });

  it('knows which rules read each dimension', () => {
    const reading = (bit: number): string[] => (ruleset.rulesReading[bit] ?? []).map((rule) => rule.id);
    // d4 at 4 is judged against the other dimensions, so those rules also read d1.
    expect(reading(0)).toEqual([
      'gate.d1-extreme',
      'gate.withdrawal-seizure-history',
      'gate.pregnancy-withdrawal',
      'd1.none-or-mild',
      'd1.moderate',
      'd1.severe',
      'd4.extreme-with-other-severe',
      'd4.extreme-alone',
    ]);
    expect(reading(3)).toEqual([
      'd4.none-to-moderate',
      'd4.severe',
      'd4.extreme-with-other-severe',
      'd4.extreme-alone',
    ]);
  });
});

describe('the rule-set hash', () => {
  const hash = loadDefaultRuleSet().hash;

  it('is sha256 of the canonical JSON of the document', () => {
    expect(hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(hash).toBe(`sha256:${sha256OfText(canonicalJson(defaultRuleSetDocument))}`);
  });

  it('does not change with key order or formatting', () => {
    expect(compiled(reverseKeys(defaultRuleSetDocument)).hash).toBe(hash);
    expect(compiled(JSON.parse(JSON.stringify(defaultRuleSetDocument))).hash).toBe(hash);
    expect(compiled(JSON.parse(JSON.stringify(defaultRuleSetDocument, null, '\t'))).hash).toBe(hash);
  });

  it('changes when any rule’s text or client text changes, each edit to its own hash', () => {
    const hashes = new Set([hash]);
    defaultRuleSetDocument.rules.forEach((_, index) => {
      for (const field of ['text', 'clientText'] as const) {
        const document = defaultCopy();
        const rule = document.rules[index];
        if (rule === undefined) throw new Error('rule index out of range');
        rule[field] = `${rule[field]} `;
        hashes.add(compiled(document).hash);
      }
    });
    expect(hashes.size).toBe(1 + 2 * defaultRuleSetDocument.rules.length);
  });

  it('changes when a condition, a source or the hours change', () => {
    const condition = defaultCopy();
    const d5 = condition.rules[indexOfRule('d5.moderate')];
    if (d5 === undefined) throw new Error('d5.moderate missing');
    d5.when.min = 1;
    const source = defaultCopy();
    source.sources['tip-47'].url = 'https://example.org/tip-47';
    const hours = defaultCopy();
    hours.profile.settings.iop.hoursPerWeek.adult.min = 10;
    const all = [hash, compiled(condition).hash, compiled(source).hash, compiled(hours).hash];
    expect(new Set(all).size).toBe(4);
  });
});

describe('a rule set loaded from a file', () => {
  const stepdownDefault = loadDefaultRuleSet();
  const exampleState = compiled(exampleStateDocument);

  it('compiles and names itself in each recommendation', () => {
    const recommendation = recommendPlacement(anAssessment({ ratings: { d5: 2 } }), exampleState);
    expect(recommendation.ruleset.id).toBe('example-state');
    expect(recommendation.ruleset.hash).not.toBe(stepdownDefault.hash);
  });

  it('changes the hours of a setting without code changes', () => {
    const iopAdult = anAssessment({ ratings: { d5: 2 } });
    expect(recommendPlacement(iopAdult, stepdownDefault).primary).toEqual({
      setting: 'iop',
      hoursPerWeek: { min: 9, max: 19 },
      withRecoveryResidence: false,
    });
    expect(recommendPlacement(iopAdult, exampleState).primary).toEqual({
      setting: 'iop',
      hoursPerWeek: { min: 12, max: 19 },
      withRecoveryResidence: false,
    });
    // The variant changed only adult hours.
    const iopAdolescent = anAssessment({ population: 'adolescent', ratings: { d5: 2 } });
    expect(recommendPlacement(iopAdolescent, exampleState).primary.hoursPerWeek).toEqual({ min: 6, max: 19 });
  });

  it('changes a rule’s effect without code changes', () => {
    const severeMedical = anAssessment({ ratings: { d2: 3 } });
    expect(recommendPlacement(severeMedical, stepdownDefault).primary.setting).toBe('residential');
    const underVariant = recommendPlacement(severeMedical, exampleState);
    expect(underVariant.primary.setting).toBe('inpatient');
    expect(underVariant.basis.find((entry) => entry.rule === 'd2.severe')?.effect).toBe('floor:inpatient');
    // Nothing is more intensive than inpatient care, so there is nothing to step up to.
    expect(underVariant.alternatives).toEqual([]);
  });

  it('gives the same result as the default wherever the variant did not change anything', () => {
    const unchanged = anAssessment({
      population: 'adolescent',
      ratings: { d3: 3, d6: 2 },
      flags: { unsafeHousing: true },
    });
    const a = recommendPlacement(unchanged, stepdownDefault);
    const b = recommendPlacement(unchanged, exampleState);
    // Only the what-if for d2 at 3 differs: that is the rule the variant changed.
    const notD2 = (r: typeof a): typeof a => ({
      ...r,
      ruleset: a.ruleset,
      whatWouldChange: r.whatWouldChange.filter((change) => !('dimension' in change) || change.dimension !== 'd2'),
    });
    expect(notD2(b)).toEqual(notD2(a));
    expect(b.whatWouldChange.find((change) => 'dimension' in change && change.dimension === 'd2')?.setting).toBe(
      'inpatient',
    );
  });
});

describe('an invalid rule set', () => {
  it('names an unknown source by its path', () => {
    const document = defaultCopy();
    const index = indexOfRule('d3.severe');
    document.rules[index]?.sources.push('no-such-source');
    document.profile.sources.unshift('also-missing');
    expect(issuesOf(document)).toEqual([
      `rules.${index}.sources.2: unknown source "no-such-source"`,
      'profile.sources.0: unknown source "also-missing"',
    ]);
  });

  it('names a duplicate rule id by its path', () => {
    const document = defaultCopy();
    const second = indexOfRule('d3.severe');
    const rule = document.rules[second];
    if (rule === undefined) throw new Error('d3.severe missing');
    rule.id = 'd3.moderate';
    expect(issuesOf(document)).toEqual([`rules.${second}.id: duplicate rule id d3.moderate`]);
  });

  it('names a condition of an unknown kind by its path', () => {
    const document: unknown = {
      ...defaultCopy(),
      rules: [{ ...defaultCopy().rules[0], when: { kind: 'sometimes', flag: 'imminentDanger' } }],
    };
    const issues = issuesOf(document);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(/^rules\.0\.when\.kind: must be one of "rating", "anyRating", "flag"/);
  });

  it('leaves out of the lists for assessments without facts exactly the rules that need a fact', () => {
    const ruleset = loadDefaultRuleSet();
    const skipped = ruleset.rules.filter((rule) => !ruleset.withoutFacts.rules.includes(rule)).map((rule) => rule.id);
    expect(skipped).toEqual([
      'gate.withdrawal-seizure-history',
      'gate.pregnancy-withdrawal',
      'medication.continuity',
      'overdose.naloxone',
      'pregnancy.opioids',
    ]);
  });

  it('knows which rules read each flag and the clinical facts', () => {
    const ruleset = loadDefaultRuleSet();
    const flagBit = FLAG_IDS.indexOf('withdrawalRisk');
    expect((ruleset.rulesReadingFlag[flagBit] ?? []).map((rule) => rule.id)).toEqual([
      'gate.withdrawal-risk',
      'gate.withdrawal-risk-medical',
      'gate.withdrawal-seizure-history',
      'gate.pregnancy-withdrawal',
    ]);
    expect(ruleset.rulesReadingClinical.map((rule) => rule.id)).toEqual([
      'gate.withdrawal-seizure-history',
      'gate.pregnancy-withdrawal',
      'medication.continuity',
      'overdose.naloxone',
      'pregnancy.opioids',
    ]);
  });

  it('reports every problem at once, each by its path', () => {
    const document = defaultCopy() as unknown as Record<string, unknown> & typeof defaultRuleSetDocument;
    document.extra = true;
    document.version = '1.0';
    const rule = document.rules[indexOfRule('d1.moderate')] as unknown as Record<string, unknown>;
    rule.when = { kind: 'rating', dimension: 'd7', min: 5 };
    rule.effects = [{ kind: 'floor', setting: 'hospital' }];
    const i = indexOfRule('d1.moderate');
    expect(issuesOf(document)).toEqual([
      'version: must be a version like 1.0.0',
      `rules.${i}.when.dimension: must be one of "d1", "d2", "d3", "d4", "d5", "d6"`,
      `rules.${i}.when.min: must be at most 4`,
      `rules.${i}.effects.0.setting: must be one of "op", "iop", "php", "residential", "inpatient"`,
      'extra: unknown field',
    ]);
  });

  it.each([
    ['null', null, ['(root): must be an object, not null']],
    ['a list', [], ['(root): must be an object, not a list']],
    ['an assessment', { schema: 'stepdown/assessment@1' }, ['schema: must be one of "stepdown/ruleset@1"']],
  ])('refuses %s', (_, document, expected) => {
    expect(issuesOf(document).slice(0, expected.length)).toEqual(expected);
  });
});

describe('conditions', () => {
  const facts = (overrides: Partial<Facts> = {}): Facts => ({
    ratings: { d1: 0, d2: 1, d3: 2, d4: 3, d5: 4, d6: 0 },
    flags: anAssessment().flags,
    population: 'adult',
    clinical: {},
    ...overrides,
  });

  it('evaluates every kind of condition', () => {
    expect(compileCondition({ kind: 'rating', dimension: 'd3', min: 2, max: 2 })(facts())).toBe(true);
    expect(compileCondition({ kind: 'rating', dimension: 'd3', min: 3 })(facts())).toBe(false);
    expect(compileCondition({ kind: 'anyRating', dimensions: ['d1', 'd2'], min: 1 })(facts())).toBe(true);
    expect(compileCondition({ kind: 'anyRating', dimensions: ['d1', 'd6'], min: 1 })(facts())).toBe(false);
    expect(compileCondition({ kind: 'flag', flag: 'unsafeHousing' })(facts())).toBe(false);
    expect(compileCondition({ kind: 'flag', flag: 'unsafeHousing', value: false })(facts())).toBe(true);
    expect(compileCondition({ kind: 'population', population: 'adolescent' })(facts())).toBe(false);
    expect(
      compileCondition({ kind: 'population', population: 'adolescent' })(facts({ population: 'adolescent' })),
    ).toBe(true);
    const d5High = { kind: 'rating', dimension: 'd5', min: 4 } as const;
    const d1High = { kind: 'rating', dimension: 'd1', min: 4 } as const;
    expect(compileCondition({ kind: 'all', of: [d5High, d1High] })(facts())).toBe(false);
    expect(compileCondition({ kind: 'any', of: [d5High, d1High] })(facts())).toBe(true);
    expect(compileCondition({ kind: 'not', of: d1High })(facts())).toBe(true);
  });

  it('records which ratings a condition reads', () => {
    expect(ratingsRead({ kind: 'flag', flag: 'intoxicated' })).toBe(0);
    expect(ratingsRead({ kind: 'population', population: 'adult' })).toBe(0);
    expect(ratingsRead({ kind: 'rating', dimension: 'd3' })).toBe(0b100);
    expect(
      ratingsRead({
        kind: 'all',
        of: [
          { kind: 'not', of: { kind: 'anyRating', dimensions: ['d1', 'd6'] } },
          { kind: 'any', of: [{ kind: 'rating', dimension: 'd2' }] },
        ],
      }),
    ).toBe(0b100011);
  });
});
