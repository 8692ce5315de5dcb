/**
 * A client's measurement schedule: which instruments, how often. The default follows the plan of
 * care Stepdown writes for IOP: the weekly recovery check and the readiness rulers every week,
 * PHQ-9 and GAD-7 every two weeks (their look-back is two weeks). A clinician can change it.
 */

export interface ScheduleEntry {
  instrument: string;
  everyDays: number;
}

export const DEFAULT_SCHEDULE: readonly ScheduleEntry[] = [
  { instrument: 'recovery-check', everyDays: 7 },
  { instrument: 'readiness', everyDays: 7 },
  { instrument: 'phq-9', everyDays: 14 },
  { instrument: 'gad-7', everyDays: 14 },
];

export const SCHEDULE_LIMITS = { minDays: 1, maxDays: 90, maxEntries: 10 } as const;

/**
 * When a client's check-ins start. A schedule a clinician set applies at once (`null`). The default
 * follows the plan: it starts on the discharge day of the client's latest finalised plan, when
 * the step-down program begins; before any plan is finalised nothing is asked (`'no-plan'`), so a
 * client still in residential care is neither due nor reminded.
 */
export type ScheduleStart = number | null | 'no-plan';

/** Where a client's schedule comes from: set by a clinician, the plan's default, or none yet. */
export type ScheduleBasis = 'custom' | 'plan' | 'no-plan';

/** A client's schedule, where it comes from, and when it starts. */
export interface ClientSchedule {
  entries: readonly ScheduleEntry[];
  basis: ScheduleBasis;
  start: ScheduleStart;
}

/**
 * The schedule that applies to a client and when it starts: the one a clinician saved (at once),
 * else the default from the discharge day (its first moment, in the clinic's zone, given as
 * `dischargeStartsAt` in milliseconds), else nothing until a plan is finalised.
 */
export function clientSchedule(
  saved: readonly ScheduleEntry[] | undefined,
  dischargeStartsAt: number | null,
): ClientSchedule {
  if (saved !== undefined) return { entries: saved, basis: 'custom', start: null };
  if (dischargeStartsAt !== null) return { entries: DEFAULT_SCHEDULE, basis: 'plan', start: dischargeStartsAt };
  return { entries: DEFAULT_SCHEDULE, basis: 'no-plan', start: 'no-plan' };
}

export interface ScheduleStatus extends ScheduleEntry {
  /** When the client last gave this instrument, or null. */
  lastTakenAt: string | null;
  /** When it is (next) due (ISO); null while no plan is finalised. */
  dueAt: string | null;
  due: boolean;
  /** Whether a whole period has passed since it fell due: a missed check-in. */
  missed: boolean;
}

const DAY_MS = 86_400_000;

/**
 * When an entry falls due (ms), or null when it never does (no plan yet). Taken before: a period
 * after that, but not before the start. Never taken: at the start (now, when it started at once).
 */
function dueAtOf(entry: ScheduleEntry, last: number | undefined, start: ScheduleStart, nowMs: number): number | null {
  if (start === 'no-plan') return null;
  if (last === undefined) return start ?? nowMs;
  const next = last + entry.everyDays * DAY_MS;
  return start === null ? next : Math.max(next, start);
}

/**
 * Missed: a whole period has passed since it fell due. Something never taken under a schedule that
 * started at once is not missed (nothing was asked yet); under the plan's, it is missed a period
 * after the discharge day.
 */
function isMissed(entry: ScheduleEntry, dueAt: number, last: number | undefined, start: ScheduleStart, nowMs: number) {
  if (last === undefined && start === null) return false;
  return dueAt + entry.everyDays * DAY_MS <= nowMs;
}

/**
 * Where each instrument of a schedule stands at `now`, from when each was last taken and when the
 * schedule starts (at once by default). Due means its time has come; missed means a further whole
 * period has passed.
 */
export function scheduleStatus(
  entries: readonly ScheduleEntry[],
  lastTaken: ReadonlyMap<string, string>,
  now: Date,
  start: ScheduleStart = null,
): ScheduleStatus[] {
  const nowMs = now.getTime();
  return entries.map((entry) => {
    const lastIso = lastTaken.get(entry.instrument) ?? null;
    const last = lastIso === null ? undefined : Date.parse(lastIso);
    const dueAt = dueAtOf(entry, last, start, nowMs);
    if (dueAt === null) return { ...entry, lastTakenAt: lastIso, dueAt: null, due: false, missed: false };
    return {
      ...entry,
      lastTakenAt: lastIso,
      dueAt: new Date(dueAt).toISOString(),
      due: dueAt <= nowMs,
      missed: isMissed(entry, dueAt, last, start, nowMs),
    };
  });
}

/**
 * Only which instruments are due and which missed, from when each was last taken in milliseconds:
 * the same verdicts as `scheduleStatus`, without building dates or strings, for the caseload, which
 * asks this of every active client of a clinic at once.
 */
export function dueAndMissed(
  entries: readonly ScheduleEntry[],
  lastTakenMs: ReadonlyMap<string, number>,
  nowMs: number,
  start: ScheduleStart = null,
): { due: string[]; missed: string[] } {
  const due: string[] = [];
  const missed: string[] = [];
  for (const entry of entries) {
    const last = lastTakenMs.get(entry.instrument);
    const dueAt = dueAtOf(entry, last, start, nowMs);
    if (dueAt === null || dueAt > nowMs) continue;
    due.push(entry.instrument);
    if (isMissed(entry, dueAt, last, start, nowMs)) missed.push(entry.instrument);
  }
  return { due, missed };
}
