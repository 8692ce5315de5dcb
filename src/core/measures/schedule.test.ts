/** When check-ins fall due and count as missed, by where the schedule comes from. */
import { describe, expect, it } from 'vitest';
import { clientSchedule, DEFAULT_SCHEDULE, scheduleStatus } from './schedule.js';

const DAY = 86_400_000;
const NOW = new Date('2026-03-20T15:00:00.000Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY).toISOString();
const weekly = [{ instrument: 'recovery-check', everyDays: 7 }];

describe('clientSchedule', () => {
  it('uses a saved schedule at once, else the default from the discharge day, else nothing until a plan', () => {
    expect(clientSchedule(weekly, 123)).toEqual({ entries: weekly, basis: 'custom', start: null });
    expect(clientSchedule(undefined, 123)).toEqual({ entries: DEFAULT_SCHEDULE, basis: 'plan', start: 123 });
    expect(clientSchedule(undefined, null)).toEqual({ entries: DEFAULT_SCHEDULE, basis: 'no-plan', start: 'no-plan' });
  });
});

describe('scheduleStatus', () => {
  it('asks nothing before a plan is finalised, even of a client who checked in', () => {
    // Still in residential care: the step-down schedule has not begun, so no reminder and no "due".
    expect(scheduleStatus(weekly, new Map([['recovery-check', daysAgo(30)]]), NOW, 'no-plan')).toEqual([
      { ...weekly[0], lastTakenAt: daysAgo(30), dueAt: null, due: false, missed: false },
    ]);
  });

  it('starts on the discharge day: not due before it, due on it, missed a period after it', () => {
    const never = new Map<string, string>();
    const tomorrow = NOW.getTime() + DAY;
    expect(scheduleStatus(weekly, never, NOW, tomorrow)[0]).toMatchObject({ due: false, missed: false });
    expect(scheduleStatus(weekly, never, NOW, tomorrow)[0]?.dueAt).toBe(new Date(tomorrow).toISOString());
    expect(scheduleStatus(weekly, never, NOW, NOW.getTime() - 6 * DAY)[0]).toMatchObject({ due: true, missed: false });
    // Discharged a week ago and never checked in: that is a missed check-in, the one to call about.
    expect(scheduleStatus(weekly, never, NOW, NOW.getTime() - 7 * DAY)[0]).toMatchObject({ due: true, missed: true });
  });

  it('keeps the rhythm of check-ins given before discharge, but asks none before the discharge day', () => {
    // Checked in two days before a discharge that is tomorrow: next due five days after discharge.
    const taken = new Map([['recovery-check', daysAgo(2)]]);
    expect(scheduleStatus(weekly, taken, NOW, NOW.getTime() + DAY)[0]?.dueAt).toBe(
      new Date(Date.parse(daysAgo(2)) + 7 * DAY).toISOString(),
    );
    // Checked in 30 days ago and discharged tomorrow: due from tomorrow, not now.
    const old = new Map([['recovery-check', daysAgo(30)]]);
    expect(scheduleStatus(weekly, old, NOW, NOW.getTime() + DAY)[0]).toMatchObject({ due: false, missed: false });
  });

  it('under a schedule a clinician set, never taken is due now and not missed', () => {
    expect(scheduleStatus(weekly, new Map(), NOW)[0]).toMatchObject({
      dueAt: NOW.toISOString(),
      due: true,
      missed: false,
    });
    expect(scheduleStatus(weekly, new Map([['recovery-check', daysAgo(14)]]), NOW)[0]).toMatchObject({
      due: true,
      missed: true,
    });
  });
});
