/**
 * What a typical week of each option looks like, as weekly time, so the aid can draw it on a week
 * grid ("three evenings a week" is grasped faster seen than read). Illustrative schedules within
 * the hours that public state rules give each setting (domain brief 1.6); real programs differ.
 */
import type { OptionId } from './ids.js';
import type { WeeklyTime } from '../schedule/week.js';

export interface TypicalWeek {
  week: WeeklyTime;
  /** The person lives there: every hour of the week is part of the program. */
  livesThere: boolean;
}

const evenings = (days: Array<'mon' | 'tue' | 'wed' | 'thu' | 'fri'>, start: string, end: string): WeeklyTime => ({
  slots: days.map((day) => ({ day, start, end })),
});

export const TYPICAL_WEEKS: Readonly<Record<OptionId, TypicalWeek>> = {
  // 9 hours: three 3-hour evening sessions, the most common IOP pattern.
  iop: { week: evenings(['mon', 'wed', 'thu'], '18:00', '21:00'), livesThere: false },
  // 25 hours: five weekday sessions of 5 hours.
  php: { week: evenings(['mon', 'tue', 'wed', 'thu', 'fri'], '09:00', '14:00'), livesThere: false },
  // 1.5 hours: one weekly session.
  op: { week: { slots: [{ day: 'tue', start: '18:00', end: '19:30' }] }, livesThere: false },
  // An IOP schedule while living in a sober home.
  'recovery-residence': { week: evenings(['mon', 'wed', 'thu'], '18:00', '21:00'), livesThere: false },
  residential: { week: { slots: [] }, livesThere: true },
  // Three one-hour meetings, chosen by the person.
  'mutual-help': {
    week: {
      slots: [
        { day: 'mon', start: '19:00', end: '20:00' },
        { day: 'wed', start: '12:00', end: '13:00' },
        { day: 'sat', start: '10:00', end: '11:00' },
      ],
    },
    livesThere: false,
  },
};
