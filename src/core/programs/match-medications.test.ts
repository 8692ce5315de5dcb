import { describe, expect, it } from 'vitest';
import { CAMBRIDGE, milesNorth, programFixture } from '../../../test/fixtures/programs.js';
import { buildProgramIndex, matchPrograms } from './match.js';
import type { MatchRequest } from './match-request.js';
import { matchProgramsByScan } from './match-scan.js';

const programs = [
  // Nearest, but it gives only buprenorphine and takes nobody on a medicine from elsewhere.
  programFixture({ name: 'Bupe-only IOP', services: { moud: ['buprenorphine'] }, location: milesNorth(CAMBRIDGE, 1) }),
  programFixture({ name: 'No-medicine IOP', location: milesNorth(CAMBRIDGE, 2) }),
  programFixture({
    name: 'Any-medicine IOP',
    services: { acceptsMoudFromElsewhere: true },
    location: milesNorth(CAMBRIDGE, 6),
  }),
  programFixture({ name: 'Methadone IOP', services: { moud: ['methadone'] }, location: milesNorth(CAMBRIDGE, 8) }),
];

const request = (medications: MatchRequest['needs']): MatchRequest => ({
  location: CAMBRIDGE,
  radiusMiles: 10,
  setting: 'iop',
  ...(medications ? { needs: medications } : {}),
});

describe('matching with the plan’s medications', () => {
  it('ranks programs that keep every medication first, marks the others in plain words, and leaves none out', () => {
    const results = matchPrograms(buildProgramIndex(programs), request({ medications: ['methadone'] }));
    expect(results.map((result) => result.program.name)).toEqual([
      'Any-medicine IOP',
      'Methadone IOP',
      'Bupe-only IOP',
      'No-medicine IOP',
    ]);
    expect(results[0]?.fit).toContain('accepts people on methadone');
    expect(results[0]?.conflicts).toEqual([]);
    expect(results[2]?.conflicts).toEqual([
      'does not say it accepts people on methadone: call before you choose it, so your medicine does not stop',
    ]);
    // The score shown is the program's fit, not the ranking penalty.
    for (const result of results) expect(result.score).toBeGreaterThanOrEqual(0);
    const spanish = matchPrograms(buildProgramIndex(programs), {
      ...request({ medications: ['methadone'] }),
      language: 'es',
    });
    expect(spanish[2]?.conflicts[0]).toMatch(/^no dice que acepte a personas que toman/);
  });

  it('without medications, ranks by distance as before; the scan gives the same answer', () => {
    const plain = matchPrograms(buildProgramIndex(programs), request(undefined));
    expect(plain.map((result) => result.program.name)).toEqual([
      'Bupe-only IOP',
      'No-medicine IOP',
      'Any-medicine IOP',
      'Methadone IOP',
    ]);
    for (const needs of [
      undefined,
      { medications: ['methadone' as const] },
      { medications: ['buprenorphine' as const, 'naltrexone' as const] },
    ]) {
      expect(matchProgramsByScan(programs, request(needs))).toEqual(
        matchPrograms(buildProgramIndex(programs), request(needs)),
      );
    }
  });
});
