/**
 * Invariants of scoring over arbitrary valid answers to every shipped instrument: the total stays in
 * the instrument's range, severity never falls as the total rises, raising one answer never lowers
 * the total or the severity, and the same answers always give the same score.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { instrument, instrumentRegistry } from '../../../test/fixtures/instruments.js';
import type { Instrument } from './instrument.js';
import { scoreAnswers, severityOf } from './score.js';

const RUNS = { numRuns: 500 };

function answers(of: Instrument): fc.Arbitrary<Array<number | null>> {
  return fc.tuple(
    ...of.items.map((item) =>
      item.kind === 'choice'
        ? fc.constantFrom(...item.choices.map((choice) => choice.value))
        : fc.integer({ min: item.min, max: item.max }),
    ),
  );
}

function bandRank(of: Instrument, code: string | null): number {
  const codes = [...new Set([...of.bands].sort((a, b) => a.min - b.min).map((band) => band.code))];
  return code === null ? -1 : codes.indexOf(code);
}

describe.each(instrumentRegistry().all.map((i) => [i.id]))('scoring %s', (id) => {
  const subject = instrument(id);

  it('keeps the total within the instrument’s range', () => {
    fc.assert(
      fc.property(answers(subject), (given) => {
        const result = scoreAnswers(subject, given);
        expect(result.ok).toBe(true);
        if (!result.ok) return;
        if (subject.totalRange === null) {
          expect(result.value.total).toBeNull();
          return;
        }
        expect(result.value.total).toBeGreaterThanOrEqual(subject.totalRange.min);
        expect(result.value.total).toBeLessThanOrEqual(subject.totalRange.max);
        if (subject.bands.length > 0) expect(result.value.severity).not.toBeNull();
      }),
      RUNS,
    );
  });

  it('never lowers the total or the severity when one answer rises', () => {
    fc.assert(
      fc.property(
        answers(subject),
        fc.nat(),
        fc.constantFrom<'female' | 'male' | undefined>('female', 'male', undefined),
        (given, pick, sex) => {
          const index = pick % subject.items.length;
          const item = subject.items[index];
          if (!item) return;
          const values = item.kind === 'choice' ? item.choices.map((c) => c.value) : [item.max];
          const higher = Math.max(...values);
          const raised = given.map((value, i) => (i === index ? Math.max(value ?? 0, higher) : value));
          const before = scoreAnswers(subject, given, { sex });
          const after = scoreAnswers(subject, raised, { sex });
          if (!before.ok || !after.ok) throw new Error('valid answers refused');
          if (before.value.total === null || after.value.total === null) return;
          expect(after.value.total).toBeGreaterThanOrEqual(before.value.total);
          expect(bandRank(subject, after.value.severity)).toBeGreaterThanOrEqual(
            bandRank(subject, before.value.severity),
          );
        },
      ),
      RUNS,
    );
  });

  it('gives severity monotone in the total over the whole range', () => {
    if (subject.totalRange === null || subject.bands.length === 0) return;
    for (const sex of ['female', 'male', undefined] as const) {
      let previous = -1;
      for (let total = subject.totalRange.min; total <= subject.totalRange.max; total++) {
        const rank = bandRank(subject, severityOf(subject, total, sex)?.code ?? null);
        expect(rank, `${id} total ${total}`).toBeGreaterThanOrEqual(previous);
        previous = rank;
      }
    }
  });

  it('gives the same score for the same answers', () => {
    fc.assert(
      fc.property(answers(subject), (given) => {
        expect(scoreAnswers(subject, given)).toEqual(scoreAnswers(subject, [...given]));
      }),
      { numRuns: 100 },
    );
  });
});
