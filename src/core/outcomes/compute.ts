/**
 * Clinic outcomes from plain rows: the episodes (finalised discharge plans), the results, schedules,
 * first sessions and safety alerts of their clients. Every figure is a count over a denominator,
 * defined in definitions.ts; days are calendar days in the clinic's time zone, and a result belongs
 * to the day it was taken there.
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

/**
 * The clinic's outcome figures for the episodes discharged in the range (and by the clinician, when
 * one is named). Pure: the same rows give the same figures.
 */
export function computeOutcomes(input: OutcomesInput): Outcomes {
  const { today, timeZone } = input;
  const now = input.now.getTime();
  // Day boundaries repeat across episodes discharged on the same day: work each out once.
  const dayStarts = new Map<string, number>();
  const dayStart = (date: string, plusDays = 0): number => {
    const day = plusDays === 0 ? date : addCalendarDays(date, plusDays);
    let start = dayStarts.get(day);
    if (start === undefined) {
      start = startOfDay(day, timeZone).getTime();
      dayStarts.set(day, start);
    }
    return start;
  };

  const inRange = input.episodes.filter(
    (e) =>
      e.dischargeDate >= input.range.from &&
      e.dischargeDate <= input.range.to &&
      (input.clinicianId === null || e.clinicianId === input.clinicianId),
  );
  const episodes = inRange.filter((e) => e.dischargeDate <= today);
  const measures = byClient(input.measures);
  const sessions = byClient(input.firstSessions);
  const alerts = byClient(input.alerts);

  const completion = tally();
  const firstSession = tally();
  const retention = new Map<number, Tally>(RETENTION_DAYS.map((days) => [days, tally()]));
  const symptoms: Record<'phq-9' | 'gad-7', SymptomTally> = {
    'phq-9': { response: tally(), remission: tally(), withoutFollowUp: 0 },
    'gad-7': { response: tally(), remission: tally(), withoutFollowUp: 0 },
  };
  const actedOn = tally();
  const actedOnSoon = tally();

  for (const episode of episodes) {
    const discharge = episode.dischargeDate;
    const elapsed = daysBetween(discharge, today);
    const start = dayStart(discharge);
    // The follow-up: from the discharge day to the end of day 90, or now.
    const end = Math.min(now, dayStart(discharge, FOLLOW_UP_DAYS + 1));
    const results = (measures.get(episode.clientId) ?? []).map((m) => ({ ...m, at: Date.parse(m.takenAt) }));
    const followUp = results.filter((m) => m.at >= start && m.at < end);

    // Check-ins asked and answered, per instrument of the schedule the client answers.
    const schedule = input.schedules.get(episode.clientId) ?? DEFAULT_SCHEDULE;
    const days = Math.min(elapsed, FOLLOW_UP_DAYS);
    for (const entry of schedule) {
      if (!input.clientInstruments.has(entry.instrument)) continue;
      const asked = Math.floor(days / entry.everyDays);
      const answered = followUp.filter((m) => m.instrument === entry.instrument).length;
      completion.of += asked;
      completion.count += Math.min(asked, answered);
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
    const contacts = results.filter((m) =>
      m.instrument === 'attendance' ? (m.attended ?? 0) > 0 : input.clientInstruments.has(m.instrument),
    );
    for (const [n, counted] of retention) {
      if (elapsed <= n) continue;
      counted.of += 1;
      const from = dayStart(discharge, n);
      if (contacts.some((m) => m.at >= from)) counted.count += 1;
    }

    // PHQ-9 and GAD-7: a baseline of 10 or more, then the latest result within the follow-up.
    for (const instrument of ['phq-9', 'gad-7'] as const) {
      const scored = results
        .filter((m) => m.instrument === instrument && m.total !== null)
        .sort((a, b) => a.at - b.at || a.takenAt.localeCompare(b.takenAt));
      const baselineFrom = dayStart(discharge, -BASELINE_DAYS_BEFORE);
      const baselineTo = dayStart(discharge, BASELINE_DAYS_AFTER + 1);
      const baseline = scored.find((m) => m.at >= baselineFrom && m.at < baselineTo);
      if (!baseline || (baseline.total ?? 0) < BASELINE_MIN) continue;
      const later = scored.filter((m) => m.at > baseline.at && m.at < end).at(-1);
      const tallyOf = symptoms[instrument];
      if (!later) {
        tallyOf.withoutFollowUp += 1;
        continue;
      }
      const from = baseline.total ?? 0;
      const to = later.total ?? 0;
      tallyOf.response.of += 1;
      tallyOf.remission.of += 1;
      if (to * 2 <= from) tallyOf.response.count += 1;
      if (to < REMISSION_BELOW) tallyOf.remission.count += 1;
    }

    // Safety alerts raised in the follow-up, and what was done about them.
    for (const alert of alerts.get(episode.clientId) ?? []) {
      const raised = Date.parse(alert.raisedAt);
      if (raised < start || raised >= end) continue;
      actedOn.of += 1;
      actedOnSoon.of += 1;
      if (alert.acknowledgedAt === null) continue;
      actedOn.count += 1;
      if (Date.parse(alert.acknowledgedAt) - raised <= ACTED_ON_WITHIN_HOURS * HOUR_MS) actedOnSoon.count += 1;
    }
  }

  const leftOut = ({ withoutFollowUp: n }: SymptomTally) =>
    n === 0
      ? null
      : `${n} more ${n === 1 ? 'has' : 'have'} no later result yet and ${n === 1 ? 'is' : 'are'} not counted.`;
  const tallies: Record<OutcomeFigureId, { tally: Tally; detail: string | null }> = {
    'check-in-completion': { tally: completion, detail: null },
    'first-session-7-days': {
      tally: firstSession,
      detail: (() => {
        const waiting = episodes.length - firstSession.of;
        if (waiting === 0) return null;
        return `${waiting} discharged in the last 7 days ${waiting === 1 ? 'is' : 'are'} not counted yet.`;
      })(),
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
  };

  return {
    range: { ...input.range },
    clinicianId: input.clinicianId,
    episodes: episodes.length,
    pendingDischarges: inRange.length - episodes.length,
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
