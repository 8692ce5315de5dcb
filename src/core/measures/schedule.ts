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

export interface ScheduleStatus extends ScheduleEntry {
  /** When the client last gave this instrument, or null. */
  lastTakenAt: string | null;
  /** When it is next due (ISO); now when it was never taken. */
  dueAt: string;
  due: boolean;
  /** Whether a whole period has passed since it fell due: a missed check-in. */
  missed: boolean;
}

const DAY_MS = 86_400_000;

/**
 * Where each instrument of a schedule stands at `now`, from when each was last taken. Never taken
 * is due now and not missed (nothing was asked yet); due means its period has passed since it was
 * last taken; missed means two periods have.
 */
export function scheduleStatus(
  entries: readonly ScheduleEntry[],
  lastTaken: ReadonlyMap<string, string>,
  now: Date,
): ScheduleStatus[] {
  return entries.map((entry) => {
    const last = lastTaken.get(entry.instrument) ?? null;
    if (last === null) return { ...entry, lastTakenAt: null, dueAt: now.toISOString(), due: true, missed: false };
    const dueAt = Date.parse(last) + entry.everyDays * DAY_MS;
    return {
      ...entry,
      lastTakenAt: last,
      dueAt: new Date(dueAt).toISOString(),
      due: dueAt <= now.getTime(),
      missed: dueAt + entry.everyDays * DAY_MS <= now.getTime(),
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
): { due: string[]; missed: string[] } {
  const due: string[] = [];
  const missed: string[] = [];
  for (const entry of entries) {
    const last = lastTakenMs.get(entry.instrument);
    if (last === undefined) {
      due.push(entry.instrument);
      continue;
    }
    const dueAt = last + entry.everyDays * DAY_MS;
    if (dueAt <= nowMs) due.push(entry.instrument);
    if (dueAt + entry.everyDays * DAY_MS <= nowMs) missed.push(entry.instrument);
  }
  return { due, missed };
}
