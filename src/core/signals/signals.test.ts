/**
 * The signal rules against clinical cases with their reasoning (test/fixtures/signals.ts): each
 * case raises exactly its rules; every shipped rule is raised by some case; each signal names its
 * basis and sources; step-up and step-down offer a reassessment; the rule set has an id, version
 * and hash that change with its content; the same facts always give the same signals.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NOW, SIGNAL_CASES } from '../../../test/fixtures/signals.js';
import {
  compileSignalRules,
  defaultSignalRules,
  evaluateSignals,
  loadDefaultSignalRules,
  SIGNAL_FACTS,
  type SignalFacts,
  signalFacts,
} from './index.js';

const rules = loadDefaultSignalRules();

describe('the shipped signal rules', () => {
  it('have an id, a version and a content hash', () => {
    expect(rules).toMatchObject({ id: 'stepdown-signals', version: '1.0.0' });
    expect(rules.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    const changed = structuredClone(defaultSignalRules) as { rules: Array<{ text: string }> };
    if (changed.rules[0]) changed.rules[0].text = 'Another wording.';
    const recompiled = compileSignalRules(changed);
    expect(recompiled.ok && recompiled.value.hash).not.toBe(rules.hash);
  });

  it('refuse a rule naming a source the set does not list, or an unknown fact', () => {
    const broken = structuredClone(defaultSignalRules) as {
      rules: Array<{ sources: string[]; when: unknown }>;
    };
    if (broken.rules[0]) broken.rules[0].sources = ['nowhere'];
    if (broken.rules[1]) broken.rules[1].when = { fact: 'moonPhase', min: 1 };
    const result = compileSignalRules(broken);
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.issues.map((i) => i.path)).toEqual(expect.arrayContaining(['rules.1.when']));
    const sourceOnly = structuredClone(defaultSignalRules) as { rules: Array<{ sources: string[] }> };
    if (sourceOnly.rules[0]) sourceOnly.rules[0].sources = ['nowhere'];
    const second = compileSignalRules(sourceOnly);
    expect(second.ok ? [] : second.issues).toEqual([
      { path: 'rules.0.sources.0', message: "is not one of the rule set's sources" },
    ]);
  });
});

describe.each(SIGNAL_CASES.map((c) => [c.name, c] as const))('%s', (_name, signalCase) => {
  it(`raises ${signalCase.expected.join(', ') || 'nothing'} (${signalCase.reasoning})`, () => {
    const signals = evaluateSignals(rules, signalFacts(signalCase.input));
    expect(signals.map((s) => s.rule).sort()).toEqual([...signalCase.expected].sort());
    for (const signal of signals) {
      expect(signal.basis.length).toBeGreaterThan(0);
      expect(signal.sources.length).toBeGreaterThan(0);
      expect(signal.offersReassessment).toBe(signal.kind !== 'safety');
      if (signal.kind === 'safety') expect(signal.urgency).toBe('same-day');
    }
  });
});

describe('coverage and invariants', () => {
  it('every shipped rule is raised by at least one case', () => {
    const raised = new Set(
      SIGNAL_CASES.flatMap((c) => evaluateSignals(rules, signalFacts(c.input)).map((s) => s.rule)),
    );
    expect(rules.document.rules.map((r) => r.id).filter((id) => !raised.has(id))).toEqual([]);
  });

  it('names each fact a signal read, with its value', () => {
    const [signal] = evaluateSignals(
      rules,
      signalFacts(SIGNAL_CASES[0]?.input ?? { measures: [], missedCheckIns: 0, goalsMet: false, now: NOW }),
    );
    expect(signal?.basis).toEqual([{ fact: 'phq9Item9', value: 1, meaning: SIGNAL_FACTS.phq9Item9 }]);
  });

  const facts: fc.Arbitrary<SignalFacts> = fc.record(
    Object.fromEntries(
      Object.keys(SIGNAL_FACTS).map((id) => [
        id,
        [
          'overdoseReported',
          'usedOpioidsAlone',
          'useDaysRising',
          'returnToUse',
          'phq9ReliablyWorse',
          'gad7ReliablyWorse',
          'goalsMet',
        ].includes(id)
          ? fc.boolean()
          : fc.integer({ min: -10, max: 20 }),
      ]),
    ) as Record<keyof SignalFacts, fc.Arbitrary<number | boolean>>,
  );

  it('never offers step-down beside a safety or step-up signal, and gives the same signals for the same facts', () => {
    fc.assert(
      fc.property(facts, (given) => {
        const signals = evaluateSignals(rules, given);
        const kinds = new Set(signals.map((s) => s.kind));
        if (kinds.has('safety') || kinds.has('step-up')) expect(kinds.has('step-down')).toBe(false);
        expect(evaluateSignals(rules, { ...given })).toEqual(signals);
      }),
      { numRuns: 500 },
    );
  });

  it('lists safety first, then step-up, then step-down', () => {
    fc.assert(
      fc.property(facts, (given) => {
        const order = evaluateSignals(rules, given).map((s) => ['safety', 'step-up', 'step-down'].indexOf(s.kind));
        expect(order).toEqual([...order].sort((a, b) => a - b));
      }),
      { numRuns: 300 },
    );
  });
});
