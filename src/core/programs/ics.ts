/**
 * A program track's sessions as an iCalendar file (RFC 5545), one weekly repeating event per
 * session, so a person can put the groups in their own calendar. Times are "floating" local times,
 * as program schedules are written: 6 pm is 6 pm wherever the phone is.
 */
import { DAYS, type Day, type Slot, minutesOf } from '../schedule/weekly-time.js';
import { provenanceLabel } from './match-wording.js';
import type { Program, Track } from './program.js';

const BYDAY: Record<Day, string> = { mon: 'MO', tue: 'TU', wed: 'WE', thu: 'TH', fri: 'FR', sat: 'SA', sun: 'SU' };
const MAX_LINE_OCTETS = 75;

export interface CalendarOptions {
  /** The first date sessions may fall on (YYYY-MM-DD): today, or the intake date. */
  from: string;
  /** How many weeks the sessions repeat; open-ended when absent. */
  weeks?: number | null;
  /** When the file is made (DTSTAMP). */
  now: Date;
}

/** Escapes a TEXT value (RFC 5545 3.3.11). */
export function escapeText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** Folds a content line at 75 octets without splitting a UTF-8 character (RFC 5545 3.1). */
export function foldLine(line: string): string {
  const encoder = new TextEncoder();
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = encoder.encode(char).length;
    // Continuation lines start with a space, which counts towards their 75 octets.
    const limit = parts.length === 0 ? MAX_LINE_OCTETS : MAX_LINE_OCTETS - 1;
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

function pad(value: number, length = 2): string {
  return String(value).padStart(length, '0');
}

function utcStamp(date: Date): string {
  return `${date.getUTCFullYear()}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}T${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}Z`;
}

/** A calendar date plus a number of days, computed in UTC so no local clock shifts it. */
function addDays(date: string, days: number): Date {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day + days));
}

function floating(date: Date, minutes: number): string {
  const shifted = new Date(date.getTime() + Math.floor(minutes / 1440) * 86_400_000);
  const rest = minutes % 1440;
  return `${shifted.getUTCFullYear()}${pad(shifted.getUTCMonth() + 1)}${pad(shifted.getUTCDate())}T${pad(Math.floor(rest / 60))}${pad(rest % 60)}00`;
}

/** The first date on or after `from` that falls on the slot's weekday. */
function firstDate(from: string, day: Day): Date {
  const start = addDays(from, 0);
  // getUTCDay: 0 is Sunday; DAYS starts on Monday.
  const weekday = (start.getUTCDay() + 6) % 7;
  const offset = (DAYS.indexOf(day) - weekday + 7) % 7;
  return addDays(from, offset);
}

function addressOf(program: Program): string {
  const { street1, street2, city, state, zip } = program.location;
  return [street1, street2, city, [state, zip].filter(Boolean).join(' ')].filter(Boolean).join(', ');
}

function event(program: Program, track: Track, trackIndex: number, slot: Slot, options: CalendarOptions): string[] {
  const date = firstDate(options.from, slot.day);
  const weeks = options.weeks ?? null;
  const address = addressOf(program);
  const description = [
    `${track.name} of ${program.name}.`,
    `This schedule is ${provenanceLabel(program.provenance)}; call the program to confirm times before you go.`,
    program.contact.phone ? `Phone: ${program.contact.phone}` : '',
  ]
    .filter(Boolean)
    .join('\n');
  return [
    'BEGIN:VEVENT',
    `UID:${program.id}-${trackIndex}-${slot.day}-${slot.start.replace(':', '')}@stepdown`,
    `DTSTAMP:${utcStamp(options.now)}`,
    `DTSTART:${floating(date, minutesOf(slot.start))}`,
    `DTEND:${floating(date, minutesOf(slot.end))}`,
    `RRULE:FREQ=WEEKLY;BYDAY=${BYDAY[slot.day]}${weeks ? `;COUNT=${weeks}` : ''}`,
    `SUMMARY:${escapeText(`${program.name} — ${track.name}`)}`,
    ...(address ? [`LOCATION:${escapeText(address)}`] : []),
    `DESCRIPTION:${escapeText(description)}`,
    'END:VEVENT',
  ];
}

/**
 * The iCalendar text of one track of a program: a VEVENT per session, repeating weekly from the
 * first matching day on or after `from`, for `weeks` weeks when given. Lines end in CRLF.
 */
export function trackCalendar(program: Program, trackIndex: number, options: CalendarOptions): string {
  const track = program.tracks[trackIndex];
  if (!track) throw new RangeError(`program ${program.id} has no track ${trackIndex}`);
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Stepdown//Program sessions//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(`${program.name} — ${track.name}`)}`,
    ...track.slots.flatMap((slot) => event(program, track, trackIndex, slot, options)),
    'END:VCALENDAR',
  ];
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}
