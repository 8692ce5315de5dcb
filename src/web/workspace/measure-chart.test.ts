/**
 * The geometry and words of a measure's chart, before any SVG is drawn: points in time order, higher
 * scores higher up, severity bands covering the scale, reliable-change markers, the plan's
 * reassessment date on the time axis, and a summary that says in words what the picture shows.
 */
import { describe, expect, it } from 'vitest';
import type { InstrumentSummary, MeasureResponse } from '../../core/api/measures.js';
import { chartOf } from './measure-chart.js';

const TZ = 'America/New_York';

const PHQ9: InstrumentSummary = {
  id: 'phq-9',
  name: 'PHQ9',
  version: '1.0.0',
  title: { en: 'PHQ-9 depression', es: 'PHQ-9 depresión' },
  licence: 'free',
  sources: [],
  enteredBy: 'client',
  items: 9,
  totalRange: { min: 0, max: 27 },
  better: 'lower',
  reliableChange: { points: 5, source: 'Kroenke 2002' },
  bands: [
    { code: 'none-minimal', min: 0, max: 4, label: { en: 'None or minimal', es: '' }, sex: null },
    { code: 'mild', min: 5, max: 9, label: { en: 'Mild', es: '' }, sex: null },
    { code: 'moderate', min: 10, max: 14, label: { en: 'Moderate', es: '' }, sex: null },
    { code: 'moderately-severe', min: 15, max: 19, label: { en: 'Moderately severe', es: '' }, sex: null },
    { code: 'severe', min: 20, max: 27, label: { en: 'Severe', es: '' }, sex: null },
  ],
  loinc: { panel: '44249-1', total: '44261-6' },
};

const READINESS: InstrumentSummary = {
  ...PHQ9,
  id: 'readiness',
  name: 'StepdownReadinessRulers',
  title: { en: 'Readiness rulers', es: 'Reglas' },
  items: 2,
  totalRange: null,
  better: 'higher',
  reliableChange: null,
  bands: [],
  loinc: { panel: null, total: null },
};

let next = 0;
function result(
  instrument: string,
  takenAt: string,
  total: number | null,
  options: Partial<MeasureResponse> = {},
): MeasureResponse {
  next += 1;
  return {
    id: `m${next}`,
    clientId: 'c1',
    instrument,
    instrumentVersion: '1.0.0',
    answers: [],
    total,
    severity: null,
    scores: {},
    alerts: [],
    change: null,
    takenAt,
    via: 'check-in',
    enteredBy: null,
    createdAt: takenAt,
    ...options,
  };
}

// Newest first, as the API lists them.
const history = [
  result('phq-9', '2026-03-02T15:00:00.000Z', 5, {
    severity: 'mild',
    change: { from: 13, delta: -8, reliable: true, direction: 'better' },
  }),
  result('phq-9', '2026-02-16T15:00:00.000Z', 9, {
    severity: 'mild',
    change: { from: 13, delta: -4, reliable: false, direction: 'better' },
  }),
  result('phq-9', '2026-02-02T15:00:00.000Z', 13, { severity: 'moderate' }),
];

