/**
 * Scoring of every shipped instrument against its published scoring: each item counted on its own,
 * the severity bands at every boundary, the AUDIT-C cut-offs by sex, the safety items, answers that
 * are refused with the item named, and reliable change at the cited thresholds.
 */
import { describe, expect, it } from 'vitest';
import { answersOf, INSTRUMENT_DOCUMENTS, instrument, instrumentRegistry } from '../../../test/fixtures/instruments.js';
import { compileInstrument } from './instrument.js';
import { SHIPPED_INSTRUMENT_IDS } from './registry.js';
import { changeBetween, scoreAnswers, type MeasureScore } from './score.js';

function scored(id: string, answers: ReadonlyArray<number | null>, sex?: 'female' | 'male'): MeasureScore {
  const result = scoreAnswers(instrument(id), answers, { sex });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.value;
}

function issuesOf(id: string, answers: readonly unknown[]) {
  const result = scoreAnswers(instrument(id), answers);
  if (result.ok) throw new Error('expected a refusal');
  return result.issues;
}

describe('the shipped instruments', () => {
  it('all compile, in listing order, each with its licence, sources and both languages', () => {
    const all = instrumentRegistry().all;
    expect(all.map((i) => i.id)).toEqual([...SHIPPED_INSTRUMENT_IDS]);
    for (const i of all) {
      expect(['free', 'stepdown-own']).toContain(i.licence);
      expect(i.sources.length).toBeGreaterThan(0);
      expect(i.title.es.length).toBeGreaterThan(0);
      for (const item of i.items) {
        expect(item.text.en.length, `${i.id} ${item.linkId}`).toBeGreaterThan(0);
        expect(item.text.es.length, `${i.id} ${item.linkId}`).toBeGreaterThan(0);
        for (const choice of item.choices) expect(choice.display.es.length).toBeGreaterThan(0);
      }
    }
  });

  it('carries the LOINC codes of PHQ-9, GAD-7 and AUDIT-C', () => {
    expect(instrument('phq-9').panel?.code).toBe('44249-1');
    expect(instrument('phq-9').totalCode?.code).toBe('44261-6');
    expect(instrument('gad-7').panel?.code).toBe('69737-5');
    expect(instrument('gad-7').totalCode?.code).toBe('70274-6');
    expect(instrument('audit-c').panel?.code).toBe('72109-2');
    expect(instrument('audit-c').totalCode?.code).toBe('75626-2');
    expect(instrument('phq-9').items[8]?.code?.code).toBe('44260-8');
  });

  it('records where PHQ-9 and GAD-7 come from and that no permission is needed', () => {
    for (const id of ['phq-9', 'gad-7']) {
      expect(instrument(id).licence).toBe('free');
      expect(instrument(id).sources.join(' ')).toMatch(/Pfizer/);
      expect(instrument(id).sources.join(' ')).toMatch(/No permission required/);
    }
  });

  it('ships its own weekly recovery check in place of the BAM, and says so', () => {
    const check = instrument('recovery-check');
    expect(check.licence).toBe('stepdown-own');
    expect(check.title.en).toMatch(/in place of the Brief Addiction Monitor/);
    expect(check.sources.join(' ')).toMatch(/Veterans Affairs/);
    expect(check.sources.join(' ')).toMatch(/not the BAM/);
    expect(new Set(check.items.map((item) => item.subscale))).toEqual(new Set(['use', 'risk', 'protective', null]));
  });

  it('holds nothing that needs a licence we do not have (C-SSRS, PROMIS)', () => {
    const text = JSON.stringify(INSTRUMENT_DOCUMENTS.map((d) => d.document));
    expect(text).not.toMatch(/C-SSRS|Columbia|PROMIS/);
  });

  it('refuses a Questionnaire without its Spanish, licence or sources, naming each', () => {
    const phq = structuredClone(INSTRUMENT_DOCUMENTS[0]?.document) as {
      extension: Array<{ url: string }>;
      item: Array<{ _text?: unknown }>;
    };
    phq.extension = phq.extension.filter((e) => !/instrument-(licence|source)$/.test(e.url));
    delete phq.item[2]?._text;
    const result = compileInstrument(phq);
    expect(result.ok).toBe(false);
    const paths = result.ok ? [] : result.issues.map((issue) => issue.path);
    expect(paths).toEqual(
      expect.arrayContaining(['extension.instrument-licence', 'extension.instrument-source', 'item.2._text']),
    );
  });
});

