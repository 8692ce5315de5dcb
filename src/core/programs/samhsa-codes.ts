/**
 * What SAMHSA's service codes mean in our model. The codes themselves, their categories and their
 * names are read from each directory's own "Service Code Reference" sheet; only the meaning of the
 * codes we act on is written here (product-anchors 3.4 and 3.5), because no file says "OIT is what
 * Stepdown calls iop".
 */
import type { Moud, Payment, ProgramPopulation, ProgramServices, ProgramSetting } from './program.js';

/** One row of a Service Code Reference sheet. */
export interface ServiceCode {
  category: string;
  code: string;
  name: string;
}

/** The codes a file defines, by code (upper case). */
export interface CodeReference {
  codes: ReadonlyMap<string, ServiceCode>;
  /** False for formats that carry no reference of their own (the locator exports). */
  fromFile: boolean;
}

/** Builds a reference from sheet rows; codes and categories are trimmed and upper-cased. */
export function buildCodeReference(rows: Iterable<ServiceCode>, fromFile = true): CodeReference {
  const codes = new Map<string, ServiceCode>();
  for (const row of rows) {
    const code = row.code.trim().toUpperCase();
    if (code === '') continue;
    codes.set(code, { category: row.category.trim().toUpperCase(), code, name: row.name.replace(/\s+/g, ' ').trim() });
  }
  return { codes, fromFile };
}

/** Detailed setting codes, each naming one of our settings outright. */
export const SETTING_CODES: Readonly<Record<string, ProgramSetting>> = {
  ORT: 'op',
  OIT: 'iop',
  ODT: 'php',
  PHDT: 'php',
  RS: 'residential',
  RL: 'residential',
  HIT: 'inpatient',
  DT: 'withdrawal-management',
  OD: 'withdrawal-management',
  RD: 'withdrawal-management',
  HID: 'withdrawal-management',
};

/**
 * Umbrella codes (OP, RES, HI) stand for a setting only when the listing names none of the detailed
 * codes beneath them: the mental-health directory has only the umbrellas, while in the substance
 * use directory "RES" with only "RD" is a residential detox, not residential treatment.
 */
export const UMBRELLA_CODES: Readonly<Record<string, { setting: ProgramSetting; children: readonly string[] }>> = {
  OP: { setting: 'op', children: ['ORT', 'OIT', 'ODT', 'OD', 'OMB'] },
  RES: { setting: 'residential', children: ['RS', 'RL', 'RD'] },
  HI: { setting: 'inpatient', children: ['HIT', 'HID'] },
};

/** Codes saying the facility treats substance use (type of care). */
export const SUBSTANCE_USE_CODES: readonly string[] = ['SA', 'SUMH'];

export const PAYMENT_CODES: Readonly<Record<string, Payment>> = {
  MD: 'medicaid',
  MC: 'medicare',
  PI: 'private-insurance',
  SF: 'self-pay',
  SS: 'sliding-scale',
  PA: 'payment-assistance',
  NP: 'free',
  MI: 'military-insurance',
  SI: 'state-insurance',
  ITU: 'ihs-tribal',
  FSA: 'government-funding',
  SAMF: 'government-funding',
  CMHG: 'government-funding',
  CSBG: 'government-funding',
  CLF: 'government-funding',
  OSF: 'government-funding',
  SCJJ: 'government-funding',
  SEF: 'government-funding',
  SMHA: 'government-funding',
  SWFS: 'government-funding',
  VAF: 'government-funding',
};

export const POPULATION_CODES: Readonly<Record<string, ProgramPopulation>> = {
  ADLT: 'adults',
  AD: 'adolescents',
  CHLD: 'adolescents',
  TAY: 'young-adults',
  YAD: 'young-adults',
  SE: 'seniors',
  SNR: 'seniors',
  WN: 'women',
  MN: 'men',
  PW: 'pregnant-postpartum',
  GL: 'lgbtq',
  VET: 'veterans',
  ADM: 'active-duty-military',
  MF: 'military-families',
  CJ: 'criminal-justice',
  HV: 'hiv',
  TRMA: 'trauma',
  PTSD: 'trauma',
  DV: 'domestic-violence',
  XA: 'sexual-abuse',
};

