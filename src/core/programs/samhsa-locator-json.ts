/**
 * The FindTreatment.gov locator's JSON rows (`rows[]` with `services[{f1, f2, f3}]`) name services
 * in words, `;`-separated, under category keys. This maps the words we act on back to the codes of
 * the directories, so one mapping (samhsa.ts) serves every format. Wording differs between years;
 * both the 2019 words and the current reference-sheet words are listed.
 */
import { z } from 'zod';
import type { FacilityKind, FacilityListing } from './samhsa.js';

const WORDS: ReadonlyArray<readonly [string, string]> = [
  ['substance use treatment', 'SA'],
  ['substance abuse treatment', 'SA'],
  ['mental health treatment', 'MH'],
  ['detoxification', 'DT'],
  [
    'treatment for co-occurring substance use plus either serious mental health illness in adults/serious emotional disturbance in children',
    'SUMH',
  ],
  ['hospital inpatient', 'HI'],
  ['hospital inpatient/24-hour hospital inpatient', 'HI'],
  ['outpatient', 'OP'],
  ['residential', 'RES'],
  ['residential/24-hour residential', 'RES'],
  ['hospital inpatient detoxification', 'HID'],
  ['hospital inpatient treatment', 'HIT'],
  ['outpatient detoxification', 'OD'],
  ['outpatient day treatment or partial hospitalization', 'ODT'],
  ['partial hospitalization/day treatment', 'PHDT'],
  ['intensive outpatient treatment', 'OIT'],
  ['outpatient methadone/buprenorphine or naltrexone treatment', 'OMB'],
  ['regular outpatient treatment', 'ORT'],
  ['residential detoxification', 'RD'],
  ['long-term residential', 'RL'],
  ['short-term residential', 'RS'],
  ['telemedicine/telehealth', 'TELE'],
  ['telemedicine/telehealth therapy', 'TELE'],
  ['computerized treatment/telemedicine', 'TELE'],
  ['accepts clients on opioid medication', 'MOA'],
  ['accepts clients using mat but prescribed elsewhere', 'MOA'],
  ['do not use medication for opioid addiction', 'NMOA'],
  ['does not use mat for opioid use disorders', 'NMOA'],
  ['buprenorphine used in treatment', 'BU'],
  ['buprenorphine maintenance', 'BUM'],
  ['buprenorphine maintenance for predetermined time', 'BUM'],
  ['prescribes/administers buprenorphine', 'UB'],
  ['prescribes buprenorphine', 'UB'],
  ['methadone used in treatment', 'MU'],
  ['methadone maintenance', 'MM'],
  ['methadone maintenance for predetermined time', 'MM'],
  ['methadone', 'METH'],
  ['naltrexone used in treatment', 'NU'],
  ['prescribes/administers naltrexone', 'UN'],
  ['prescribes naltrexone', 'UN'],
  ['relapse prevention from naltrexone', 'RPN'],
  ['relapse prevention with naltrexone', 'RPN'],
  ['naltrexone (oral)', 'NXN'],
  ['extended-release, injectable naltrexone (vivitrol®)', 'VTRL'],
  ['naltrexone (extended-release, injectable)', 'VTRL'],
  ['buprenorphine with naloxone (suboxone®)', 'BWN'],
  ['buprenorphine with naloxone', 'BWN'],
  ['buprenorphine without naloxone', 'BWON'],
  ['buprenorphine (extended-release, injectable, for example, sublocade®)', 'BERI'],
  ['buprenorphine (extended-release, injectable)', 'BERI'],
  ['acamprosate (campral®)', 'ACM'],
  ['disulfiram (antabuse®)', 'DSF'],
  ['disulfiram', 'DSF'],
  ['this facility administers/prescribes medication for alcohol use disorder', 'PMAT'],
  ['medications for psychiatric disorders', 'MMD'],
  ['medication for mental disorders', 'MMD'],
  ['medicaid', 'MD'],
  ['medicare', 'MC'],
  ['private health insurance', 'PI'],
  ['cash or self-payment', 'SF'],
  ['military insurance (e.g., tricare)', 'MI'],
  ['federal military insurance (e.g., tricare)', 'MI'],
  ['state-financed health insurance plan other than medicaid', 'SI'],
  ['ihs/tribal/urban (itu) funds', 'ITU'],
  ['no payment accepted', 'NP'],
  ['federal, or any government funding for substance abuse programs', 'FSA'],
  ['federal, or any government funding for substance use treatment programs', 'FSA'],
  ['samhsa funding/block grants', 'SAMF'],
  ['community mental health block grants', 'CMHG'],
  ['community service block grants', 'CSBG'],
  ['county or local government funds', 'CLF'],
  ['other state funds', 'OSF'],
  ['state corrections or juvenile justice funds', 'SCJJ'],
  ['state education funds', 'SEF'],
  ['state mental health agency (or equivalent) funds', 'SMHA'],
  ['state welfare or child and family services funds', 'SWFS'],
  ['u.s. department of va funds', 'VAF'],
  ['sliding fee scale (fee is based on income and other factors)', 'SS'],
  ['payment assistance (check with facility for details)', 'PA'],
  ['adults', 'ADLT'],
  ['children/adolescents', 'CHLD'],
  ['young adults', 'YAD'],
  ['seniors', 'SNR'],
  ['seniors (65 or older)', 'SNR'],
  ['adolescents', 'AD'],
  ['transitional age young adults', 'TAY'],
  ['adult women', 'WN'],
  ['adult men', 'MN'],
  ['pregnant/postpartum women', 'PW'],
  ['seniors or older adults', 'SE'],
  ['lesbian, gay, bisexual, or transgender (lgbt) clients', 'GL'],
  ['lesbian, gay, bisexual, transgender, or queer/questioning (lgbtq)', 'GL'],
  ['veterans', 'VET'],
  ['active duty military', 'ADM'],
  ['military families', 'MF'],
  ['members of military families', 'MF'],
  ['clients referred from the court/judicial system', 'CJ'],
  ['criminal justice (other than dui/dwi)/forensic clients', 'CJ'],
  ['persons with co-occurring mental and substance use disorders', 'CO'],
  ['clients with co-occurring mental and substance use disorders', 'CO'],
  ['integrated dual disorders treatment', 'IDD'],
  ['integrated mental and substance use disorder treatment', 'IDD'],
  ['persons with hiv or aids', 'HV'],
  ['clients with hiv or aids', 'HV'],
  ['persons who have experienced trauma', 'TRMA'],
  ['clients who have experienced trauma', 'TRMA'],
  ['persons with post-traumatic stress disorder (ptsd)', 'PTSD'],
  ['persons who have experienced intimate partner violence, domestic violence', 'DV'],
  ['clients who have experienced intimate partner violence, domestic violence', 'DV'],
  ['persons who have experienced sexual abuse', 'XA'],
  ['clients who have experienced sexual abuse', 'XA'],
  ['family counseling offered', 'FCO'],
  ['family counseling', 'FCO'],
  ['couples/family therapy', 'CFT'],
  ['mental health services', 'MHS'],
  ['case management', 'CM'],
  ['case management service', 'CM'],
  ['intensive case management', 'ICM'],
  ['employment counseling or training', 'EMP'],
  ['child care for clients’ children', 'CCC'],
  ["child care for clients' children", 'CCC'],
  ["residential beds for clients' children", 'BC'],
  ['transportation assistance', 'TA'],
  ['services for the deaf and hard of hearing', 'AH'],
  ['sign language services for the deaf and hard of hearing', 'AH'],
  ['spanish', 'SP'],
  ['arabic', 'F4'],
  ['any chinese language', 'F17'],
  ['chinese', 'F17'],
  ['creole', 'F19'],
  ['farsi', 'F25'],
  ['french', 'F28'],
  ['german', 'F30'],
  ['greek', 'F31'],
  ['hebrew', 'F35'],
  ['hindi', 'F36'],
  ['hmong', 'F37'],
  ['italian', 'F42'],
  ['japanese', 'F43'],
  ['korean', 'F47'],
  ['polish', 'F66'],
  ['portuguese', 'F67'],
  ['russian', 'F70'],
  ['tagalog', 'F81'],
  ['vietnamese', 'F92'],
  ['ojibwa', 'N24'],
  ['yupik', 'N40'],
];

