/**
 * Settings of care, from least to most intensive, and the jurisdiction profile that gives each its
 * hours per week. The order is the clinical order of intensity: the engine takes the most intensive
 * floor, never an average.
 */

/** A level-of-care setting, in our own vocabulary (external level codes appear only as labels). */
export type Setting = 'op' | 'iop' | 'php' | 'residential' | 'inpatient';

/** Settings from least to most intensive. */
export const SETTINGS: readonly Setting[] = ['op', 'iop', 'php', 'residential', 'inpatient'];

/** What the engine may put in `primary.setting`: a setting, or urgent evaluation. */
export type PrimarySetting = Setting | 'urgent-evaluation';

export type Population = 'adult' | 'adolescent';

/** Withdrawal management is its own output, with its own order of intensity. */
export type WithdrawalManagement = 'none' | 'ambulatory' | 'residential' | 'inpatient';

export const WITHDRAWAL_MANAGEMENT: readonly WithdrawalManagement[] = [
  'none',
  'ambulatory',
  'residential',
  'inpatient',
];

/** Hours of structured treatment per week; `max` is absent when there is no upper bound. */
export interface HoursPerWeek {
  min: number;
  max?: number;
}

/** A setting as a jurisdiction defines it: hours for each population, or a 24-hour setting. */
export interface SettingDefinition {
  label: string;
  twentyFourHour: boolean;
  hoursPerWeek: Record<Population, HoursPerWeek> | null;
}

/** Hours and labels of every setting under one jurisdiction's rules; replaceable data. */
export interface JurisdictionProfile {
  id: string;
  label: string;
  sources: string[];
  settings: Record<Setting, SettingDefinition>;
}

/** Rank of a setting in the order of intensity (op = 0). */
export function settingRank(setting: Setting): number {
  return SETTINGS.indexOf(setting);
}

/** The more intensive of two settings. */
export function moreIntensive(a: Setting, b: Setting): Setting {
  return settingRank(a) >= settingRank(b) ? a : b;
}

/** The setting one step more intensive, or undefined at the top. */
export function nextSettingUp(setting: Setting): Setting | undefined {
  return SETTINGS[settingRank(setting) + 1];
}

/** The more intensive of two withdrawal-management outputs. */
export function moreIntensiveWithdrawal(a: WithdrawalManagement, b: WithdrawalManagement): WithdrawalManagement {
  return WITHDRAWAL_MANAGEMENT.indexOf(a) >= WITHDRAWAL_MANAGEMENT.indexOf(b) ? a : b;
}

/** The hours band of a setting for a population, or null for a 24-hour setting. */
export function hoursFor(profile: JurisdictionProfile, setting: Setting, population: Population): HoursPerWeek | null {
  const hours = profile.settings[setting].hoursPerWeek;
  return hours === null ? null : hours[population];
}

/**
 * The non-residential setting whose band holds a weekly number of hours (for classifying a
 * program's schedule). Hours below the outpatient band still count as outpatient.
 */
export function settingForHours(profile: JurisdictionProfile, hours: number, population: Population): Setting {
  const php = hoursFor(profile, 'php', population);
  const iop = hoursFor(profile, 'iop', population);
  if (php && hours >= php.min) return 'php';
  if (iop && hours >= iop.min) return 'iop';
  return 'op';
}
