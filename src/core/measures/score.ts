/**
 * Scoring a set of answers against an instrument: every answer checked against its item (a 400
 * names the item), the total and subscale scores, the severity band, and the safety alerts. Then
 * change against an earlier result, with the instrument's reliable change threshold.
 */
import type { FieldIssue, Parsed } from '../validation.js';
import type { Instrument, InstrumentItem, SeverityBand, Sex } from './instrument.js';

/** An answer as sent: the value of a choice or a whole number; null only for an optional item. */
export type Answer = number | null;

export interface MeasureAlert {
  /** Same day: a clinician reviews it today. */
  kind: 'safety';
  /** The item that raised it, by number and linkId. */
  item: number;
  linkId: string;
  reason: string;
}

export interface MeasureScore {
  /** The total, or null for an instrument without one (readiness rulers). */
  total: number | null;
  /** The code of the severity band the total falls in, or null without bands. */
  severity: string | null;
  /** Subscale scores by name (recovery check: use, risk, protective; readiness: importance, confidence). */
  scores: Record<string, number>;
  alerts: MeasureAlert[];
}

export interface ScoreOptions {
  /**
   * For instruments whose cut-offs differ by sex (AUDIT-C). Without it the lower, more cautious
   * cut-off is used (AUDIT-C: women's, 3), so no positive screen is missed.
   */
  sex?: Sex | undefined;
}

function itemName(item: InstrumentItem): string {
  return item.linkId === String(item.number) ? `item ${item.number}` : `item ${item.number} (${item.linkId})`;
}

function checkAnswer(item: InstrumentItem, answer: unknown, index: number): FieldIssue | undefined {
  const path = `answers.${index}`;
  if (answer === null || answer === undefined) {
    return item.required ? { path, message: `${itemName(item)} needs an answer` } : undefined;
  }
  if (typeof answer !== 'number' || !Number.isInteger(answer)) {
    return { path, message: `${itemName(item)} must be a whole number` };
  }
  if (item.kind === 'choice') {
    const values = item.choices.map((choice) => choice.value);
    return values.includes(answer)
      ? undefined
      : { path, message: `${itemName(item)} must be one of ${values.join(', ')}` };
  }
  return answer >= item.min && answer <= item.max
    ? undefined
    : { path, message: `${itemName(item)} must be from ${item.min} to ${item.max}` };
}

/** The band a total falls in, for the sex given (or the cautious bands without one). */
export function severityOf(instrument: Instrument, total: number, sex?: Sex): SeverityBand | undefined {
  const bySex = instrument.bands.some((band) => band.sex !== null);
  const wanted = bySex ? (sex ?? cautiousSex(instrument)) : null;
  return instrument.bands.find((band) => band.sex === wanted && total >= band.min && total <= band.max);
}

/** The sex whose bands call a result worse sooner: the lower cut-off. */
function cautiousSex(instrument: Instrument): Sex {
  const firstWorse = (sex: Sex) =>
    Math.min(
      ...instrument.bands.filter((band) => band.sex === sex && band.min > 0).map((band) => band.min),
      Number.POSITIVE_INFINITY,
    );
  return firstWorse('female') <= firstWorse('male') ? 'female' : 'male';
}

/**
 * Scores answers given in item order. Refuses (with every problem, each naming its item by path
 * `answers.N`) a wrong number of answers, a value that is not one of a choice's values, a number
 * outside an item's range, and a missing answer to a required item.
 */
export function scoreAnswers(
  instrument: Instrument,
  answers: readonly unknown[],
  options: ScoreOptions = {},
): Parsed<MeasureScore> {
  const items = instrument.items;
  if (answers.length !== items.length) {
    return {
      ok: false,
      issues: [
        {
          path: 'answers',
          message: `${instrument.name} has ${items.length} items, so it needs ${items.length} answers, not ${answers.length}`,
        },
      ],
    };
  }
  const issues = items.flatMap((item, index) => checkAnswer(item, answers[index], index) ?? []);
  if (issues.length === 0 && answers.every((answer) => answer === null)) {
    issues.push({ path: 'answers', message: 'give at least one answer' });
  }
  if (issues.length > 0) return { ok: false, issues };
  const values = answers as Answer[];

  const scores: Record<string, number> = {};
  const alerts: MeasureAlert[] = [];
  let sum = 0;
  items.forEach((item, index) => {
    const value = values[index] ?? null;
    if (value === null) return;
    sum += value;
    if (item.subscale !== null) scores[item.subscale] = (scores[item.subscale] ?? 0) + value;
    if (item.safety && value >= item.safety.min) {
      alerts.push({ kind: 'safety', item: item.number, linkId: item.linkId, reason: item.safety.reason });
    }
  });
  let total: number | null;
  if (instrument.totalOf === 'none') total = null;
  else if (instrument.totalOf === 'all') total = sum;
  else total = scores[instrument.totalOf] ?? 0;
  const severity = total === null ? null : (severityOf(instrument, total, options.sex)?.code ?? null);
  return { ok: true, value: { total, severity, scores, alerts } };
}

export interface MeasureChange {
  /** The first total this change is measured from. */
  from: number;
  /** Now minus then. */
  delta: number;
  /** Whether the change reaches the instrument's reliable change threshold (either way). */
  reliable: boolean;
  /** Which way it went, given which way is better for the instrument. */
  direction: 'better' | 'worse' | 'same';
}

/**
 * The change of a total against an earlier one. Null when either has no total. Reliable means at
 * least the instrument's published threshold (PHQ-9 5 points, GAD-7 4); an instrument without a
 * threshold never calls a change reliable.
 */
export function changeBetween(instrument: Instrument, from: number | null, to: number | null): MeasureChange | null {
  if (from === null || to === null) return null;
  const delta = to - from;
  const threshold = instrument.reliableChange?.points;
  const improved = instrument.better === 'lower' ? delta < 0 : delta > 0;
  return {
    from,
    delta,
    reliable: threshold !== undefined && Math.abs(delta) >= threshold,
    direction: delta === 0 ? 'same' : improved ? 'better' : 'worse',
  };
}