/** Locator words (lower case, single spaces) to directory codes. */
export const LOCATOR_WORD_CODES: ReadonlyMap<string, string> = new Map(WORDS);

/** Categories whose words are treatment approaches, kept as therapies by name. */
const THERAPY_KEYS = new Set(['TAP']);

const text = z.union([z.string(), z.number()]).nullish();

/** The fields of a locator JSON row we read; anything else in the row is ignored. */
export const LocatorJsonRowSchema = z.object({
  frid: text,
  name1: text,
  name2: text,
  street1: text,
  street2: text,
  city: text,
  state: text,
  zip: text,
  phone: text,
  intake1: text,
  website: text,
  latitude: text,
  longitude: text,
  typeFacility: text,
  type_facility: text,
  services: z
    .array(z.object({ f1: z.string().nullish(), f2: z.string().nullish(), f3: z.string().nullish() }))
    .nullish(),
});
export type LocatorJsonRow = z.infer<typeof LocatorJsonRowSchema>;

function asText(value: string | number | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const result = String(value).trim();
  return result === '' ? null : result;
}

function asNumber(value: string | number | null | undefined): number | null {
  const result = asText(value);
  if (result === null) return null;
  const number = Number(result);
  return Number.isFinite(number) ? number : null;
}

function normalizeWords(value: string): string {
  return value.replace(/\s+/g, ' ').trim().toLowerCase();
}

/** A locator JSON row as a listing. Words that name nothing we act on are dropped. */
export function listingFromLocatorJson(row: LocatorJsonRow): FacilityListing {
  const codes = new Set<string>();
  const therapyNames: string[] = [];
  for (const service of row.services ?? []) {
    const key = (service.f2 ?? '').trim().toUpperCase();
    for (const word of (service.f3 ?? '').split(';')) {
      const normalized = normalizeWords(word);
      if (normalized === '') continue;
      const code = LOCATOR_WORD_CODES.get(normalized);
      if (code) codes.add(code);
      if (THERAPY_KEYS.has(key)) therapyNames.push(word.trim());
    }
  }
  const type = (asText(row.typeFacility) ?? asText(row.type_facility) ?? '').toUpperCase();
  const kind: FacilityKind = type === 'MH' ? 'MH' : 'SU';
  return {
    name1: asText(row.name1),
    name2: asText(row.name2),
    street1: asText(row.street1),
    street2: asText(row.street2),
    city: asText(row.city),
    state: asText(row.state),
    zip: asText(row.zip),
    phone: asText(row.phone),
    intakePhone: asText(row.intake1),
    website: asText(row.website),
    lat: asNumber(row.latitude),
    lon: asNumber(row.longitude),
    kind,
    codes: [...codes],
    therapyNames,
  };
}
