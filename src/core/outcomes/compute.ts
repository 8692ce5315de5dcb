/**
 * Clinic outcomes. An episode (a finalised discharge plan) is followed for 90 days from its
 * discharge day; what happened in it is summed up as its facts (check-ins answered by instrument,
 * the last contact, PHQ-9 and GAD-7 results, safety alerts, step signals), and the figures are counted from the
 * facts of every episode in the range. The facts come either from plain rows (factsFromRows, here)
 * or from the database's own counts over the same windows (followUpOf gives them), so a clinic of
 * thousands is not read result by result. Every figure is a count over a denominator, defined in
 * definitions.ts; days are calendar days in the clinic's time zone.
 */
import type { ScheduleEntry } from '../measures/schedule.js';
import { DEFAULT_SCHEDULE } from '../measures/schedule.js';
import { addCalendarDays, startOfDay } from '../time-zone.js';
import {
  ACTED_ON_WITHIN_HOURS,
  BASELINE_DAYS_AFTER,
  BASELINE_DAYS_BEFORE,
  BASELINE_MIN,
  FIRST_SESSION_DAYS,
  FOLLOW_UP_DAYS,
  OUTCOME_DEFINITIONS,
  OUTCOME_FIGURE_IDS,
  OUTCOME_LABELS,
  type OutcomeFigureId,
  REMISSION_BELOW,
  RETENTION_DAYS,
} from './definitions.js';

export interface OutcomeEpisode {
  planId: string;
  clientId: string;
  /** YYYY-MM-DD, the clinic's calendar. */
  dischargeDate: string;
  /** Who finalised the plan's latest version. */
  clinicianId: string | null;
}

export interface OutcomeMeasure {
  clientId: string;
  instrument: string;
  takenAt: string;
  total: number | null;
  /** Sessions attended, for an attendance result; null for every other instrument. */
  attended: number | null;
}

export interface OutcomesInput {
  /** Today in the clinic's calendar, and the instant now. */
  today: string;
  now: Date;
  timeZone: string;
  /** Discharge days from and to, inclusive. */
  range: { from: string; to: string };
  /** Only the episodes this clinician finalised; null for all. */
  clinicianId: string | null;
  /** The instruments a client answers (their check-ins), as opposed to those a clinician enters. */
  clientInstruments: ReadonlySet<string>;
  episodes: readonly OutcomeEpisode[];
  measures: readonly OutcomeMeasure[];
  /** Schedules a clinician changed; every other client has the default. */
  schedules: ReadonlyMap<string, readonly ScheduleEntry[]>;
  /** Days (YYYY-MM-DD) a referral of the client was marked first session attended. */
  firstSessions: ReadonlyArray<{ clientId: string; on: string }>;
  alerts: ReadonlyArray<{ clientId: string; raisedAt: string; acknowledgedAt: string | null }>;
  /** Step signals kept (any time; each episode counts those raised in its follow-up). */
  stepSignals: readonly OutcomeStepSignal[];
}

/** A kept step signal as the outcomes count it. */
export interface OutcomeStepSignal {
  clientId: string;
  kind: 'step-up' | 'step-down';
  raisedAt: string;
  /** When it was marked acted on with a note, or a new assessment closed it; null when neither. */
  actedOnAt: string | null;
  /** When its rule stopped holding; null while it holds. */
  clearedAt: string | null;
}

export interface OutcomeFigure {
  id: OutcomeFigureId;
  label: string;
  count: number;
  of: number;
  /** count / of as a percentage with one decimal; null when nothing was counted. */
  percent: number | null;
  /** What else the reader needs beside the figure (episodes left out and why), or null. */
  detail: string | null;
  definition: string;
}

export interface Outcomes {
  range: { from: string; to: string };
  clinicianId: string | null;
  /** Episodes discharged in the range, up to today. */
  episodes: number;
  /** Episodes in the range whose discharge day is still to come (not counted anywhere). */
  pendingDischarges: number;
  figures: OutcomeFigure[];
}

const HOUR_MS = 3_600_000;

/** What is left of the step signals raised once those acted on are taken away: open, and cleared first. */
function stepDetail(counted: Tally & { cleared: number }): string | null {
  const open = counted.of - counted.count - counted.cleared;
  const parts = [
    ...(open > 0 ? [`${open} still open`] : []),
    ...(counted.cleared > 0 ? [`${counted.cleared} cleared before anyone acted`] : []),
  ];
  return parts.length === 0 ? null : `${parts.join('; ')}.`;
}

/** A count over a denominator as a percentage with one decimal, or null when nothing was counted. */
export function percentOf(count: number, of: number): number | null {
  return of === 0 ? null : Math.round((count / of) * 1000) / 10;
}

