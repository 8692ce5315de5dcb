import { describe, expect, it } from 'vitest';
import { buildCodeReference, LOCATOR_CODE_NAMES } from './samhsa-codes.js';
import { listingFromLocatorJson } from './samhsa-locator-json.js';
import {
  type FacilityListing,
  type ListingContext,
  normalizeZip,
  programsFromListing,
  settingsOfCodes,
} from './samhsa.js';

/** A reference sheet as a directory workbook has one (a small part of it). */
const REFERENCE = buildCodeReference(
  [
    ['TC', 'SA', 'Substance use treatment'],
    ['TC', 'SUMH', 'Treatment for co-occurring substance use plus serious mental illness'],
    ['SET', 'OP', 'Outpatient'],
    ['SET', 'OIT', 'Intensive outpatient treatment'],
    ['SET', 'ORT', 'Regular outpatient treatment'],
    ['SET', 'ODT', 'Outpatient day treatment or partial hospitalization'],
    ['SET', 'RES', 'Residential/24-hour residential'],
    ['SET', 'RD', 'Residential detoxification'],
    ['SET', 'RS', 'Short-term residential'],
    ['OT', 'MOA', 'Accepts clients using MAT but prescribed elsewhere'],
    ['OT', 'UB', 'Prescribes buprenorphine'],
    ['OT', 'NMOA', 'Does not use MAT for opioid use disorders'],
    ['TAP', 'CBT', 'Cognitive behavioral therapy'],
    ['TAP', 'TELE', 'Telemedicine/telehealth therapy'],
    ['PAY', 'MD', 'Medicaid'],
    ['PYAS', 'SS', 'Sliding fee scale'],
    ['SG', 'VET', 'Veterans'],
    ['SL', 'SP', 'Spanish'],
    ['OL', 'F99', 'Klingon'],
    ['AS', 'TA', 'Transportation assistance'],
    ['ECS', 'FCO', 'Family counseling'],
  ].map(([category, code, name]) => ({
    category: category as string,
    code: ` ${code as string}  `,
    name: name as string,
  })),
);

const CONTEXT: ListingContext = {
  source: 'samhsa-directory',
  file: 'directory.xlsx',
  edition: '2023',
  reference: REFERENCE,
  zipCentroid: (zip) => (zip === '02139' ? { lat: 42.36, lon: -71.1 } : undefined),
};

function listing(codes: string, overrides: Partial<FacilityListing> = {}): FacilityListing {
  return {
    name1: 'Harbor House',
    name2: 'Outpatient Clinic',
    street1: '1 Main St.',
    street2: null,
    city: 'Cambridge',
    state: 'ma',
    zip: '2139',
    phone: '617-555-0100',
    intakePhone: null,
    website: null,
    lat: null,
    lon: null,
    kind: 'SU',
    codes: codes.split(/[\s*]+/).filter(Boolean),
    ...overrides,
  };
}

