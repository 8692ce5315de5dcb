/** Plain-language names of program facts, for match explanations and presenters. */
import type { Moud, Payment, ProgramPopulation, ProgramSetting } from './program.js';

export const SETTING_LABELS: Readonly<Record<ProgramSetting, string>> = {
  op: 'outpatient',
  iop: 'intensive outpatient',
  php: 'partial hospitalization',
  residential: 'residential',
  inpatient: 'hospital inpatient',
  'withdrawal-management': 'withdrawal management (detox)',
};

export const PAYMENT_LABELS: Readonly<Record<Payment, string>> = {
  medicaid: 'Medicaid',
  medicare: 'Medicare',
  'private-insurance': 'private insurance',
  'self-pay': 'self-pay',
  'sliding-scale': 'a sliding fee scale',
  'payment-assistance': 'payment assistance',
  free: 'people who cannot pay (no fee)',
  'military-insurance': 'military insurance (TRICARE)',
  'state-insurance': 'state health plans other than Medicaid',
  'government-funding': 'government funding',
  'ihs-tribal': 'IHS, tribal or urban Indian funds',
};

export const POPULATION_LABELS: Readonly<Record<ProgramPopulation, string>> = {
  adults: 'adults',
  adolescents: 'teens',
  'young-adults': 'young adults',
  seniors: 'older adults',
  women: 'women',
  men: 'men',
  'pregnant-postpartum': 'pregnant and postpartum women',
  lgbtq: 'LGBTQ people',
  veterans: 'veterans',
  'active-duty-military': 'active duty military',
  'military-families': 'military families',
  'criminal-justice': 'people in the justice system',
  hiv: 'people with HIV',
  trauma: 'people who have been through trauma',
  'domestic-violence': 'people who have been through domestic violence',
  'sexual-abuse': 'people who have been through sexual abuse',
};

export const MOUD_LABELS: Readonly<Record<Moud, string>> = {
  buprenorphine: 'buprenorphine',
  methadone: 'methadone',
  naltrexone: 'naltrexone',
};

const LANGUAGE_NAMES: Readonly<Record<string, string>> = {
  en: 'English',
  es: 'Spanish',
  asl: 'sign language',
  ar: 'Arabic',
  zh: 'Chinese',
  fa: 'Farsi',
  fr: 'French',
  de: 'German',
  el: 'Greek',
  he: 'Hebrew',
  hi: 'Hindi',
  hmn: 'Hmong',
  it: 'Italian',
  ja: 'Japanese',
  ko: 'Korean',
  pl: 'Polish',
  pt: 'Portuguese',
  ru: 'Russian',
  tl: 'Tagalog',
  vi: 'Vietnamese',
  oj: 'Ojibwa',
  ypk: 'Yupik',
};

/** The name of a language tag; a language stored by name is its own label. */
export function languageLabel(language: string): string {
  return LANGUAGE_NAMES[language.toLowerCase()] ?? language;
}

/** Whether a program's language list holds a language asked for by tag or by name. */
export function offersLanguage(languages: readonly string[], wanted: string): boolean {
  const asked = wanted.trim().toLowerCase();
  return languages.some(
    (language) => language.toLowerCase() === asked || languageLabel(language).toLowerCase() === asked,
  );
}

/** Miles with one decimal, as a person reads a distance. */
export function formatMiles(miles: number): string {
  const rounded = Math.round(miles * 10) / 10;
  return `${rounded.toFixed(1)} ${rounded === 1 ? 'mile' : 'miles'}`;
}
