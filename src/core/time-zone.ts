/**
 * Local time for an organisation. Instants are stored as UTC (ISO 8601); everything a person reads
 * or a form fills in by default is in the organisation's IANA time zone: the calendar day an instant
 * falls on there, its time of day, and the instant a calendar day begins there. Dates that mean a
 * day (a consent's last day, reassess by) are plain `YYYY-MM-DD` calendar dates in that zone.
 * Built on Intl only, so the browser and the server give the same answers.
 */

/** The zone the running process is in (the TZ environment variable on a server), or UTC. */
export function systemTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** Whether Intl knows the name as an IANA time zone (`America/New_York`, `UTC`). */
export function isTimeZone(name: string): boolean {
  if (name.trim() === '' || name !== name.trim()) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

const partsFormats = new Map<string, Intl.DateTimeFormat>();
function partsFormat(timeZone: string): Intl.DateTimeFormat {
  let format = partsFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partsFormats.set(timeZone, format);
  }
  return format;
}

/** The wall-clock fields of an instant in a zone. */
function wallClock(
  instant: Date,
  timeZone: string,
): Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', number> {
  const fields = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of partsFormat(timeZone).formatToParts(instant)) {
    if (part.type in fields) fields[part.type as keyof typeof fields] = Number(part.value);
  }
  return fields;
}

function toInstant(value: Date | string): Date {
  return typeof value === 'string' ? new Date(value) : value;
}

/** The calendar day (`YYYY-MM-DD`) an instant falls on in the zone: 8:30 pm in New York is still that day. */
export function calendarDate(instant: Date | string, timeZone: string): string {
  const { year, month, day } = wallClock(toInstant(instant), timeZone);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** A calendar date `days` later (or earlier, when negative). */
export function addCalendarDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** The zone's offset from UTC at an instant, in milliseconds (New York in winter: -5 hours). */
function offsetAt(instant: number, timeZone: string): number {
  const wall = wallClock(new Date(instant), timeZone);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** The instant a calendar day begins in the zone (its first moment, after any clock change at midnight). */
export function startOfDay(date: string, timeZone: string): Date {
  const midnightUtc = Date.parse(`${date}T00:00:00Z`);
  let instant = midnightUtc - offsetAt(midnightUtc, timeZone);
  // The offset at the guess can differ from the offset at the answer across a clock change.
  instant = midnightUtc - offsetAt(instant, timeZone);
  // Where midnight does not exist (clocks jump at 00:00), the day starts at the first moment after.
  if (calendarDate(new Date(instant), timeZone) !== date) instant += 3_600_000;
  return new Date(instant);
}

/** The last calendar day an instant-bounded period covers: the day of the moment just before `end`. */
export function lastDayBefore(end: Date | string, timeZone: string): string {
  return calendarDate(new Date(toInstant(end).getTime() - 1), timeZone);
}

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * An instant as people read it in the zone, with the zone's short name so a reader elsewhere is not
 * misled: "Dec 6, 2026, 2:09 PM EST" (English) or "6 dic 2026, 2:09 p.m. EST" (Spanish).
 */
export function formatDateTime(instant: Date | string, timeZone: string, language: 'en' | 'es' = 'en'): string {
  const key = `${language}|${timeZone}`;
  let format = dateTimeFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(language === 'es' ? 'es-US' : 'en-US', {
      timeZone,
      dateStyle: 'medium',
      timeStyle: 'short',
    });
    dateTimeFormats.set(key, format);
  }
  const zoneName =
    new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'short' })
      .formatToParts(toInstant(instant))
      .find((part) => part.type === 'timeZoneName')?.value ?? timeZone;
  return `${format.format(toInstant(instant))} ${zoneName}`;
}
