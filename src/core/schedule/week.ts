/**
 * Weekly time (DESIGN.md 4.6): a person's availability and a program's session track share one
 * shape, a list of day + start/end slots in local 24-hour time. Minutes are the unit of calculation.
 * Plain functions only (no zod), so the decision aid's bundle stays small; the schema that
 * validates this shape at the edges is in weekly-time.ts.
 */

export const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Day = (typeof DAYS)[number];

export interface Slot {
  day: Day;
  /** `HH:MM`, 24-hour. */
  start: string;
  /** `HH:MM`, after start; `24:00` ends at midnight. */
  end: string;
}

export interface WeeklyTime {
  slots: Slot[];
}

/** Minutes since midnight of an `HH:MM` time. */
export function minutesOf(time: string): number {
  const [hours, minutes] = time.split(':').map(Number) as [number, number];
  return hours * 60 + minutes;
}

/** `HH:MM` of minutes since midnight. */
export function timeOf(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** Total minutes a week, counting overlapping slots once. */
export function weeklyMinutes(week: WeeklyTime): number {
  return normalize(week).slots.reduce((sum, slot) => sum + minutesOf(slot.end) - minutesOf(slot.start), 0);
}

/** Sorts slots by day and time and merges those that touch or overlap. */
export function normalize(week: WeeklyTime): WeeklyTime {
  const slots: Slot[] = [];
  for (const day of DAYS) {
    const ofDay = week.slots
      .filter((slot) => slot.day === day)
      .map((slot) => [minutesOf(slot.start), minutesOf(slot.end)] as [number, number])
      .sort((a, b) => a[0] - b[0]);
    let current: [number, number] | undefined;
    for (const range of ofDay) {
      if (current && range[0] <= current[1]) current[1] = Math.max(current[1], range[1]);
      else {
        if (current) slots.push({ day, start: timeOf(current[0]), end: timeOf(current[1]) });
        current = [...range];
      }
    }
    if (current) slots.push({ day, start: timeOf(current[0]), end: timeOf(current[1]) });
  }
  return { slots };
}

/** Parts of the day a person can tick on the availability grid, with the hours each stands for. */
export const DAY_PARTS = {
  morning: { start: '08:00', end: '12:00' },
  afternoon: { start: '12:00', end: '17:00' },
  evening: { start: '17:00', end: '21:00' },
} as const;
export type DayPart = keyof typeof DAY_PARTS;
export const DAY_PART_IDS = Object.keys(DAY_PARTS) as DayPart[];

/** The grid's ticked cells (`mon.evening`) as weekly time, adjacent parts merged. */
export function availabilityFromGrid(cells: Iterable<string>): WeeklyTime {
  const slots: Slot[] = [];
  for (const cell of cells) {
    const [day, part] = cell.split('.') as [Day, DayPart];
    if (!DAYS.includes(day) || !(part in DAY_PARTS)) continue;
    slots.push({ day, ...DAY_PARTS[part] });
  }
  return normalize({ slots });
}

/** Whether a slot lies entirely inside the availability. */
export function fitsWithin(slot: Slot, availability: WeeklyTime): boolean {
  const start = minutesOf(slot.start);
  const end = minutesOf(slot.end);
  return normalize(availability).slots.some(
    (free) => free.day === slot.day && minutesOf(free.start) <= start && minutesOf(free.end) >= end,
  );
}
