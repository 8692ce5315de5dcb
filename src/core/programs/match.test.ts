import { describe, expect, it } from 'vitest';
import type { WeeklyTime } from '../schedule/weekly-time.js';
import { buildProgramIndex, matchPrograms, type MatchResult } from './match.js';
import type { MatchRequest } from './match-request.js';
import { matchProgramsByScan } from './match-scan.js';
import { NO_SERVICES, type Program, type Track } from './program.js';
import { stableId } from './stable-id.js';

const HOME = { lat: 40.0, lon: -75.0 };
const MILES_PER_DEGREE = (6371 * Math.PI) / 180 / 1.609344;

const EVENING: Track = {
  name: 'Evening track',
  slots: ['mon', 'wed', 'thu'].map((day) => ({ day: day as 'mon', start: '18:00', end: '21:00' })),
};
const MORNING: Track = {
  name: 'Morning track',
  slots: [
    { day: 'tue', start: '09:00', end: '12:00' },
    { day: 'thu', start: '09:00', end: '12:00' },
    { day: 'sat', start: '09:00', end: '12:00' },
  ],
};

function program(name: string, milesNorth: number, overrides: Partial<Program> = {}): Program {
  const setting = overrides.setting ?? 'iop';
  return {
    id: stableId('match-test', name, setting),
    name,
    setting,
    tracks: [EVENING],
    typicalDurationWeeks: 12,
    therapies: [],
    services: NO_SERVICES,
    coOccurring: false,
    populations: ['adults'],
    languages: ['en'],
    payment: ['medicaid'],
    telehealth: false,
    location: {
      street1: null,
      street2: null,
      city: null,
      state: 'PA',
      zip: null,
      lat: HOME.lat + milesNorth / MILES_PER_DEGREE,
      lon: HOME.lon,
      approximate: false,
    },
    contact: { phone: null, intakePhone: null, website: null },
    acceptingNewClients: { value: null, confirmedAt: null },
    provenance: { source: 'stepdown', file: 'test', edition: '2025' },
    ...overrides,
  };
}