describe('PHQ-9 (Kroenke, Spitzer and Williams 2001)', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8, 9])('counts item %i on its own, 0 to 3', (number) => {
    for (const value of [0, 1, 2, 3])
      expect(scored('phq-9', answersOf('phq-9', { [number]: value })).total).toBe(value);
  });

  it.each([
    [0, 'none-minimal'],
    [4, 'none-minimal'],
    [5, 'mild'],
    [9, 'mild'],
    [10, 'moderate'],
    [14, 'moderate'],
    [15, 'moderately-severe'],
    [19, 'moderately-severe'],
    [20, 'severe'],
    [27, 'severe'],
  ])('a total of %i is %s', (total, severity) => {
    // Fill items 1..8 to reach the total, leaving item 9 at 0.
    const answers = Array.from({ length: 9 }, (_, index) =>
      index < 8 ? Math.max(0, Math.min(3, total - index * 3)) : 0,
    );
    if (total === 27) answers[8] = 3;
    const result = scored('phq-9', answers);
    expect(result.total).toBe(total);
    expect(result.severity).toBe(severity);
  });

  it('scores a worked example: 1, 2, 1, 0, 3, 1, 2, 1, 0 is 11, moderate', () => {
    expect(scored('phq-9', [1, 2, 1, 0, 3, 1, 2, 1, 0])).toMatchObject({ total: 11, severity: 'moderate', alerts: [] });
  });

  it('raises a safety alert for any answer above 0 to item 9, and only then', () => {
    expect(scored('phq-9', answersOf('phq-9', { 9: 0 })).alerts).toEqual([]);
    for (const value of [1, 2, 3]) {
      expect(scored('phq-9', answersOf('phq-9', { 9: value })).alerts).toEqual([
        expect.objectContaining({ kind: 'safety', item: 9, linkId: '9' }),
      ]);
    }
    for (const number of [1, 2, 3, 4, 5, 6, 7, 8]) {
      expect(scored('phq-9', answersOf('phq-9', { [number]: 3 })).alerts).toEqual([]);
    }
  });

  it('refuses a wrong count, naming the answers', () => {
    expect(issuesOf('phq-9', [0, 0, 0])).toEqual([
      { path: 'answers', message: 'PHQ9 has 9 items, so it needs 9 answers, not 3' },
    ]);
  });

  it('refuses a value that is not an answer, naming the item', () => {
    expect(issuesOf('phq-9', [0, 0, 0, 0, 0, 0, 0, 0, 4])).toEqual([
      { path: 'answers.8', message: 'item 9 must be one of 0, 1, 2, 3' },
    ]);
    expect(issuesOf('phq-9', [0, 1.5, 0, 0, null, 0, 0, 0, -1])).toEqual([
      { path: 'answers.1', message: 'item 2 must be a whole number' },
      { path: 'answers.4', message: 'item 5 needs an answer' },
      { path: 'answers.8', message: 'item 9 must be one of 0, 1, 2, 3' },
    ]);
    expect(issuesOf('phq-9', ['1', 0, 0, 0, 0, 0, 0, 0, 0])).toEqual([
      { path: 'answers.0', message: 'item 1 must be a whole number' },
    ]);
  });
});

describe('GAD-7 (Spitzer, Kroenke, Williams and Löwe 2006)', () => {
  it.each([1, 2, 3, 4, 5, 6, 7])('counts item %i on its own, 0 to 3', (number) => {
    for (const value of [0, 1, 2, 3])
      expect(scored('gad-7', answersOf('gad-7', { [number]: value })).total).toBe(value);
  });

  it.each([
    [[0, 0, 0, 0, 0, 0, 0], 0, 'minimal'],
    [[1, 1, 1, 1, 0, 0, 0], 4, 'minimal'],
    [[1, 1, 1, 1, 1, 0, 0], 5, 'mild'],
    [[2, 2, 2, 2, 1, 0, 0], 9, 'mild'],
    [[2, 2, 2, 2, 2, 0, 0], 10, 'moderate'],
    [[2, 2, 2, 2, 2, 2, 2], 14, 'moderate'],
    [[3, 3, 3, 2, 2, 1, 1], 15, 'severe'],
    [[3, 3, 3, 3, 3, 3, 3], 21, 'severe'],
  ])('%j totals %i, %s', (answers, total, severity) => {
    expect(scored('gad-7', answers)).toMatchObject({ total, severity, alerts: [] });
  });
});

