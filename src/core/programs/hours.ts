/**
 * A track's hours a week against the band its setting has in the jurisdiction profile. Out of band
 * is a warning for the admin, not a rejection: programs are what they are, and a 7-hour "IOP" is
 * worth listing with a note rather than hiding.
 */
import { MATCH_WORDING } from './match-wording.js';
import { hoursFor, type JurisdictionProfile, type Population } from '../settings.js';
import type { Program, ProgramSetting, Track } from './program.js';
import { trackMinutes } from './program.js';

export interface TrackHours {
  track: string;
  minutesPerWeek: number;
  /** Present when the minutes fall outside the setting's band. */
  warning?: string;
}

/** Hours shown to people, in English: whole hours, or hours and minutes, computed from integer minutes. */
export function formatMinutesAsHours(minutes: number): string {
  return MATCH_WORDING.en.hours(minutes);
}

/** The population whose band applies: adolescent only when the program serves no adults. */
function bandPopulation(program: Pick<Program, 'populations'>): Population {
  return program.populations.includes('adolescents') && !program.populations.includes('adults')
    ? 'adolescent'
    : 'adult';
}

function warningFor(
  profile: JurisdictionProfile,
  setting: ProgramSetting,
  population: Population,
  track: Track,
  minutes: number,
): string | undefined {
  if (setting === 'withdrawal-management') return undefined;
  const band = hoursFor(profile, setting, population);
  if (band === null) return undefined;
  const label = profile.settings[setting].label.toLowerCase();
  if (minutes < band.min * 60) {
    return `${track.name}: ${formatMinutesAsHours(minutes)} a week is below the minimum of ${band.min} hours a week for ${label} in ${profile.label}`;
  }
  if (band.max !== undefined && minutes > band.max * 60) {
    return `${track.name}: ${formatMinutesAsHours(minutes)} a week is above the maximum of ${band.max} hours a week for ${label} in ${profile.label}`;
  }
  return undefined;
}

/** Minutes a week of each track of a program, each checked against its setting's band. */
export function trackHours(
  program: Pick<Program, 'setting' | 'tracks' | 'populations'>,
  profile: JurisdictionProfile,
): TrackHours[] {
  const population = bandPopulation(program);
  return program.tracks.map((track) => {
    const minutes = trackMinutes(track);
    const warning = warningFor(profile, program.setting, population, track, minutes);
    return warning === undefined
      ? { track: track.name, minutesPerWeek: minutes }
      : { track: track.name, minutesPerWeek: minutes, warning };
  });
}
