/**
 * From a SAMHSA listing (a National Directory row, a locator CSV row or a locator JSON row, each
 * reduced to its codes) to our programs: one program per setting the facility offers, each with a
 * stable id, so a later file updates rather than duplicates. Pure: the caller reads the files and
 * supplies ZIP centroids.
 */
import {
  ACCEPTS_MOUD_CODE,
  CO_OCCURRING_CODES,
  type CodeReference,
  LANGUAGE_CATEGORIES,
  LANGUAGE_TAGS,
  MOUD_CODES,
  NO_MOUD_CODE,
  PAYMENT_CODES,
  POPULATION_CODES,
  SERVICE_CODES,
  SETTING_CODES,
  SUBSTANCE_USE_CODES,
  TELEHEALTH_CODE,
  THERAPY_CATEGORIES,
  UMBRELLA_CODES,
} from './samhsa-codes.js';
import {
  MOUD,
  PAYMENTS,
  POPULATIONS,
  PROGRAM_SETTINGS,
  type Program,
  type ProgramLocation,
  type ProgramServices,
  type ProgramSetting,
} from './program.js';
import { normalizeKeyPart, stableId } from './stable-id.js';

/** SU: the substance use directory (or a locator row of that type); MH: mental health. */
export type FacilityKind = 'SU' | 'MH';

/** One facility as any SAMHSA format lists it, reduced to text fields and codes. */
export interface FacilityListing {
  name1: string | null;
  name2: string | null;
  street1: string | null;
  street2: string | null;
  city: string | null;
  state: string | null;
  zip: string | null;
  phone: string | null;
  intakePhone: string | null;
  website: string | null;
  lat: number | null;
  lon: number | null;
  kind: FacilityKind;
  /** Service codes as listed (any case). */
  codes: readonly string[];
  /** Treatment approaches the source names in words rather than codes (locator JSON). */
  therapyNames?: readonly string[];
}

export interface ListingContext {
  source: 'samhsa-directory' | 'samhsa-locator';
  file: string;
  edition: string;
  reference: CodeReference;
  /** The centre of a 5-digit ZIP code, for listings without coordinates. */
  zipCentroid(zip: string): { lat: number; lon: number } | undefined;
}

export interface ImportedProgram {
  program: Program;
  /** The facility's key within its source; with the setting it makes the program's id. */
  facilityKey: string;
  /** One Location per facility, shared by its programs (FHIR Location). */
  locationId: string;
}

export type ListingOutcome =
  | { ok: true; programs: ImportedProgram[]; unknownCodes: string[] }
  | { ok: false; reason: string };

/** A 5-digit ZIP from what spreadsheets make of one: `2139` (lost zero), `02139-1234`, `021391234`. */
export function normalizeZip(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const digits = value.trim().split('-')[0]?.replace(/\s/g, '') ?? '';
  if (!/^\d+$/.test(digits)) return null;
  if (digits.length === 9) return digits.slice(0, 5);
  if (digits.length >= 3 && digits.length <= 5) return digits.padStart(5, '0');
  return null;
}

function clean(value: string | null | undefined, max: number): string | null {
  if (value === null || value === undefined) return null;
  const text = value.replace(/\s+/g, ' ').trim();
  return text === '' ? null : text.slice(0, max);
}

/** The facility's identity within a source: normalised name, address and kind. */
export function facilityKey(listing: FacilityListing): string {
  return [
    listing.kind,
    normalizeKeyPart(listing.name1),
    normalizeKeyPart(listing.name2),
    normalizeKeyPart(listing.street1),
    normalizeKeyPart(listing.city),
    normalizeKeyPart(listing.state),
    normalizeZip(listing.zip) ?? '',
  ].join('|');
}

/** The settings a set of codes offers, in our order. */
export function settingsOfCodes(codes: ReadonlySet<string>): ProgramSetting[] {
  const found = new Set<ProgramSetting>();
  for (const code of codes) {
    const setting = SETTING_CODES[code];
    if (setting) found.add(setting);
  }
  for (const [code, umbrella] of Object.entries(UMBRELLA_CODES)) {
    if (codes.has(code) && !umbrella.children.some((child) => codes.has(child))) found.add(umbrella.setting);
  }
  return PROGRAM_SETTINGS.filter((setting) => found.has(setting));
}

/** The values a table gives the codes, once each, in the order of `all`. */
function mappedValues<T>(codes: ReadonlySet<string>, table: Readonly<Record<string, T>>, all: readonly T[]): T[] {
  const found = new Set<T>();
  for (const code of codes) {
    const value = table[code];
    if (value !== undefined) found.add(value);
  }
  return all.filter((value) => found.has(value));
}

function servicesOf(codes: ReadonlySet<string>): ProgramServices {
  const any = (list: readonly string[]) => list.some((code) => codes.has(code));
  const noMoud = codes.has(NO_MOUD_CODE);
  return {
    familyCounselling: any(SERVICE_CODES.familyCounselling),
    psychiatricCare: any(SERVICE_CODES.psychiatricCare),
    moud: noMoud ? [] : MOUD.filter((medication) => any(MOUD_CODES[medication])),
    audMedication: any(SERVICE_CODES.audMedication),
    acceptsMoudFromElsewhere: !noMoud && codes.has(ACCEPTS_MOUD_CODE),
    caseManagement: any(SERVICE_CODES.caseManagement),
    vocationalHelp: any(SERVICE_CODES.vocationalHelp),
    childCare: any(SERVICE_CODES.childCare),
    transportHelp: any(SERVICE_CODES.transportHelp),
    recoveryHousing: any(SERVICE_CODES.recoveryHousing),
  };
}

