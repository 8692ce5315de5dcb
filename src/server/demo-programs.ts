/**
 * Demo programs near the demo clinic (Springfield, MA 01103), so a fresh `npm start` shows matches
 * with session tracks. Every name ends in "(demo)", phone numbers are in the 555-01xx range kept for
 * fiction, and the provenance says "demo data: not a real program".
 */
import { NO_SERVICES, type Program } from '../core/programs/program.js';
import { stableId } from '../core/programs/stable-id.js';
import type { Executor } from '../storage/executor.js';
import { insertImportedPrograms } from '../storage/programs.js';

/** The ZIP code to search from to see the demo programs. */
export const DEMO_ZIP = '01103';

/** The id a demo program gets, from its name and setting (the same on every seed). */
export function demoProgramId(name: string, setting: Program['setting']): string {
  return stableId('stepdown-demo', `demo|${name}`, setting);
}

/** The demo IOP the demo client's plan refers to. */
export const DEMO_REFERRAL_PROGRAM = { name: 'Maple Street Recovery Center (demo)', setting: 'iop' } as const;

type DemoProgram = Omit<Program, 'id' | 'provenance' | 'contact' | 'location'> & {
  street: string;
  lat: number;
  lon: number;
  phone: string;
};

const DEMO_PROGRAMS: DemoProgram[] = [
  {
    name: 'Maple Street Recovery Center (demo)',
    setting: 'iop',
    tracks: [
      {
        name: 'Evening track',
        slots: [
          { day: 'mon', start: '18:00', end: '21:00' },
          { day: 'wed', start: '18:00', end: '21:00' },
          { day: 'thu', start: '18:00', end: '21:00' },
        ],
      },
      {
        name: 'Morning track',
        slots: [
          { day: 'tue', start: '09:00', end: '12:00' },
          { day: 'thu', start: '09:00', end: '12:00' },
          { day: 'sat', start: '09:00', end: '12:00' },
        ],
      },
    ],
    typicalDurationWeeks: 12,
    therapies: ['Cognitive behavioral therapy', 'Motivational interviewing', 'Relapse prevention'],
    services: {
      ...NO_SERVICES,
      acceptsMoudFromElsewhere: true,
      moud: ['buprenorphine'],
      familyCounselling: true,
      caseManagement: true,
      recoveryHousing: true,
    },
    coOccurring: true,
    populations: ['adults', 'young-adults'],
    languages: ['en', 'es'],
    payment: ['medicaid', 'private-insurance', 'self-pay', 'sliding-scale'],
    telehealth: false,
    acceptingNewClients: { value: null, confirmedAt: null },
    street: '12 Maple Street',
    lat: 42.1043,
    lon: -72.5874,
    phone: '(555) 010-0111',
  },
  {
    name: 'Riverbend Day Program (demo)',
    setting: 'php',
    tracks: [
      {
        name: 'Day track',
        slots: ['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => ({
          day: day as 'mon',
          start: '09:00',
          end: '14:00',
        })),
      },
    ],
    typicalDurationWeeks: 4,
    therapies: ['Cognitive behavioral therapy', 'Dialectical behavior therapy', 'Group therapy'],
    services: {
      ...NO_SERVICES,
      psychiatricCare: true,
      acceptsMoudFromElsewhere: true,
      caseManagement: true,
      transportHelp: true,
    },
    coOccurring: true,
    populations: ['adults'],
    languages: ['en'],
    payment: ['medicaid', 'medicare', 'private-insurance'],
    telehealth: false,
    acceptingNewClients: { value: null, confirmedAt: null },
    street: '200 River Road',
    lat: 42.1172,
    lon: -72.6112,
    phone: '(555) 010-0122',
  },
  {
    name: 'Northgate Weekend IOP (demo)',
    setting: 'iop',
    tracks: [
      {
        name: 'Weekend track',
        slots: [
          { day: 'wed', start: '18:00', end: '20:00' },
          { day: 'sat', start: '09:00', end: '13:00' },
          { day: 'sun', start: '09:00', end: '13:00' },
        ],
      },
    ],
    typicalDurationWeeks: 10,
    therapies: ['12-step facilitation', 'Relapse prevention'],
    services: { ...NO_SERVICES, moud: ['naltrexone'], audMedication: true, vocationalHelp: true, childCare: true },
    coOccurring: false,
    populations: ['adults', 'women', 'pregnant-postpartum'],
    languages: ['en'],
    payment: ['private-insurance', 'self-pay'],
    telehealth: true,
    acceptingNewClients: { value: true, confirmedAt: null },
    street: '45 Northgate Avenue',
    lat: 42.1391,
    lon: -72.5703,
    phone: '(555) 010-0133',
  },
  {
    name: 'Harbor Light Outpatient (demo)',
    setting: 'op',
    tracks: [
      {
        name: 'Evening groups',
        slots: [
          { day: 'tue', start: '18:00', end: '19:30' },
          { day: 'thu', start: '18:00', end: '19:30' },
        ],
      },
    ],
    typicalDurationWeeks: 16,
    therapies: ['Group therapy', 'Substance use disorder counseling'],
    services: { ...NO_SERVICES, acceptsMoudFromElsewhere: true, moud: ['buprenorphine', 'naltrexone'] },
    coOccurring: true,
    populations: ['adults', 'veterans'],
    languages: ['en', 'es'],
    payment: ['medicaid', 'medicare', 'private-insurance', 'sliding-scale'],
    telehealth: true,
    acceptingNewClients: { value: null, confirmedAt: null },
    street: '8 Harbor Lane',
    lat: 42.0987,
    lon: -72.5655,
    phone: '(555) 010-0144',
  },
  {
    name: 'Westfield Virtual IOP (demo)',
    setting: 'iop',
    tracks: [
      {
        name: 'Online evening track',
        slots: [
          { day: 'tue', start: '17:30', end: '20:30' },
          { day: 'thu', start: '17:30', end: '20:30' },
          { day: 'sat', start: '10:00', end: '13:00' },
        ],
      },
    ],
    typicalDurationWeeks: 8,
    therapies: ['Cognitive behavioral therapy', 'Motivational interviewing'],
    services: { ...NO_SERVICES, acceptsMoudFromElsewhere: true },
    coOccurring: true,
    populations: ['adults'],
    languages: ['en'],
    payment: ['medicaid', 'private-insurance'],
    telehealth: true,
    acceptingNewClients: { value: null, confirmedAt: null },
    street: '310 Elm Street',
    lat: 42.1251,
    lon: -72.7495,
    phone: '(555) 010-0155',
  },
  {
    name: 'Cedar Hill Residential (demo)',
    setting: 'residential',
    tracks: [],
    typicalDurationWeeks: 4,
    therapies: ['Cognitive behavioral therapy', 'Trauma-related counseling'],
    services: { ...NO_SERVICES, acceptsMoudFromElsewhere: true, psychiatricCare: true },
    coOccurring: true,
    populations: ['adults', 'men'],
    languages: ['en'],
    payment: ['medicaid', 'private-insurance'],
    telehealth: false,
    acceptingNewClients: { value: false, confirmedAt: null },
    street: '1 Cedar Hill Road',
    lat: 42.0702,
    lon: -72.6251,
    phone: '(555) 010-0166',
  },
];

/** Writes the demo programs (inside the seeding transaction). */
export async function insertDemoPrograms(db: Executor, now: Date): Promise<void> {
  const today = now.toISOString().slice(0, 10);
  const rows = DEMO_PROGRAMS.map(({ street, lat, lon, phone, ...rest }) => {
    const key = `demo|${rest.name}`;
    const program: Program = {
      ...rest,
      id: demoProgramId(rest.name, rest.setting),
      acceptingNewClients:
        rest.acceptingNewClients.value === null
          ? rest.acceptingNewClients
          : { ...rest.acceptingNewClients, confirmedAt: today },
      location: {
        street1: street,
        street2: null,
        city: 'Springfield',
        state: 'MA',
        zip: DEMO_ZIP,
        lat,
        lon,
        approximate: false,
      },
      contact: { phone, intakePhone: null, website: null },
      provenance: { source: 'stepdown-demo', file: 'seed', edition: today.slice(0, 4) },
    };
    return { program, facilityKey: key, locationId: stableId('stepdown-demo', key, 'location') };
  });
  await insertImportedPrograms(db, rows, now.toISOString());
}
