/**
 * Invariants of matching over random directories and requests: the index answers exactly as the
 * plain scan; a program that breaks a hard filter never appears, and one that passes them all does;
 * widening the person's free time never removes a match nor lowers its fit or score; the same
 * input gives the same output.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DAYS, type Slot, type WeeklyTime } from '../schedule/weekly-time.js';
import { buildProgramIndex, matchPrograms, type ScheduleFit } from './match.js';
import type { MatchRequest } from './match-request.js';
import { MATCH_LANGUAGES } from './match-wording.js';
import { matchProgramsByScan } from './match-scan.js';
import { offersLanguage } from './labels.js';
import { MOUD, NO_SERVICES, PAYMENTS, POPULATIONS, PROGRAM_SETTINGS, type Program } from './program.js';
import { stableId } from './stable-id.js';

const CENTRE = { lat: 41.5, lon: -81.7 };
const KM_PER_MILE = 1.609344;

function haversineMiles(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = Math.PI / 180;
  const h =
    Math.sin(((b.lat - a.lat) * rad) / 2) ** 2 +
    Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(((b.lon - a.lon) * rad) / 2) ** 2;
  return (2 * 6371 * Math.asin(Math.sqrt(h))) / KM_PER_MILE;
}

const time = fc.integer({ min: 0, max: 47 }).map((half) => half * 30);
const hhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

const slot: fc.Arbitrary<Slot> = fc
  .tuple(fc.constantFrom(...DAYS), time, fc.integer({ min: 1, max: 8 }))
  .map(([day, start, halves]) => ({ day, start: hhmm(start), end: hhmm(Math.min(start + halves * 30, 1440)) }));

/** Sessions of a track must not overlap; keep one per day. */
const trackSlots = fc
  .uniqueArray(slot, { minLength: 1, maxLength: 4, selector: (s) => s.day })
  .map((slots) => slots.sort((a, b) => DAYS.indexOf(a.day) - DAYS.indexOf(b.day)));

const availability: fc.Arbitrary<WeeklyTime> = fc.array(slot, { maxLength: 10 }).map((slots) => ({ slots }));

const program: fc.Arbitrary<Program> = fc
  .record({
    n: fc.nat(),
    setting: fc.constantFrom(...PROGRAM_SETTINGS.slice(0, 3)),
    dLat: fc.double({ min: -0.6, max: 0.6, noNaN: true }),
    dLon: fc.double({ min: -0.6, max: 0.6, noNaN: true }),
    located: fc.integer({ min: 0, max: 9 }).map((n) => n > 0),
    tracks: fc.array(trackSlots, { maxLength: 3 }),
    payment: fc.subarray([...PAYMENTS], { maxLength: 4 }),
    populations: fc.subarray([...POPULATIONS], { maxLength: 3 }),
    spanish: fc.boolean(),
    moud: fc.subarray([...MOUD]),
    acceptsMoud: fc.boolean(),
    telehealth: fc.boolean(),
    coOccurring: fc.boolean(),
    accepting: fc.constantFrom(true, false, null),
    state: fc.constantFrom('OH', 'PA', null),
  })
  .map((r) => ({
    id: stableId('property', String(r.n), r.setting, String(r.dLat)),
    name: `Program ${r.n}`,
    setting: r.setting,
    tracks: r.tracks.map((slots, i) => ({ name: `Track ${i}`, slots })),
    typicalDurationWeeks: null,
    therapies: [],
    services: { ...NO_SERVICES, moud: r.moud, acceptsMoudFromElsewhere: r.acceptsMoud },
    coOccurring: r.coOccurring,
    populations: r.populations,
    languages: r.spanish ? ['en', 'es'] : ['en'],
    payment: r.payment,
    telehealth: r.telehealth,
    location: {
      street1: null,
      street2: null,
      city: null,
      state: r.state,
      zip: null,
      lat: r.located ? CENTRE.lat + r.dLat : null,
      lon: r.located ? CENTRE.lon + r.dLon : null,
      approximate: false,
    },
    contact: { phone: null, intakePhone: null, website: null },
    acceptingNewClients: { value: r.accepting, confirmedAt: null },
    provenance: { source: 'stepdown', file: 'property', edition: '2025' },
  }));

const directory = fc.uniqueArray(program, { maxLength: 40, selector: (p) => p.id });

