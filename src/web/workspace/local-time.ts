/**
 * The organisation's time zone in the workspace: every date and time shown or filled in by default
 * is in it, whatever zone the browser is in. The workspace reads it once after sign-in.
 */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { addCalendarDays, calendarDate, formatDateTime, systemTimeZone } from '../../core/time-zone.js';

export const TimeZoneContext = createContext<string>(systemTimeZone());

/** Dates and times in the organisation's zone. */
export interface LocalTime {
  timeZone: string;
  /** The clinic's today, as YYYY-MM-DD. */
  today: () => string;
  /** The clinic's date `days` from today. */
  inDays: (days: number) => string;
  /** An instant as people read it there: "Dec 6, 2026, 2:09 PM EST". */
  when: (instant: string) => string;
}

export function localTime(timeZone: string): LocalTime {
  return {
    timeZone,
    today: () => calendarDate(new Date(), timeZone),
    inDays: (days) => addCalendarDays(calendarDate(new Date(), timeZone), days),
    when: (instant) => formatDateTime(instant, timeZone),
  };
}

export function useLocalTime(): LocalTime {
  return localTime(useContext(TimeZoneContext));
}