describe('a measure chart', () => {
  const chart = chartOf(PHQ9, history, { timeZone: TZ, reassessBy: '2026-03-20' });
  const [series] = chart.series;

  it('places the results oldest to newest, left to right, higher scores higher up, inside the plot', () => {
    const points = series?.points ?? [];
    expect(points.map((p) => p.value)).toEqual([13, 9, 5]);
    expect(points[0]?.x).toBeLessThan(points[1]?.x ?? 0);
    expect(points[1]?.x).toBeLessThan(points[2]?.x ?? 0);
    // SVG y grows downwards: 13 is drawn above 5.
    expect(points[0]?.y).toBeLessThan(points[2]?.y ?? 0);
    for (const p of points) {
      expect(p.x).toBeGreaterThanOrEqual(chart.plot.left);
      expect(p.x).toBeLessThanOrEqual(chart.plot.right);
      expect(p.y).toBeGreaterThanOrEqual(chart.plot.top);
      expect(p.y).toBeLessThanOrEqual(chart.plot.bottom);
    }
    expect(series?.path).toMatch(/^M[\d.]+ [\d.]+ L[\d.]+ [\d.]+ L[\d.]+ [\d.]+$/);
  });

  it('draws the severity bands across the whole scale, in order, each with its label', () => {
    expect(chart.bands.map((b) => b.label)).toEqual([
      'None or minimal',
      'Mild',
      'Moderate',
      'Moderately severe',
      'Severe',
    ]);
    const bottom = chart.bands[0];
    const top = chart.bands.at(-1);
    expect((bottom?.y ?? 0) + (bottom?.height ?? 0)).toBeCloseTo(chart.plot.bottom);
    expect(top?.y).toBeCloseTo(chart.plot.top);
    for (let i = 1; i < chart.bands.length; i++) {
      expect(chart.bands[i]?.y ?? 0).toBeLessThan(chart.bands[i - 1]?.y ?? 0);
    }
  });

  it('marks the result that is reliably better than the first, and only that one', () => {
    expect(series?.points.map((p) => p.marker)).toEqual([null, null, 'reliably-better']);
  });

  it('puts the plan’s reassessment date on the time axis, after the last result', () => {
    expect(chart.reassess?.x).toBeGreaterThan(series?.points.at(-1)?.x ?? Number.POSITIVE_INFINITY);
    expect(chart.reassess?.x).toBeLessThanOrEqual(chart.plot.right);
    expect(chart.reassess?.label).toBe('Reassess by Mar 20');
  });

  it('says in words what the picture shows', () => {
    expect(chart.summary).toBe(
      'PHQ-9: 3 results from Feb 2, 2026 to Mar 2, 2026. First 13 (Moderate), latest 5 (Mild): 8 points lower, reliably better (the reliable change is 5 points; lower is better). Reassess by Mar 20, 2026.',
    );
  });

  it('has labelled ticks on both axes', () => {
    expect(chart.yTicks.map((t) => t.label)).toEqual(['0', '5', '10', '15', '20', '25']);
    expect(chart.xTicks.length).toBeGreaterThanOrEqual(2);
    expect(chart.xTicks[0]?.label).toBe('Feb 2');
  });

  it('copes with a single result and no reassessment date', () => {
    const one = chartOf(PHQ9, [result('phq-9', '2026-02-02T15:00:00.000Z', 3, { severity: 'none-minimal' })], {
      timeZone: TZ,
      reassessBy: null,
    });
    const point = one.series[0]?.points[0];
    expect(Number.isFinite(point?.x)).toBe(true);
    expect(Number.isFinite(point?.y)).toBe(true);
    expect(one.reassess).toBeNull();
    expect(one.summary).toBe('PHQ-9: 1 result, on Feb 2, 2026: 3 (None or minimal).');
  });

  it('draws an instrument without a total as one line per score, on a scale that fits them', () => {
    const chart2 = chartOf(
      READINESS,
      [
        result('readiness', '2026-02-09T15:00:00.000Z', null, { scores: { importance: 8, confidence: 5 } }),
        result('readiness', '2026-02-02T15:00:00.000Z', null, { scores: { importance: 8, confidence: 4 } }),
      ],
      { timeZone: TZ, reassessBy: null },
    );
    expect(chart2.series.map((s) => s.name)).toEqual(['Importance', 'Confidence']);
    expect(chart2.series[1]?.points.map((p) => p.value)).toEqual([4, 5]);
    expect(chart2.bands).toEqual([]);
    expect(chart2.yTicks.at(-1)?.label).toBe('10');
    expect(chart2.summary).toBe(
      'Readiness rulers: 2 results from Feb 2, 2026 to Feb 9, 2026. Importance: first 8, latest 8. Confidence: first 4, latest 5.',
    );
  });
});