function byClient<T extends { clientId: string }>(rows: readonly T[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const list = map.get(row.clientId);
    if (list) list.push(row);
    else map.set(row.clientId, [row]);
  }
  return map;
}

/** Days between two calendar dates (b - a). */
function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** The instant (ms) each calendar day starts in the zone, worked out once per day. */
export function dayStarts(timeZone: string): (date: string, plusDays?: number) => number {
  const known = new Map<string, number>();
  return (date, plusDays = 0) => {
    const day = plusDays === 0 ? date : addCalendarDays(date, plusDays);
    let start = known.get(day);
    if (start === undefined) {
      start = startOfDay(day, timeZone).getTime();
      known.set(day, start);
    }
    return start;
  };
}

/** The episodes the figures count (discharged in the range, up to today, by the clinician asked for), and how many in the range are still to be discharged. */
export function selectEpisodes(input: {
  episodes: readonly OutcomeEpisode[];
  range: { from: string; to: string };
  clinicianId: string | null;
  today: string;
}): { counted: OutcomeEpisode[]; pending: number } {
  const inRange = input.episodes.filter(
    (e) =>
      e.dischargeDate >= input.range.from &&
      e.dischargeDate <= input.range.to &&
      (input.clinicianId === null || e.clinicianId === input.clinicianId),
  );
  const counted = inRange.filter((e) => e.dischargeDate <= input.today);
  return { counted, pending: inRange.length - counted.length };
}

/** An episode's windows, as instants (ms). */
export interface FollowUp {
  /** The discharge day's first moment. */
  start: number;
  /** The end of day 90, or now when sooner (exclusive). */
  end: number;
  /** The first moment of the baseline window (30 days before discharge). */
  baselineFrom: number;
  /** The end of the baseline window (the end of day 14, exclusive). */
  baselineTo: number;
}

/** The follow-up and baseline windows of an episode. */
export function followUpOf(
  dischargeDate: string,
  dayStart: (date: string, plusDays?: number) => number,
  now: Date,
): FollowUp {
  return {
    start: dayStart(dischargeDate),
    end: Math.min(now.getTime(), dayStart(dischargeDate, FOLLOW_UP_DAYS + 1)),
    baselineFrom: dayStart(dischargeDate, -BASELINE_DAYS_BEFORE),
    baselineTo: dayStart(dischargeDate, BASELINE_DAYS_AFTER + 1),
  };
}

/** What happened in an episode, as far as the figures need it. */
export interface EpisodeFacts {
  /** Results of each instrument taken in the follow-up (start to end). */
  answered: ReadonlyMap<string, number>;
  /** The latest check-in answered or session attended, at any time (ms), or null. */
  lastContactAt: number | null;
  /** PHQ-9 and GAD-7 results from the baseline window's start to the follow-up's end. */
  symptoms: ReadonlyArray<{ instrument: string; at: number; total: number }>;
  /** Safety alerts raised in the follow-up. */
  alerts: ReadonlyArray<{ raisedAt: number; acknowledgedAt: number | null }>;
  /** Step signals raised in the follow-up: acted on (a note or a reassessment), or cleared first. */
  stepSignals: ReadonlyArray<{ kind: 'step-up' | 'step-down'; actedOn: boolean; cleared: boolean }>;
}

/** The step signals of a client raised within an episode's follow-up, as its facts count them. */
export function stepSignalsInFollowUp(
  followUp: FollowUp,
  signals: readonly OutcomeStepSignal[],
): EpisodeFacts['stepSignals'] {
  return signals.flatMap((signal) => {
    const raisedAt = Date.parse(signal.raisedAt);
    if (raisedAt < followUp.start || raisedAt >= followUp.end) return [];
    return [{ kind: signal.kind, actedOn: signal.actedOnAt !== null, cleared: signal.clearedAt !== null }];
  });
}

