/**
 * A measure's chart as numbers and words, before any SVG: where each result sits (time left to
 * right, higher scores higher up), the instrument's severity bands, which results are reliably
 * better or worse than the first, where the plan's reassessment date falls, and a summary that says
 * in a sentence what the picture shows (the chart's accessible name). Drawn by measure-chart-view.
 */
import type { InstrumentSummary, MeasureResponse } from '../../core/api/measures.js';
import { calendarDate } from '../../core/time-zone.js';

export const CHART_SIZE = { width: 640, height: 240 } as const;
const PLOT = { left: 44, right: CHART_SIZE.width - 128, top: 14, bottom: CHART_SIZE.height - 30 } as const;
const DAY_MS = 86_400_000;

export type ReliableMarker = 'reliably-better' | 'reliably-worse' | null;

export interface ChartPoint {
  measureId: string;
  takenAt: string;
  value: number;
  x: number;
  y: number;
  marker: ReliableMarker;
}

export interface ChartSeries {
  /** "Total" for an instrument with a total, else the score's name ("Importance"). */
  name: string;
  points: ChartPoint[];
  /** The line through the points, as SVG path data. */
  path: string;
}

export interface ChartGeometry {
  width: number;
  height: number;
  plot: { left: number; right: number; top: number; bottom: number };
  bands: Array<{ code: string; label: string; y: number; height: number }>;
  series: ChartSeries[];
  xTicks: Array<{ x: number; label: string }>;
  yTicks: Array<{ y: number; label: string }>;
  reassess: { x: number; label: string } | null;
  summary: string;
}

/** How an instrument is named in lists: its well-known short name, or its title without what is in brackets. */
export function instrumentName(instrument: Pick<InstrumentSummary, 'id' | 'title'>): string {
  if (/^(phq-9|gad-7|audit-c)$/.test(instrument.id)) return instrument.id.toUpperCase();
  return instrument.title.en.replace(/\s*\([^)]*\)\s*$/, '') || instrument.title.en;
}

const shortDay = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });
const longDay = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' });
const asDate = (day: string) => new Date(`${day}T00:00:00Z`);
/** "Feb 2" for a calendar day. */
export const shortDate = (day: string) => shortDay.format(asDate(day));
/** "Feb 2, 2026" for a calendar day. */
export const longDate = (day: string) => longDay.format(asDate(day));

/** The bands that apply to everyone, or (bands by sex, AUDIT-C) the lower cut-offs, as the API does without a sex. */
export function bandsOf(instrument: InstrumentSummary): InstrumentSummary['bands'] {
  const shared = instrument.bands.filter((band) => band.sex === null);
  return shared.length > 0 ? shared : instrument.bands.filter((band) => band.sex === 'female');
}

function niceMax(value: number): number {
  if (value <= 10) return 10;
  return Math.ceil(value / 5) * 5;
}

function tickStep(range: number): number {
  if (range <= 8) return 1;
  if (range <= 12) return 2;
  if (range <= 30) return 5;
  return 10;
}

function markerOf(change: MeasureResponse['change']): ReliableMarker {
  if (!change?.reliable) return null;
  if (change.direction === 'better') return 'reliably-better';
  if (change.direction === 'worse') return 'reliably-worse';
  return null;
}