describe('SAMHSA listings to programs', () => {
  it('makes one program per setting, with stable ids and the facts the codes give', () => {
    const outcome = programsFromListing(
      listing('SA SUMH * OP OIT ORT * RES RS RD * MOA UB * CBT TELE * MD SS * VET * SP F99 * TA FCO * BOGUS'),
      CONTEXT,
    );
    if (!outcome.ok) throw new Error(outcome.reason);
    expect(outcome.programs.map((p) => p.program.setting)).toEqual([
      'op',
      'iop',
      'residential',
      'withdrawal-management',
    ]);
    expect(outcome.unknownCodes).toEqual(['BOGUS']);
    const iop = outcome.programs[1]?.program;
    expect(iop).toMatchObject({
      name: 'Harbor House — Outpatient Clinic',
      therapies: ['Cognitive behavioral therapy'],
      coOccurring: true,
      populations: ['veterans'],
      languages: ['en', 'es', 'Klingon'],
      payment: ['medicaid', 'sliding-scale'],
      telehealth: true,
      tracks: [],
      acceptingNewClients: { value: null, confirmedAt: null },
      provenance: { source: 'samhsa-directory', file: 'directory.xlsx', edition: '2023' },
    });
    expect(iop?.services).toMatchObject({
      moud: ['buprenorphine'],
      acceptsMoudFromElsewhere: true,
      transportHelp: true,
      familyCounselling: true,
      childCare: false,
    });
    expect(iop?.location).toEqual({
      street1: '1 Main St.',
      street2: null,
      city: 'Cambridge',
      state: 'MA',
      zip: '02139',
      lat: 42.36,
      lon: -71.1,
      approximate: true,
    });
    const again = programsFromListing(listing('SA * OIT'), CONTEXT);
    const twin = programsFromListing(listing('SA * OIT', { name1: 'harbor  house', street1: '1 Main St' }), CONTEXT);
    expect(again.ok && twin.ok && again.programs[0]?.program.id === twin.programs[0]?.program.id).toBe(true);
    expect(again.ok && again.programs[0]?.program.id === iop?.id).toBe(true);
    const second = programsFromListing(listing('SA * OIT'), CONTEXT, 2);
    expect(second.ok && second.programs[0]?.program.id !== iop?.id).toBe(true);
  });

  it('reads umbrella setting codes only when nothing beneath them is listed', () => {
    expect(settingsOfCodes(new Set(['OP']))).toEqual(['op']);
    expect(settingsOfCodes(new Set(['OP', 'OIT']))).toEqual(['iop']);
    expect(settingsOfCodes(new Set(['RES', 'RD']))).toEqual(['withdrawal-management']);
    expect(settingsOfCodes(new Set(['RES']))).toEqual(['residential']);
    expect(settingsOfCodes(new Set(['HI', 'HID']))).toEqual(['withdrawal-management']);
    expect(settingsOfCodes(new Set(['HI', 'HIT']))).toEqual(['inpatient']);
    expect(settingsOfCodes(new Set(['PHDT']))).toEqual(['php']);
    expect(settingsOfCodes(new Set(['HH', 'SA']))).toEqual([]);
  });

  it('says why a listing gives no program', () => {
    expect(programsFromListing(listing('SA * OIT', { name1: '  ' }), CONTEXT)).toEqual({
      ok: false,
      reason: 'the facility has no name',
    });
    expect(programsFromListing(listing(''), CONTEXT)).toEqual({
      ok: false,
      reason: 'the facility lists no service codes',
    });
    expect(programsFromListing(listing('SA * HH'), CONTEXT)).toEqual({
      ok: false,
      reason: 'no treatment setting Stepdown lists (such as housing only)',
    });
    expect(programsFromListing(listing('MH * OP', { kind: 'MH' }), CONTEXT)).toMatchObject({
      ok: false,
      reason: 'a mental health facility that does not treat substance use',
    });
  });

  it('lets "does not use MOUD" override medication codes, and keeps SAMHSA coordinates as exact', () => {
    const outcome = programsFromListing(listing('SA * OIT * NMOA MOA UB', { lat: 42.1, lon: -71.2 }), CONTEXT);
    if (!outcome.ok) throw new Error(outcome.reason);
    const program = outcome.programs[0]?.program;
    expect(program?.services.moud).toEqual([]);
    expect(program?.services.acceptsMoudFromElsewhere).toBe(false);
    expect(program?.location).toMatchObject({ lat: 42.1, lon: -71.2, approximate: false });
  });

  it('normalises ZIP codes as spreadsheets mangle them', () => {
    expect(['2139', '02139', '02139-1234', '021391234', ' 2139 ', 'ABCDE', '12', null].map(normalizeZip)).toEqual([
      '02139',
      '02139',
      '02139',
      '02139',
      '02139',
      null,
      null,
      null,
    ]);
  });

  it('reads a locator JSON row by the words of its services', () => {
    const row = listingFromLocatorJson({
      name1: 'Region Clinic',
      zip: '22902',
      latitude: '38.02',
      longitude: '-78.47',
      typeFacility: 'SA',
      services: [
        { f1: 'Type of Care', f2: 'TC', f3: 'Substance use treatment' },
        { f1: 'Settings', f2: 'SET', f3: 'Outpatient; Intensive outpatient treatment' },
        { f1: 'Opioid', f2: 'OT', f3: 'Accepts clients on opioid medication' },
        { f1: 'Approaches', f2: 'TAP', f3: 'Cognitive behavioral therapy; Telemedicine/telehealth' },
        { f1: 'Pay', f2: 'PAY', f3: 'Medicaid;   Private health insurance' },
        { f1: 'Languages', f2: 'OL', f3: 'Spanish' },
      ],
    });
    expect(row).toMatchObject({ kind: 'SU', lat: 38.02, lon: -78.47 });
    expect([...row.codes].sort()).toEqual(['MD', 'MOA', 'OIT', 'OP', 'PI', 'SA', 'SP', 'TELE']);
    const outcome = programsFromListing(row, {
      ...CONTEXT,
      source: 'samhsa-locator',
      reference: buildCodeReference(LOCATOR_CODE_NAMES, false),
    });
    if (!outcome.ok) throw new Error(outcome.reason);
    expect(outcome.programs.map((p) => p.program.setting)).toEqual(['iop']);
    expect(outcome.programs[0]?.program.therapies).toEqual(['Cognitive behavioral therapy']);
    expect(outcome.programs[0]?.program.telehealth).toBe(true);
  });
});
