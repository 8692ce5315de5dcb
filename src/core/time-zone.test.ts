import { describe, expect, it } from 'vitest';
import { addCalendarDays, calendarDate, formatDateTime, isTimeZone, lastDayBefore, startOfDay } from './time-zone.js';

describe('organisation time zone', () => {
  it('accepts IANA names Intl knows and refuses the rest', () => {
    for (const name of ['America/New_York', 'UTC', 'Europe/Madrid', 'Asia/Kolkata'])
      expect(isTimeZone(name)).toBe(true);
    for (const name of ['', 'Mars/Olympus', 'EST5EDT ', 'America/NewYork']) expect(isTimeZone(name)).toBe(false);
  });

  it('puts 8:30 pm in New York on that day, not the next (the UTC date was tomorrow)', () => {
    const evening = '2026-12-07T01:30:00.000Z'; // 8:30 pm EST on 6 December
    expect(evening.slice(0, 10)).toBe('2026-12-07');
    expect(calendarDate(evening, 'America/New_York')).toBe('2026-12-06');
    expect(calendarDate(evening, 'UTC')).toBe('2026-12-07');
  });

  it('shows 2:09 pm Eastern as 2:09 PM, not 19:09', () => {
    expect(formatDateTime('2026-12-06T19:09:00.000Z', 'America/New_York')).toBe('Dec 6, 2026, 2:09 PM EST');
    expect(formatDateTime('2026-07-06T18:09:00.000Z', 'America/New_York')).toBe('Jul 6, 2026, 2:09 PM EDT');
  });

  it('finds the instant a day begins in the zone, across clock changes', () => {
    expect(startOfDay('2026-12-07', 'America/New_York').toISOString()).toBe('2026-12-07T05:00:00.000Z');
    expect(startOfDay('2026-07-07', 'America/New_York').toISOString()).toBe('2026-07-07T04:00:00.000Z');
    // The day clocks go forward and the day they go back.
    expect(startOfDay('2026-03-08', 'America/New_York').toISOString()).toBe('2026-03-08T05:00:00.000Z');
    expect(startOfDay('2026-11-01', 'America/New_York').toISOString()).toBe('2026-11-01T04:00:00.000Z');
    expect(startOfDay('2026-12-07', 'UTC').toISOString()).toBe('2026-12-07T00:00:00.000Z');
    // Santiago moves its clocks at midnight: the day starts at 01:00 local time.
    expect(calendarDate(startOfDay('2026-09-06', 'America/Santiago'), 'America/Santiago')).toBe('2026-09-06');
  });

  it('reads the last day of a period that ends at the start of the next day, in the zone', () => {
    const end = startOfDay(addCalendarDays('2027-01-31', 1), 'America/Los_Angeles');
    expect(lastDayBefore(end, 'America/Los_Angeles')).toBe('2027-01-31');
    expect(addCalendarDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addCalendarDays('2027-03-01', -1)).toBe('2027-02-28');
  });
});