const EVENINGS_FREE: WeeklyTime = {
  slots: ['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => ({ day: day as 'mon', start: '17:00', end: '22:00' })),
};

function request(overrides: Partial<MatchRequest> = {}): MatchRequest {
  return { location: HOME, radiusMiles: 10, setting: 'iop', availability: EVENINGS_FREE, ...overrides };
}

function match(programs: Program[], overrides: Partial<MatchRequest> = {}): MatchResult[] {
  const results = matchPrograms(buildProgramIndex(programs), request(overrides));
  // The index must give exactly the answer of the plain scan.
  expect(results).toEqual(matchProgramsByScan(programs, request(overrides)));
  return results;
}

const names = (results: MatchResult[]) => results.map((result) => result.program.name);

describe('schedule fit', () => {
  it('explains a track that fits the week entirely', () => {
    const [result] = match([program('Fits', 2)]);
    expect(result?.scheduleFit).toBe('fits');
    expect(result?.bestTrack).toEqual({ name: 'Evening track', minutesPerWeek: 540 });
    expect(result?.fit[0]).toBe('Evening track Mon/Wed/Thu 6-9 pm fits your week (9 hours a week)');
    expect(result?.conflicts).toEqual([]);
  });

  it('picks the track that fits among several, and names each conflicting session of a partial fit', () => {
    const [both] = match([program('Two tracks', 2, { tracks: [MORNING, EVENING] })]);
    expect(both?.bestTrack?.name).toBe('Evening track');
    const mornings = match([program('Mornings', 2, { tracks: [MORNING] })], {
      availability: {
        slots: [
          { day: 'tue', start: '08:00', end: '12:00' },
          { day: 'sat', start: '10:00', end: '12:00' },
        ],
      },
    });
    expect(mornings[0]?.scheduleFit).toBe('partial');
    expect(mornings[0]?.fit[0]).toBe('Morning track: 1 of 3 sessions fit your week');
    expect(mornings[0]?.conflicts).toEqual([
      'Thursday session 9 am-12 pm is at a time you are busy',
      'Saturday session 9 am-12 pm is at a time you are busy',
    ]);
    const none = match([program('Mornings', 2, { tracks: [MORNING] })]);
    expect(none[0]?.scheduleFit).toBe('none');
    expect(none[0]?.conflicts).toHaveLength(3);
  });

  it('says when session times are unknown, and when no week was given', () => {
    const [unknown] = match([program('No times', 2, { tracks: [] })]);
    expect(unknown?.scheduleFit).toBe('unknown');
    expect(unknown?.notes).toContain('Session times are not on file: ask the program when groups meet');
    const [notAsked] = match([program('Fits', 2)], { availability: undefined });
    expect(notAsked?.scheduleFit).toBe('not-asked');
    expect(notAsked?.bestTrack?.name).toBe('Evening track');
  });
});

describe('hard filters', () => {
  it('keeps only the setting asked for', () => {
    expect(names(match([program('IOP', 1), program('PHP', 1, { setting: 'php' })]))).toEqual(['IOP']);
  });

  it('leaves out programs beyond the radius, unless telehealth is fine and they offer it', () => {
    const programs = [
      program('Near', 4),
      program('Far', 40),
      program('Far telehealth', 40, { telehealth: true }),
      program('Nowhere telehealth', 0, {
        telehealth: true,
        location: { ...program('x', 0).location, lat: null, lon: null },
      }),
    ];
    expect(names(match(programs))).toEqual(['Near']);
    const withTelehealth = match(programs, { telehealthOk: true });
    expect(names(withTelehealth)).toEqual(['Near', 'Far telehealth', 'Nowhere telehealth']);
    expect(withTelehealth[1]?.fit).toContain('offers telehealth (40.0 miles away)');
    expect(withTelehealth[2]?.distanceMiles).toBeNull();
  });

  it('lets telehealth reach only across the person’s state when it is known', () => {
    const programs = [
      program('Far in state', 40, { telehealth: true }),
      program('Far across the border', 45, {
        telehealth: true,
        location: { ...program('x', 45).location, state: 'NJ' },
      }),
    ];
    expect(names(match(programs, { telehealthOk: true }))).toEqual(['Far in state', 'Far across the border']);
    expect(names(match(programs, { telehealthOk: true, state: 'PA' }))).toEqual(['Far in state']);
    expect(names(match(programs, { telehealthOk: true, state: 'NJ' }))).toEqual(['Far across the border']);
  });

  it('finds programs across the antimeridian and near the poles', () => {
    const fiji = program('Fiji', 0, { location: { ...program('x', 0).location, lat: -17.8, lon: 179.95 } });
    const samoa = program('Across the line', 0, {
      location: { ...program('x', 0).location, lat: -17.8, lon: -179.95 },
    });
    const near = match([fiji, samoa], { location: { lat: -17.8, lon: 179.99 }, radiusMiles: 20 });
    expect(names(near)).toEqual(['Fiji', 'Across the line']);
    const north = program('Far north', 0, { location: { ...program('x', 0).location, lat: 89.9, lon: 10 } });
    expect(names(match([north], { location: { lat: 89.95, lon: -170 }, radiusMiles: 20 }))).toEqual(['Far north']);
  });

  it('requires the payment, language and population asked for', () => {
    const programs = [
      program('Medicaid', 1),
      program('Private', 1, { payment: ['private-insurance'] }),
      program('Spanish', 2, { languages: ['en', 'es'], payment: ['private-insurance'] }),
      program('Veterans', 3, { populations: ['adults', 'veterans'] }),
    ];
    const medicaid = match(programs, { needs: { payment: 'medicaid' } });
    expect(names(medicaid)).toEqual(['Medicaid', 'Veterans']);
    expect(medicaid[0]?.fit).toContain('accepts Medicaid');
    expect(names(match(programs, { needs: { language: 'es' } }))).toEqual(['Spanish']);
    expect(match(programs, { needs: { language: 'Spanish' } })[0]?.fit).toContain('offers services in Spanish');
    expect(match(programs, { needs: { language: 'Klingon' } })).toEqual([]);
    expect(names(match(programs, { needs: { population: 'veterans' } }))).toEqual(['Veterans']);
  });

  it('keeps a person on buprenorphine away from programs that would stop it', () => {
    const programs = [
      program('Accepts MOUD from elsewhere', 1, { services: { ...NO_SERVICES, acceptsMoudFromElsewhere: true } }),
      program('Prescribes buprenorphine', 2, { services: { ...NO_SERVICES, moud: ['buprenorphine'] } }),
      program('Naltrexone only', 3, { services: { ...NO_SERVICES, moud: ['naltrexone'] } }),
      program('No MOUD', 4),
    ];
    const results = match(programs, { needs: { medicationContinuity: 'buprenorphine' } });
    expect(names(results)).toEqual(['Accepts MOUD from elsewhere', 'Prescribes buprenorphine']);
    expect(results[0]?.fit).toContain('accepts people on buprenorphine');
    expect(names(match(programs, { needs: { medicationContinuity: 'naltrexone' } }))).toEqual([
      'Accepts MOUD from elsewhere',
      'Naltrexone only',
    ]);
  });

  it('leaves out programs that say they are full, and says when nobody has confirmed', () => {
    const programs = [
      program('Full', 1, { acceptingNewClients: { value: false, confirmedAt: '2025-01-02' } }),
      program('Open', 2, { acceptingNewClients: { value: true, confirmedAt: '2025-01-02' } }),
      program('Unknown', 3),
    ];
    const results = match(programs);
    expect(names(results)).toEqual(['Open', 'Unknown']);
    expect(results[0]?.fit).toContain('taking new clients (confirmed 2025-01-02)');
    expect(results[1]?.notes).toContain('Not confirmed whether they are taking new clients: call to ask');
  });
});

describe('ranking', () => {
  it('ranks a full schedule fit above a partial fit above unknown times, then by distance', () => {
    const programs = [
      program('Unknown times, nearest', 0.5, { tracks: [] }),
      program('Partial fit', 1, {
        tracks: [
          MORNING,
          { name: 'Mixed', slots: [...EVENING.slots.slice(0, 2), MORNING.slots[0] as Track['slots'][number]] },
        ],
      }),
      program('Fits, farther', 8),
      program('Fits, near', 3),
    ];
    expect(names(match(programs))).toEqual(['Fits, near', 'Fits, farther', 'Partial fit', 'Unknown times, nearest']);
  });

  it('ranks co-occurring capable programs first when the person needs it, and says when one is not', () => {
    const programs = [program('Plain', 1), program('Co-occurring', 2, { coOccurring: true })];
    expect(names(match(programs))).toEqual(['Plain', 'Co-occurring']);
    const results = match(programs, { needs: { coOccurring: true } });
    expect(names(results)).toEqual(['Co-occurring', 'Plain']);
    expect(results[1]?.conflicts).toContain('does not list care for mental health alongside substance use');
  });

  it('returns at most `limit` results, the best ones, in a stable order', () => {
    const programs = Array.from({ length: 30 }, (_, i) =>
      program(`Program ${String(i).padStart(2, '0')}`, 9 - i * 0.25),
    );
    const top = match(programs, { limit: 5 });
    expect(names(top)).toEqual(['Program 29', 'Program 28', 'Program 27', 'Program 26', 'Program 25']);
    expect(match([...programs].reverse(), { limit: 5 })).toEqual(top);
  });

  it('says a distance from a ZIP centre is approximate', () => {
    const approximate = program('Approximate', 2);
    approximate.location = { ...approximate.location, approximate: true };
    expect(match([approximate])[0]?.fit).toContain('about 2.0 miles (from the ZIP code centre)');
  });
});
