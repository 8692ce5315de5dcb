import { describe, expect, it } from 'vitest';
import { escapeText, foldLine, trackCalendar } from './ics.js';
import { NO_SERVICES, type Program } from './program.js';

const PROGRAM: Program = {
  id: '11111111-2222-8333-8444-555555555555',
  name: 'Riverside Recovery; Evening, IOP',
  setting: 'iop',
  tracks: [
    {
      name: 'Evening track',
      slots: [
        { day: 'mon', start: '18:00', end: '21:00' },
        { day: 'sat', start: '22:00', end: '24:00' },
      ],
    },
  ],
  typicalDurationWeeks: 8,
  therapies: [],
  services: NO_SERVICES,
  coOccurring: false,
  populations: [],
  languages: ['en'],
  payment: [],
  telehealth: false,
  location: {
    street1: '1 Main Street',
    street2: null,
    city: 'Springfield',
    state: 'MA',
    zip: '01103',
    lat: null,
    lon: null,
    approximate: false,
  },
  contact: { phone: '555-0100', intakePhone: null, website: null },
  acceptingNewClients: { value: null, confirmedAt: null },
  provenance: { source: 'samhsa-directory', file: 'x.xlsx', edition: '2023' },
};

function unfold(text: string): string[] {
  return text.replace(/\r\n /g, '').split('\r\n');
}

describe('iCalendar export', () => {
  it('writes one weekly event per session, starting on the first matching day, with CRLF lines', () => {
    // 2025-03-05 is a Wednesday: the Monday session starts on 10 March, the Saturday one on the 8th.
    const text = trackCalendar(PROGRAM, 0, { from: '2025-03-05', weeks: 8, now: new Date('2025-03-01T10:20:30Z') });
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(text.includes('\n') && !/[^\r]\n/.test(text)).toBe(true);
    const lines = unfold(text);
    expect(lines.slice(0, 5)).toEqual([
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//Stepdown//Program sessions//EN',
      'CALSCALE:GREGORIAN',
      'METHOD:PUBLISH',
    ]);
    expect(lines.filter((line) => line.startsWith('DTSTART'))).toEqual([
      'DTSTART:20250310T180000',
      'DTSTART:20250308T220000',
    ]);
    // A session ending at 24:00 ends at midnight of the next day.
    expect(lines.filter((line) => line.startsWith('DTEND'))).toEqual([
      'DTEND:20250310T210000',
      'DTEND:20250309T000000',
    ]);
    expect(lines.filter((line) => line.startsWith('RRULE'))).toEqual([
      'RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=8',
      'RRULE:FREQ=WEEKLY;BYDAY=SA;COUNT=8',
    ]);
    expect(lines).toContain('DTSTAMP:20250301T102030Z');
    expect(lines).toContain('SUMMARY:Riverside Recovery\\; Evening\\, IOP — Evening track');
    expect(lines).toContain('LOCATION:1 Main Street\\, Springfield\\, MA 01103');
    expect(lines.find((line) => line.startsWith('DESCRIPTION'))).toContain("listed in SAMHSA's directory (2023)");
    expect(new Set(lines.filter((line) => line.startsWith('UID'))).size).toBe(2);
  });

  it('repeats without end when no number of weeks is given', () => {
    const text = trackCalendar(PROGRAM, 0, { from: '2025-03-10', now: new Date('2025-03-01T00:00:00Z') });
    expect(unfold(text)).toContain('RRULE:FREQ=WEEKLY;BYDAY=MO');
    expect(unfold(text)).toContain('DTSTART:20250310T180000');
  });

  it('folds long lines at 75 octets without splitting a character, and escapes text', () => {
    const line = `SUMMARY:${'é'.repeat(100)}`;
    const folded = foldLine(line);
    for (const part of folded.split('\r\n')) expect(new TextEncoder().encode(part).length).toBeLessThanOrEqual(75);
    expect(folded.replace(/\r\n /g, '')).toBe(line);
    expect(escapeText('a\\b;c,d\ne')).toBe('a\\\\b\\;c\\,d\\ne');
    expect(() => trackCalendar(PROGRAM, 3, { from: '2025-03-10', now: new Date() })).toThrow(RangeError);
  });
});
