/**
 * The facts signal rules read, computed from a client's measures (newest last or first, any order),
 * their schedule status and what the clinician recorded. Every fact is a number or a yes/no, so a
 * rule reads as a sentence and its basis can name each fact with its value.
 */

/** A measure as the signal facts need it. */
export interface SignalMeasure {
  instrument: string;
  takenAt: string;
  total: number | null;
  scores: Readonly<Record<string, number>>;
  /** Answers by item linkId (null when left out). */
  answers: Readonly<Record<string, number | null>>;
  /** The reliable-change verdict against the first result on its instrument, when there is one. */
  change: { delta: number; reliable: boolean; direction: 'better' | 'worse' | 'same' } | null;
}

export interface SignalInput {
  measures: readonly SignalMeasure[];
  /** How many scheduled check-ins are missed now (two periods without an answer). */
  missedCheckIns: number;
  /** Whether the clinician has recorded the plan's goals as met. */
  goalsMet: boolean;
  now: Date;
}

export const SIGNAL_FACTS = {
  phq9Item9: 'the answer to PHQ-9 item 9 (thoughts of death or self-harm) in the last 7 days, 0 to 3',
  overdoseReported: 'an overdose reported in a recovery check in the last 7 days',
  usedOpioidsAlone: 'using opioids alone or without naloxone reported in the last 7 days',
  useDays: 'days of use in the latest weekly recovery check',
  useDaysRising: 'days of use rose in each of the last three weekly recovery checks',
  returnToUse: 'use after a recovery check with none',
  abstinentWeeksBeforeUse:
    'weeks in a row without use just before the latest recovery check with use (0 when the latest has none)',
  riskChange: 'the change of the risk score since the recovery check before',
  protectiveChange: 'the change of the protective score since the recovery check before',
  missedCheckIns: 'scheduled check-ins missed now',
  missedSessions: 'sessions missed in the last 14 days (attendance entered by the clinician)',
  phq9ReliablyWorse: 'the latest PHQ-9 is worse than the first by the reliable change (5 points) or more',
  gad7ReliablyWorse: 'the latest GAD-7 is worse than the first by the reliable change (4 points) or more',
  stableWeeks: 'weeks in a row, counted back from the latest, of recovery checks with no use and no safety answer',
  phq9Latest: 'the latest PHQ-9 total, or -1 when there is none',
  gad7Latest: 'the latest GAD-7 total, or -1 when there is none',
  goalsMet: 'the clinician recorded the plan’s goals as met',
} as const;

export type SignalFactId = keyof typeof SIGNAL_FACTS;
export type SignalFacts = Record<SignalFactId, number | boolean>;

const DAY_MS = 86_400_000;

function newestFirst(measures: readonly SignalMeasure[], instrument: string): SignalMeasure[] {
  return measures
    .filter((m) => m.instrument === instrument)
    .sort((a, b) => Date.parse(b.takenAt) - Date.parse(a.takenAt));
}

function within(measure: SignalMeasure, now: Date, days: number): boolean {
  return now.getTime() - Date.parse(measure.takenAt) <= days * DAY_MS;
}

/** Computes every fact of SIGNAL_FACTS from a client's history. */
export function signalFacts(input: SignalInput): SignalFacts {
  const { now } = input;
  const phq = newestFirst(input.measures, 'phq-9');
  const gad = newestFirst(input.measures, 'gad-7');
  const checks = newestFirst(input.measures, 'recovery-check');
  const attendance = newestFirst(input.measures, 'attendance');
  const recentChecks = checks.filter((m) => within(m, now, 7));
  const [latest, before] = checks;
  const use = (m: SignalMeasure | undefined) => m?.scores.use ?? 0;
  const lastFour = checks.slice(0, 4).map(use);
  let abstinentWeeksBeforeUse = 0;
  if (use(latest) > 0) {
    for (const check of checks.slice(1)) {
      if (use(check) !== 0) break;
      abstinentWeeksBeforeUse += 1;
    }
  }
  let stableWeeks = 0;
  for (const check of checks) {
    if (use(check) !== 0 || (check.answers.overdose ?? 0) > 0 || (check.answers['used-alone'] ?? 0) > 0) break;
    stableWeeks += 1;
  }
  return {
    phq9Item9: Math.max(0, ...phq.filter((m) => within(m, now, 7)).map((m) => m.answers['9'] ?? 0)),
    overdoseReported: recentChecks.some((m) => (m.answers.overdose ?? 0) > 0),
    usedOpioidsAlone: recentChecks.some((m) => (m.answers['used-alone'] ?? 0) > 0),
    useDays: use(latest),
    useDaysRising:
      lastFour.length === 4 &&
      (lastFour[0] ?? 0) > (lastFour[1] ?? 0) &&
      (lastFour[1] ?? 0) > (lastFour[2] ?? 0) &&
      (lastFour[2] ?? 0) > (lastFour[3] ?? 0),
    returnToUse: latest !== undefined && before !== undefined && use(latest) > 0 && use(before) === 0,
    abstinentWeeksBeforeUse,
    riskChange: latest && before ? (latest.scores.risk ?? 0) - (before.scores.risk ?? 0) : 0,
    protectiveChange: latest && before ? (latest.scores.protective ?? 0) - (before.scores.protective ?? 0) : 0,
    missedCheckIns: input.missedCheckIns,
    missedSessions: attendance.filter((m) => within(m, now, 14)).reduce((sum, m) => sum + (m.scores.missed ?? 0), 0),
    phq9ReliablyWorse: phq[0]?.change?.direction === 'worse' && phq[0].change.reliable,
    gad7ReliablyWorse: gad[0]?.change?.direction === 'worse' && gad[0].change.reliable,
    stableWeeks,
    phq9Latest: phq[0]?.total ?? -1,
    gad7Latest: gad[0]?.total ?? -1,
    goalsMet: input.goalsMet,
  };
}