function languagesOf(codes: ReadonlySet<string>, reference: CodeReference): string[] {
  const languages = new Set<string>(['en']);
  for (const code of codes) {
    const entry = reference.codes.get(code);
    const known = code in LANGUAGE_TAGS;
    if (!known && !(entry && LANGUAGE_CATEGORIES.includes(entry.category))) continue;
    const tag = known ? LANGUAGE_TAGS[code] : entry?.name;
    if (tag) languages.add(tag);
  }
  return [...languages];
}

function therapiesOf(codes: ReadonlySet<string>, reference: CodeReference, named: readonly string[]): string[] {
  const therapies = new Set<string>();
  for (const code of codes) {
    const entry = reference.codes.get(code);
    if (entry && THERAPY_CATEGORIES.includes(entry.category) && code !== TELEHEALTH_CODE) therapies.add(entry.name);
  }
  for (const name of named) {
    const text = clean(name, 200);
    if (text && !/telehealth|telemedicine/i.test(text)) therapies.add(text);
  }
  return [...therapies].sort((a, b) => a.localeCompare(b));
}

function locationOf(listing: FacilityListing, context: ListingContext): ProgramLocation {
  const zip = normalizeZip(listing.zip);
  const hasPoint =
    listing.lat !== null &&
    listing.lon !== null &&
    Number.isFinite(listing.lat) &&
    Number.isFinite(listing.lon) &&
    Math.abs(listing.lat) <= 90 &&
    Math.abs(listing.lon) <= 180 &&
    !(listing.lat === 0 && listing.lon === 0);
  const centroid = !hasPoint && zip ? context.zipCentroid(zip) : undefined;
  return {
    street1: clean(listing.street1, 200),
    street2: clean(listing.street2, 200),
    city: clean(listing.city, 100),
    state: clean(listing.state, 2)?.toUpperCase() ?? null,
    zip,
    lat: hasPoint ? listing.lat : (centroid?.lat ?? null),
    lon: hasPoint ? listing.lon : (centroid?.lon ?? null),
    approximate: !hasPoint && centroid !== undefined,
  };
}

/**
 * The programs one listing stands for, or why it stands for none. Codes the file's own reference
 * does not define are ignored and returned, so the import can report them. `occurrence` counts
 * listings with the same name and address in one file: SAMHSA lists some sites twice with
 * different services (two programs in one building), and each keeps its own identity.
 */
export function programsFromListing(listing: FacilityListing, context: ListingContext, occurrence = 1): ListingOutcome {
  const name1 = clean(listing.name1, 200);
  if (!name1) return { ok: false, reason: 'the facility has no name' };
  const listed = listing.codes.map((code) => code.trim().toUpperCase()).filter((code) => code !== '');
  if (listed.length === 0) return { ok: false, reason: 'the facility lists no service codes' };
  const unknownCodes = context.reference.fromFile ? listed.filter((code) => !context.reference.codes.has(code)) : [];
  const codes = new Set(
    context.reference.fromFile ? listed.filter((code) => context.reference.codes.has(code)) : listed,
  );
  if (listing.kind === 'MH' && !SUBSTANCE_USE_CODES.some((code) => codes.has(code))) {
    return { ok: false, reason: 'a mental health facility that does not treat substance use' };
  }
  const settings = settingsOfCodes(codes);
  if (settings.length === 0) return { ok: false, reason: 'no treatment setting Stepdown lists (such as housing only)' };

  const key = occurrence > 1 ? `${facilityKey(listing)}#${occurrence}` : facilityKey(listing);
  const name2 = clean(listing.name2, 200);
  const services = servicesOf(codes);
  const shared = {
    name: name2 && name2.toLowerCase() !== name1.toLowerCase() ? `${name1} — ${name2}` : name1,
    tracks: [],
    typicalDurationWeeks: null,
    therapies: therapiesOf(codes, context.reference, listing.therapyNames ?? []),
    services,
    coOccurring: CO_OCCURRING_CODES.some((code) => codes.has(code)),
    populations: mappedValues(codes, POPULATION_CODES, POPULATIONS),
    languages: languagesOf(codes, context.reference),
    payment: mappedValues(codes, PAYMENT_CODES, PAYMENTS),
    telehealth: codes.has(TELEHEALTH_CODE),
    location: locationOf(listing, context),
    contact: {
      phone: clean(listing.phone, 40),
      intakePhone: clean(listing.intakePhone, 40),
      website: clean(listing.website, 500),
    },
    acceptingNewClients: { value: null, confirmedAt: null },
    provenance: { source: context.source, file: context.file, edition: context.edition },
  } satisfies Omit<Program, 'id' | 'setting'>;
  const locationId = stableId(context.source, key, 'location');
  return {
    ok: true,
    unknownCodes,
    programs: settings.map((setting) => ({
      program: { id: stableId(context.source, key, setting), setting, ...shared },
      facilityKey: key,
      locationId,
    })),
  };
}