/** An episode's facts from its client's plain rows (results and alerts, any order). */
export function factsFromRows(
  followUp: FollowUp,
  rows: {
    measures: readonly OutcomeMeasure[];
    alerts: ReadonlyArray<{ raisedAt: string; acknowledgedAt: string | null }>;
    stepSignals: readonly OutcomeStepSignal[];
  },
  clientInstruments: ReadonlySet<string>,
): EpisodeFacts {
  const answered = new Map<string, number>();
  let lastContactAt: number | null = null;
  const symptoms: Array<{ instrument: string; at: number; total: number }> = [];
  for (const m of rows.measures) {
    const at = Date.parse(m.takenAt);
    if (at >= followUp.start && at < followUp.end) answered.set(m.instrument, (answered.get(m.instrument) ?? 0) + 1);
    const contact = m.instrument === 'attendance' ? (m.attended ?? 0) > 0 : clientInstruments.has(m.instrument);
    if (contact && (lastContactAt === null || at > lastContactAt)) lastContactAt = at;
    if (
      (m.instrument === 'phq-9' || m.instrument === 'gad-7') &&
      m.total !== null &&
      at >= followUp.baselineFrom &&
      at < followUp.end
    ) {
      symptoms.push({ instrument: m.instrument, at, total: m.total });
    }
  }
  const alerts = rows.alerts
    .map((a) => ({
      raisedAt: Date.parse(a.raisedAt),
      acknowledgedAt: a.acknowledgedAt === null ? null : Date.parse(a.acknowledgedAt),
    }))
    .filter((a) => a.raisedAt >= followUp.start && a.raisedAt < followUp.end);
  return { answered, lastContactAt, symptoms, alerts, stepSignals: stepSignalsInFollowUp(followUp, rows.stepSignals) };
}

interface Tally {
  count: number;
  of: number;
}
const tally = (): Tally => ({ count: 0, of: 0 });

interface SymptomTally {
  response: Tally;
  remission: Tally;
  withoutFollowUp: number;
}

/** What the figures are counted from: the episodes chosen, each with its facts. */
export interface OutcomeFactsInput {
  today: string;
  now: Date;
  timeZone: string;
  range: { from: string; to: string };
  clinicianId: string | null;
  clientInstruments: ReadonlySet<string>;
  /** The episodes counted (see selectEpisodes) and those in the range still to be discharged. */
  episodes: readonly OutcomeEpisode[];
  pendingDischarges: number;
  factsOf: (episode: OutcomeEpisode) => EpisodeFacts;
  schedules: ReadonlyMap<string, readonly ScheduleEntry[]>;
  firstSessions: ReadonlyArray<{ clientId: string; on: string }>;
}