describe('AUDIT-C (Bush et al. 1998; Bradley et al. 2007)', () => {
  it.each([1, 2, 3])('counts item %i on its own, 0 to 4', (number) => {
    for (const value of [0, 1, 2, 3, 4]) {
      expect(scored('audit-c', answersOf('audit-c', { [number]: value })).total).toBe(value);
    }
  });

  it('is positive at 4 or more for men and 3 or more for women', () => {
    expect(scored('audit-c', [1, 1, 1], 'male').severity).toBe('negative');
    expect(scored('audit-c', [2, 1, 1], 'male').severity).toBe('positive');
    expect(scored('audit-c', [1, 1, 0], 'female').severity).toBe('negative');
    expect(scored('audit-c', [1, 1, 1], 'female').severity).toBe('positive');
    expect(scored('audit-c', [4, 4, 4], 'male')).toMatchObject({ total: 12, severity: 'positive' });
  });

  it('uses the lower cut-off when sex is not given, so no positive screen is missed', () => {
    expect(scored('audit-c', [1, 1, 1]).severity).toBe('positive');
    expect(scored('audit-c', [1, 1, 0]).severity).toBe('negative');
  });
});

describe('the weekly recovery check', () => {
  it('gives use days as the total, and the risk and protective sums', () => {
    // use-days, craving, sleep, stress, risky-places, overdose, used-alone, sure, meetings, support, good-days
    const result = scored('recovery-check', [2, 3, 4, 2, 1, 0, 0, 1, 2, 1, 3]);
    expect(result).toMatchObject({
      total: 2,
      severity: 'use',
      scores: { use: 2, risk: 10, protective: 7 },
      alerts: [],
    });
    expect(scored('recovery-check', answersOf('recovery-check')).severity).toBe('no-use');
  });

  it('raises a safety alert for a reported overdose and for using opioids alone', () => {
    expect(scored('recovery-check', answersOf('recovery-check', { 6: 1 })).alerts.map((a) => a.linkId)).toEqual([
      'overdose',
    ]);
    expect(scored('recovery-check', answersOf('recovery-check', { 7: 1 })).alerts.map((a) => a.linkId)).toEqual([
      'used-alone',
    ]);
  });

  it('refuses days outside 0 to 7, naming the item', () => {
    expect(issuesOf('recovery-check', answersOf('recovery-check', { 1: 8 }))).toEqual([
      { path: 'answers.0', message: 'item 1 (use-days) must be from 0 to 7' },
    ]);
  });
});

describe('readiness rulers, attendance and drug tests', () => {
  it('reads the rulers as two scores with no total', () => {
    expect(scored('readiness', [8, 5])).toEqual({
      total: null,
      severity: null,
      scores: { importance: 8, confidence: 5 },
      alerts: [],
    });
    expect(issuesOf('readiness', [11, 5])).toEqual([
      { path: 'answers.0', message: 'item 1 (importance) must be from 0 to 10' },
    ]);
  });

  it('counts missed sessions, with or without notice', () => {
    expect(scored('attendance', [3, 1, 1])).toMatchObject({
      total: 2,
      severity: 'missed',
      scores: { attended: 3, missed: 2 },
    });
    expect(scored('attendance', [3, 0, 0]).severity).toBe('none-missed');
  });

  it('counts unexpected positives, skipping what was not tested', () => {
    const answers = [0, null, 1, null, null, 0, null, null];
    expect(scored('drug-test', answers)).toMatchObject({ total: 1, severity: 'positive' });
    expect(
      issuesOf(
        'drug-test',
        Array.from({ length: 8 }, () => null),
      ),
    ).toEqual([{ path: 'answers', message: 'give at least one answer' }]);
  });
});

describe('change against the first result', () => {
  it('calls a PHQ-9 change reliable at 5 points, either way', () => {
    const phq = instrument('phq-9');
    expect(changeBetween(phq, 14, 9)).toEqual({ from: 14, delta: -5, reliable: true, direction: 'better' });
    expect(changeBetween(phq, 14, 10)).toEqual({ from: 14, delta: -4, reliable: false, direction: 'better' });
    expect(changeBetween(phq, 6, 11)).toEqual({ from: 6, delta: 5, reliable: true, direction: 'worse' });
    expect(phq.reliableChange?.points).toBe(5);
    expect(phq.reliableChange?.source).toMatch(/Kroenke/);
  });

  it('calls a GAD-7 change reliable at 4 points', () => {
    const gad = instrument('gad-7');
    expect(changeBetween(gad, 12, 8)?.reliable).toBe(true);
    expect(changeBetween(gad, 12, 9)?.reliable).toBe(false);
    expect(gad.reliableChange?.source).toMatch(/Toussaint/);
  });

  it('never calls a change reliable without a cited threshold, and has none without totals', () => {
    expect(changeBetween(instrument('recovery-check'), 0, 7)).toEqual({
      from: 0,
      delta: 7,
      reliable: false,
      direction: 'worse',
    });
    expect(changeBetween(instrument('readiness'), null, null)).toBeNull();
  });
});