const matchRequest: fc.Arbitrary<MatchRequest> = fc.record(
  {
    availability,
    location: fc.record({
      lat: fc.double({ min: CENTRE.lat - 0.3, max: CENTRE.lat + 0.3, noNaN: true }),
      lon: fc.double({ min: CENTRE.lon - 0.3, max: CENTRE.lon + 0.3, noNaN: true }),
    }),
    radiusMiles: fc.double({ min: 1, max: 40, noNaN: true }),
    telehealthOk: fc.boolean(),
    state: fc.constantFrom('OH', 'PA'),
    setting: fc.constantFrom(...PROGRAM_SETTINGS.slice(0, 3)),
    needs: fc.record(
      {
        coOccurring: fc.boolean(),
        medicationContinuity: fc.constantFrom(...MOUD),
        language: fc.constantFrom('en', 'es', 'Spanish'),
        payment: fc.constantFrom(...PAYMENTS),
        population: fc.constantFrom(...POPULATIONS),
      },
      { requiredKeys: [] },
    ),
    limit: fc.constant(1000),
    language: fc.constantFrom(...MATCH_LANGUAGES),
  },
  { requiredKeys: ['location', 'radiusMiles', 'setting', 'limit'] },
);

/** Whether a program breaks a hard filter of the request, read straight from the rules. */
function breaksHardFilter(p: Program, r: MatchRequest): boolean {
  const needs = r.needs ?? {};
  if (p.setting !== r.setting) return true;
  if (p.acceptingNewClients.value === false) return true;
  if (needs.payment && !p.payment.includes(needs.payment)) return true;
  if (needs.population && !p.populations.includes(needs.population)) return true;
  if (needs.language && !offersLanguage(p.languages, needs.language)) return true;
  const med = needs.medicationContinuity;
  if (med && !p.services.acceptsMoudFromElsewhere && !p.services.moud.includes(med)) return true;
  // A hair of slack: the filter and this check compute the same distance differently.
  const far =
    p.location.lat === null ||
    p.location.lon === null ||
    haversineMiles(r.location, { lat: p.location.lat, lon: p.location.lon }) > r.radiusMiles * (1 + 1e-9);
  const reaches = r.telehealthOk && p.telehealth && (r.state === undefined || p.location.state === r.state);
  return far && !reaches;
}

const FIT_ORDER: readonly ScheduleFit[] = ['not-asked', 'unknown', 'none', 'partial', 'fits'];

describe('matching invariants', () => {
  it('the index gives exactly the answer of the linear scan', () => {
    fc.assert(
      fc.property(directory, matchRequest, (programs, request) => {
        const index = buildProgramIndex(programs);
        expect(matchPrograms(index, request)).toEqual(matchProgramsByScan(programs, request));
      }),
      { numRuns: 300 },
    );
  });

  it('a program that breaks a hard filter never appears', () => {
    fc.assert(
      fc.property(directory, matchRequest, (programs, request) => {
        const results = matchPrograms(buildProgramIndex(programs), request);
        for (const result of results) expect(breaksHardFilter(result.program, request)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('every program that passes the hard filters appears', () => {
    fc.assert(
      fc.property(directory, matchRequest, (programs, request) => {
        const shown = new Set(matchPrograms(buildProgramIndex(programs), request).map((r) => r.program.id));
        const expected = programs.filter((p) => {
          if (breaksHardFilter(p, request)) return false;
          // Programs right on the edge of the radius may fall either side of a rounding; skip them.
          const { lat, lon } = p.location;
          if (lat === null || lon === null) return true;
          const d = haversineMiles(request.location, { lat, lon });
          return Math.abs(d - request.radiusMiles) > 1e-6 || !breaksHardFilter(p, { ...request, radiusMiles: 0 });
        });
        for (const p of expected) expect(shown.has(p.id)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('widening the free time never removes a match and never lowers its fit or score', () => {
    fc.assert(
      fc.property(directory, matchRequest, availability, (programs, request, extra) => {
        const index = buildProgramIndex(programs);
        const base = { ...request, availability: request.availability ?? { slots: [] } };
        const wider = { ...base, availability: { slots: [...base.availability.slots, ...extra.slots] } };
        const before = matchPrograms(index, base);
        const after = new Map(matchPrograms(index, wider).map((r) => [r.program.id, r]));
        for (const result of before) {
          const widened = after.get(result.program.id);
          expect(widened).toBeDefined();
          expect(FIT_ORDER.indexOf(widened?.scheduleFit ?? 'not-asked')).toBeGreaterThanOrEqual(
            FIT_ORDER.indexOf(result.scheduleFit),
          );
          // The best track may change (to one with more, shorter conflicts), but never for a worse one.
          expect(widened?.score).toBeGreaterThanOrEqual(result.score);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('is deterministic: the same directory in any order gives the same answer', () => {
    fc.assert(
      fc.property(directory, matchRequest, (programs, request) => {
        const forward = matchPrograms(buildProgramIndex(programs), request);
        const backward = matchPrograms(buildProgramIndex([...programs].reverse()), request);
        expect(backward).toEqual(forward);
      }),
      { numRuns: 200 },
    );
  });
});