const round = (n: number) => Math.round(n * 10) / 10;
const capitalised = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}`;

function changeWords(instrument: InstrumentSummary, first: number, latest: MeasureResponse): string {
  const delta = latest.change?.delta ?? (latest.total ?? first) - first;
  const amount =
    delta === 0
      ? 'no change'
      : `${Math.abs(delta)} point${Math.abs(delta) === 1 ? '' : 's'} ${delta < 0 ? 'lower' : 'higher'}`;
  const rc = instrument.reliableChange;
  if (!rc || delta === 0) return amount;
  const threshold = `the reliable change is ${rc.points} points; ${instrument.better} is better`;
  if (latest.change?.reliable) return `${amount}, reliably ${latest.change.direction} (${threshold})`;
  return `${amount}, not a reliable change (${threshold})`;
}

/**
 * The chart of one instrument's results (any order) in the clinic's time zone, with the plan's
 * reassessment date (YYYY-MM-DD) when there is one.
 */
export function chartOf(
  instrument: InstrumentSummary,
  measures: readonly MeasureResponse[],
  options: { timeZone: string; reassessBy: string | null },
): ChartGeometry {
  const results = measures
    .filter((m) => m.instrument === instrument.id)
    .sort((a, b) => Date.parse(a.takenAt) - Date.parse(b.takenAt));
  const withTotal = instrument.totalRange !== null;
  const scoreNames = withTotal ? [] : [...new Set(results.flatMap((m) => Object.keys(m.scores)))];
  const valuesOf = (name: string | null) =>
    results.flatMap((m) => {
      const value = name === null ? m.total : m.scores[name];
      return value === null || value === undefined ? [] : [{ measure: m, value }];
    });
  const lines = withTotal
    ? [{ name: 'Total', values: valuesOf(null) }]
    : scoreNames.map((name) => ({ name: capitalised(name), values: valuesOf(name) }));

  // The scale: the instrument's range, or one that fits its scores.
  const allValues = lines.flatMap((line) => line.values.map((v) => v.value));
  const yMin = instrument.totalRange?.min ?? 0;
  const yMax = instrument.totalRange?.max ?? niceMax(Math.max(0, ...allValues));
  const y = (value: number) =>
    PLOT.bottom - ((Math.min(yMax, Math.max(yMin, value)) - yMin) / (yMax - yMin || 1)) * (PLOT.bottom - PLOT.top);

  // Time: from the first result to the last, or to the reassessment date when it comes later.
  const times = results.map((m) => Date.parse(m.takenAt));
  const reassessAt = options.reassessBy === null ? null : Date.parse(`${options.reassessBy}T12:00:00Z`);
  const first = times.length > 0 ? Math.min(...times) : (reassessAt ?? 0);
  const last = Math.max(times.length > 0 ? Math.max(...times) : first, reassessAt ?? first);
  const pad = Math.max(DAY_MS, (last - first) * 0.04);
  const start = first - (last === first ? 3.5 * DAY_MS : pad);
  const end = last + (last === first ? 3.5 * DAY_MS : pad);
  const x = (time: number) => PLOT.left + ((time - start) / (end - start)) * (PLOT.right - PLOT.left);

  const series = lines.map((line): ChartSeries => {
    const points: ChartPoint[] = line.values.map(({ measure, value }) => ({
      measureId: measure.id,
      takenAt: measure.takenAt,
      value,
      x: round(x(Date.parse(measure.takenAt))),
      y: round(y(value)),
      marker: markerOf(withTotal ? measure.change : null),
    }));
    return {
      name: line.name,
      points,
      path: points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x} ${p.y}`).join(' '),
    };
  });

  const bands = bandsOf(instrument).map((band) => {
    const top = y(Math.min(yMax, band.max + 0.5));
    const bottom = y(Math.max(yMin, band.min - 0.5));
    return { code: band.code, label: band.label.en, y: round(top), height: round(bottom - top) };
  });

  const step = tickStep(yMax - yMin);
  const yTicks: ChartGeometry['yTicks'] = [];
  for (let value = yMin; value <= yMax; value += step) yTicks.push({ y: round(y(value)), label: String(value) });

  const dayOf = (time: number) => calendarDate(new Date(time), options.timeZone);
  const xTicks: ChartGeometry['xTicks'] = [];
  if (times.length > 0) {
    const spanDays = (last - first) / DAY_MS;
    const everyDays = Math.max(7, Math.ceil(spanDays / 4 / 7) * 7);
    for (let time = first; time <= last + DAY_MS / 2; time += everyDays * DAY_MS) {
      xTicks.push({ x: round(x(time)), label: shortDate(dayOf(time)) });
    }
  }

  const reassess =
    reassessAt === null || options.reassessBy === null
      ? null
      : { x: round(x(reassessAt)), label: `Reassess by ${shortDate(options.reassessBy)}` };

  return {
    width: CHART_SIZE.width,
    height: CHART_SIZE.height,
    plot: { ...PLOT },
    bands,
    series,
    xTicks,
    yTicks,
    reassess,
    summary: summaryOf(instrument, results, lines, options),
  };
}

function summaryOf(
  instrument: InstrumentSummary,
  results: readonly MeasureResponse[],
  lines: ReadonlyArray<{ name: string; values: ReadonlyArray<{ measure: MeasureResponse; value: number }> }>,
  options: { timeZone: string; reassessBy: string | null },
): string {
  const name = instrumentName(instrument);
  const reassess = options.reassessBy === null ? '' : ` Reassess by ${longDate(options.reassessBy)}.`;
  const firstResult = results[0];
  const latestResult = results.at(-1);
  if (!firstResult || !latestResult) return `${name}: no results yet.${reassess}`;
  const dayOf = (m: MeasureResponse) => longDate(calendarDate(m.takenAt, options.timeZone));
  const bandLabel = (code: string | null) => bandsOf(instrument).find((band) => band.code === code)?.label.en;
  const withBand = (m: MeasureResponse, value: number) => {
    const label = bandLabel(m.severity);
    return label ? `${value} (${label})` : String(value);
  };
  if (results.length === 1) {
    const values = lines.flatMap((line) =>
      line.values.map((v) => (lines.length === 1 ? withBand(v.measure, v.value) : `${line.name} ${v.value}`)),
    );
    return `${name}: 1 result, on ${dayOf(firstResult)}: ${values.join(', ')}.${reassess}`;
  }
  const head = `${name}: ${results.length} results from ${dayOf(firstResult)} to ${dayOf(latestResult)}.`;
  const parts = lines.flatMap((line) => {
    const first = line.values[0];
    const latest = line.values.at(-1);
    if (!first || !latest) return [];
    if (instrument.totalRange !== null) {
      return [
        `First ${withBand(first.measure, first.value)}, latest ${withBand(latest.measure, latest.value)}: ${changeWords(instrument, first.value, latest.measure)}.`,
      ];
    }
    return [`${line.name}: first ${first.value}, latest ${latest.value}.`];
  });
  return [head, ...parts].join(' ') + reassess;
}
