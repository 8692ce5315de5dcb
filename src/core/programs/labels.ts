/** Plain-language names of program facts, for match explanations and presenters. */
import { MATCH_WORDING, type MatchLanguage } from './match-wording.js';
import type { Moud, Payment, ProgramPopulation, ProgramSetting } from './program.js';

export const SETTING_LABELS: Readonly<Record<ProgramSetting, string>> = {
  op: 'outpatient',
  iop: 'intensive outpatient',
  php: 'partial hospitalization',
  residential: 'residential',
  inpatient: 'hospital inpatient',
  'withdrawal-management': 'withdrawal management (detox)',
};

/** English names of payments, populations and medications; the wording tables are in match-wording.ts. */
export const PAYMENT_LABELS: Readonly<Record<Payment, string>> = MATCH_WORDING.en.payments;
export const POPULATION_LABELS: Readonly<Record<ProgramPopulation, string>> = MATCH_WORDING.en.populations;
export const MOUD_LABELS: Readonly<Record<Moud, string>> = MATCH_WORDING.en.medications;

/** Language tags by their English name, lower-cased: a language asked for by name is named in any language. */
const TAG_BY_ENGLISH_NAME: ReadonlyMap<string, string> = new Map(
  Object.entries(MATCH_WORDING.en.languages).map(([tag, name]) => [name.toLowerCase(), tag]),
);

/**
 * The name of a language, given by tag (`es`) or by English name (`Spanish`), in the wording's
 * language; a language the tables do not know is its own label.
 */
export function languageLabel(language: string, wording: MatchLanguage = 'en'): string {
  const key = language.toLowerCase();
  const tag = Object.hasOwn(MATCH_WORDING.en.languages, key) ? key : TAG_BY_ENGLISH_NAME.get(key);
  return (tag === undefined ? undefined : MATCH_WORDING[wording].languages[tag]) ?? language;
}

/** Whether a program's language list holds a language asked for by tag or by name. */
export function offersLanguage(languages: readonly string[], wanted: string): boolean {
  const asked = wanted.trim().toLowerCase();
  return languages.some(
    (language) => language.toLowerCase() === asked || languageLabel(language).toLowerCase() === asked,
  );
}

/** Miles with one decimal, as a person reads a distance, in English. */
export function formatMiles(miles: number): string {
  return MATCH_WORDING.en.miles(miles);
}