/**
 * Codes that say a program gives a medicine, from the opioid medication (OM), opioid treatment (OT)
 * and pharmacotherapy (PHR) categories. BMW and MMW ("maintenance for predetermined time") are the
 * 2022 edition's; OMB, an outpatient setting code, names no medicine and is not one of them.
 */
export const MOUD_CODES: Readonly<Record<Moud, readonly string[]>> = {
  buprenorphine: ['BU', 'UB', 'BUM', 'BMW', 'BWN', 'BWON', 'BERI', 'BSDM'],
  methadone: ['MU', 'MM', 'MMW', 'METH'],
  naltrexone: ['NU', 'UN', 'RPN', 'NXN', 'VTRL'],
};

/** Codes behind each yes/no service; any one of them is enough. */
export const SERVICE_CODES: Readonly<
  Record<Exclude<keyof ProgramServices, 'moud' | 'acceptsMoudFromElsewhere'>, readonly string[]>
> = {
  familyCounselling: ['FCO', 'CFT'],
  psychiatricCare: ['MMD', 'ANTPYCH', 'MHS'],
  audMedication: ['PMAT', 'ACM', 'DSF'],
  caseManagement: ['CM', 'ICM'],
  vocationalHelp: ['VOC', 'EMP', 'SEMP', 'VRS'],
  childCare: ['CCC', 'BC'],
  transportHelp: ['TA'],
  recoveryHousing: ['HH'],
};

export const ACCEPTS_MOUD_CODE = 'MOA';
/** "Does not use medication for opioid use disorder": overrides any medication code. */
export const NO_MOUD_CODE = 'NMOA';
export const CO_OCCURRING_CODES: readonly string[] = ['SUMH', 'CO', 'IDD'];
export const TELEHEALTH_CODE = 'TELE';

/** Categories whose codes are treatment approaches (therapies), and those that are languages. */
export const THERAPY_CATEGORIES: readonly string[] = ['TAP'];
export const LANGUAGE_CATEGORIES: readonly string[] = ['SL', 'OL'];

/**
 * Language tags for the language codes we know; a language code of a newer sheet that is not here
 * is kept under the sheet's own name. "Other languages" (FX) names no language and is left out.
 */
export const LANGUAGE_TAGS: Readonly<Record<string, string | null>> = {
  SP: 'es',
  AH: 'asl',
  FX: null,
  F4: 'ar',
  F17: 'zh',
  F25: 'fa',
  F28: 'fr',
  F30: 'de',
  F31: 'el',
  F35: 'he',
  F36: 'hi',
  F37: 'hmn',
  F42: 'it',
  F43: 'ja',
  F47: 'ko',
  F66: 'pl',
  F67: 'pt',
  F70: 'ru',
  F81: 'tl',
  F92: 'vi',
  N24: 'oj',
  N40: 'ypk',
};

/**
 * Names of the codes we read names of, for the locator CSV export, which has flag columns but no
 * reference sheet. Taken from the 2023 directories' reference sheets.
 */
export const LOCATOR_CODE_NAMES: readonly ServiceCode[] = [
  ['ANG', 'Anger management'],
  ['BIA', 'Brief intervention'],
  ['CBT', 'Cognitive behavioral therapy'],
  ['CMI', 'Contingency management/motivational incentives'],
  ['CRV', 'Community reinforcement plus vouchers'],
  ['MOTI', 'Motivational interviewing'],
  ['MXM', 'Matrix Model'],
  ['RELP', 'Relapse prevention'],
  ['SACA', 'Substance use disorder counseling'],
  ['TRC', 'Trauma-related counseling'],
  ['TWFA', '12-step facilitation'],
  ['AT', 'Activity therapy'],
  ['CRT', 'Cognitive remediation therapy'],
  ['CFT', 'Couples/family therapy'],
  ['DBT', 'Dialectical behavior therapy'],
  ['ECT', 'Electroconvulsive therapy'],
  ['EMDR', 'Eye Movement Desensitization and Reprocessing therapy'],
  ['GT', 'Group therapy'],
  ['IDD', 'Integrated Mental and Substance Use Disorder treatment'],
  ['IPT', 'Individual psychotherapy'],
  ['KIT', 'Ketamine Infusion Therapy'],
  ['TMS', 'Transcranial Magnetic Stimulation'],
  ['TELE', 'Telemedicine/telehealth therapy'],
].map(([code, name]) => ({ category: 'TAP', code: code as string, name: name as string }));
