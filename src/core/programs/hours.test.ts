import { describe, expect, it } from 'vitest';
import { loadDefaultRuleSet } from '../rulesets/index.js';
import { formatMinutesAsHours, trackHours } from './hours.js';
import type { Program, Track } from './program.js';

const profile = loadDefaultRuleSet().profile;

function track(name: string, sessions: number, start: string, end: string): Track {
  const days = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
  return { name, slots: days.slice(0, sessions).map((day) => ({ day, start, end })) };
}

function program(setting: Program['setting'], tracks: Track[], populations: Program['populations'] = ['adults']) {
  return { setting, tracks, populations };
}

describe('track hours', () => {
  it('counts minutes, not fractional hours, and warns outside the setting’s band', () => {
    const checked = trackHours(
      program('iop', [
        track('Three evenings', 3, '18:00', '21:00'),
        track('Two short evenings', 2, '18:00', '20:15'),
        track('Long days', 5, '09:00', '13:00'),
      ]),
      profile,
    );
    expect(checked.map((entry) => entry.minutesPerWeek)).toEqual([540, 270, 1200]);
    expect(checked[0]?.warning).toBeUndefined();
    expect(checked[1]?.warning).toBe(
      `Two short evenings: 4 h 30 min a week is below the minimum of 9 hours a week for intensive outpatient in ${profile.label}`,
    );
    expect(checked[2]?.warning).toBe(
      `Long days: 20 hours a week is above the maximum of 19 hours a week for intensive outpatient in ${profile.label}`,
    );
  });

  it('uses the adolescent band for programs that serve only teens, and none for 24-hour settings', () => {
    const teens = trackHours(program('iop', [track('Teens', 2, '15:00', '18:00')], ['adolescents']), profile);
    expect(teens[0]?.warning).toBeUndefined();
    const adults = trackHours(program('iop', [track('Adults', 2, '15:00', '18:00')]), profile);
    expect(adults[0]?.warning).toMatch(/below the minimum of 9 hours/);
    expect(
      trackHours(program('residential', [track('Groups', 1, '09:00', '10:00')]), profile)[0]?.warning,
    ).toBeUndefined();
    expect(
      trackHours(program('withdrawal-management', [track('Groups', 1, '09:00', '10:00')]), profile)[0]?.warning,
    ).toBeUndefined();
    expect(trackHours(program('php', [track('Short', 2, '09:00', '12:00')]), profile)[0]?.warning).toMatch(
      /below the minimum of 20 hours a week for partial hospitalization/,
    );
  });

  it('words hours for people', () => {
    expect([60, 90, 45, 540, 61].map(formatMinutesAsHours)).toEqual([
      '1 hour',
      '1 h 30 min',
      '45 minutes',
      '9 hours',
      '1 h 1 min',
    ]);
  });
});