/** The figures, from the facts of each episode counted. Pure: the same facts give the same figures. */
export function outcomesFromFacts(input: OutcomeFactsInput): Outcomes {
  const { today, episodes } = input;
  const dayStart = dayStarts(input.timeZone);
  const sessions = byClient(input.firstSessions);

  const completion = tally();
  const firstSession = tally();
  const retention = new Map<number, Tally>(RETENTION_DAYS.map((days) => [days, tally()]));
  const symptoms: Record<'phq-9' | 'gad-7', SymptomTally> = {
    'phq-9': { response: tally(), remission: tally(), withoutFollowUp: 0 },
    'gad-7': { response: tally(), remission: tally(), withoutFollowUp: 0 },
  };
  const actedOn = tally();
  const actedOnSoon = tally();
  const steps: Record<'step-up' | 'step-down', Tally & { cleared: number }> = {
    'step-up': { ...tally(), cleared: 0 },
    'step-down': { ...tally(), cleared: 0 },
  };

  for (const episode of episodes) {
    const discharge = episode.dischargeDate;
    const elapsed = daysBetween(discharge, today);
    const followUp = followUpOf(discharge, dayStart, input.now);
    const facts = input.factsOf(episode);

    // Check-ins asked and answered, per instrument of the schedule the client answers.
    const schedule = input.schedules.get(episode.clientId) ?? DEFAULT_SCHEDULE;
    const days = Math.min(elapsed, FOLLOW_UP_DAYS);
    for (const entry of schedule) {
      if (!input.clientInstruments.has(entry.instrument)) continue;
      const asked = Math.floor(days / entry.everyDays);
      completion.of += asked;
      completion.count += Math.min(asked, facts.answered.get(entry.instrument) ?? 0);
    }

    // A first session within 7 days, once day 7 is over.
    if (elapsed > FIRST_SESSION_DAYS) {
      firstSession.of += 1;
      const last = addCalendarDays(discharge, FIRST_SESSION_DAYS);
      if ((sessions.get(episode.clientId) ?? []).some((s) => s.on >= discharge && s.on <= last)) {
        firstSession.count += 1;
      }
    }

    // Still in touch on or after day N, once day N is over.
    for (const [n, counted] of retention) {
      if (elapsed <= n) continue;
      counted.of += 1;
      if (facts.lastContactAt !== null && facts.lastContactAt >= dayStart(discharge, n)) counted.count += 1;
    }

    // PHQ-9 and GAD-7: a baseline of 10 or more, then the latest result within the follow-up.
    for (const instrument of ['phq-9', 'gad-7'] as const) {
      const scored = facts.symptoms.filter((m) => m.instrument === instrument).sort((a, b) => a.at - b.at);
      const baseline = scored.find((m) => m.at >= followUp.baselineFrom && m.at < followUp.baselineTo);
      if (!baseline || baseline.total < BASELINE_MIN) continue;
      const later = scored.filter((m) => m.at > baseline.at && m.at < followUp.end).at(-1);
      const tallyOf = symptoms[instrument];
      if (!later) {
        tallyOf.withoutFollowUp += 1;
        continue;
      }
      tallyOf.response.of += 1;
      tallyOf.remission.of += 1;
      if (later.total * 2 <= baseline.total) tallyOf.response.count += 1;
      if (later.total < REMISSION_BELOW) tallyOf.remission.count += 1;
    }

    // Safety alerts raised in the follow-up, and what was done about them.
    for (const alert of facts.alerts) {
      actedOn.of += 1;
      actedOnSoon.of += 1;
      if (alert.acknowledgedAt === null) continue;
      actedOn.count += 1;
      if (alert.acknowledgedAt - alert.raisedAt <= ACTED_ON_WITHIN_HOURS * HOUR_MS) actedOnSoon.count += 1;
    }

    // Step signals raised in the follow-up: acted on (a note or a new assessment), or cleared first.
    for (const signal of facts.stepSignals) {
      const counted = steps[signal.kind];
      counted.of += 1;
      if (signal.actedOn) counted.count += 1;
      else if (signal.cleared) counted.cleared += 1;
    }
  }

  const leftOut = ({ withoutFollowUp: n }: SymptomTally) =>
    n === 0
      ? null
      : `${n} more ${n === 1 ? 'has' : 'have'} no later result yet and ${n === 1 ? 'is' : 'are'} not counted.`;
  const waiting = episodes.length - firstSession.of;
  const tallies: Record<OutcomeFigureId, { tally: Tally; detail: string | null }> = {
    'check-in-completion': { tally: completion, detail: null },
    'first-session-7-days': {
      tally: firstSession,
      detail:
        waiting === 0
          ? null
          : `${waiting} discharged in the last 7 days ${waiting === 1 ? 'is' : 'are'} not counted yet.`,
    },
    'retention-30': { tally: retention.get(30) ?? tally(), detail: null },
    'retention-60': { tally: retention.get(60) ?? tally(), detail: null },
    'retention-90': { tally: retention.get(90) ?? tally(), detail: null },
    'phq9-response': { tally: symptoms['phq-9'].response, detail: leftOut(symptoms['phq-9']) },
    'phq9-remission': { tally: symptoms['phq-9'].remission, detail: leftOut(symptoms['phq-9']) },
    'gad7-response': { tally: symptoms['gad-7'].response, detail: leftOut(symptoms['gad-7']) },
    'gad7-remission': { tally: symptoms['gad-7'].remission, detail: leftOut(symptoms['gad-7']) },
    'signals-acted-on': {
      tally: actedOn,
      detail: actedOn.of === actedOn.count ? null : `${actedOn.of - actedOn.count} still open.`,
    },
    'signals-acted-on-within-24-hours': { tally: actedOnSoon, detail: null },
    'step-up-signals-acted-on': { tally: steps['step-up'], detail: stepDetail(steps['step-up']) },
    'step-down-signals-acted-on': { tally: steps['step-down'], detail: stepDetail(steps['step-down']) },
  };

  return {
    range: { ...input.range },
    clinicianId: input.clinicianId,
    episodes: episodes.length,
    pendingDischarges: input.pendingDischarges,
    figures: OUTCOME_FIGURE_IDS.map((id) => {
      const { tally: counted, detail } = tallies[id];
      return {
        id,
        label: OUTCOME_LABELS[id],
        count: counted.count,
        of: counted.of,
        percent: percentOf(counted.count, counted.of),
        detail,
        definition: OUTCOME_DEFINITIONS[id],
      };
    }),
  };
}

/**
 * The clinic's outcome figures from plain rows: the episodes discharged in the range (and by the
 * clinician, when one is named), each with its facts worked out from its client's results and
 * alerts. Pure: the same rows give the same figures.
 */
export function computeOutcomes(input: OutcomesInput): Outcomes {
  const { counted, pending } = selectEpisodes(input);
  const dayStart = dayStarts(input.timeZone);
  const measures = byClient(input.measures);
  const alerts = byClient(input.alerts);
  const stepSignals = byClient(input.stepSignals);
  return outcomesFromFacts({
    ...input,
    episodes: counted,
    pendingDischarges: pending,
    factsOf: (episode) =>
      factsFromRows(
        followUpOf(episode.dischargeDate, dayStart, input.now),
        {
          measures: measures.get(episode.clientId) ?? [],
          alerts: alerts.get(episode.clientId) ?? [],
          stepSignals: stepSignals.get(episode.clientId) ?? [],
        },
        input.clientInstruments,
      ),
  });
}
