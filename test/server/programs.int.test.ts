/**
 * The program directory over real HTTP on SQLite and PostgreSQL: listing by name and by distance,
 * matching with explanations, calendars, admin corrections with their audit events, FHIR resources
 * that validate against R4, and every kind of bad input named by its field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Program } from '../../src/core/programs/program.js';
import { DEMO_ZIP } from '../../src/server/demo-programs.js';
import { createProgramDirectory } from '../../src/server/programs/directory.js';
import { matchDirectory } from '../../src/server/services/programs.js';
import { seedDemo } from '../../src/server/seed.js';
import { loadDefaultRuleSet } from '../../src/core/rulesets/index.js';
import { listAuditEvents } from '../../src/storage/audit.js';
import { insertImportedPrograms } from '../../src/storage/programs.js';
import { DAY_TRACK, EVENING_TRACK, milesNorth, programFixture } from '../fixtures/programs.js';
import { createTestDatabase, testDialects } from '../support/databases.js';
import { expectJson, expectProblem, send } from '../support/http.js';
import { type Session, signIn, startTestServer, type TestServer } from '../support/server.js';
import { fhirErrors } from '../support/fhir.js';

/** A place of our own, far from any other test's programs. */
const HERE = { lat: 44.9778, lon: -93.265 };

interface Summary {
  id: string;
  name: string;
  setting: string;
  distanceMiles?: number;
  provenance: { label: string };
}

interface MatchItem {
  program: Summary;
  scheduleFit: string;
  bestTrack: { name: string; minutesPerWeek: number } | null;
  fit: string[];
  conflicts: string[];
  notes: string[];
}

function at(point: { lat: number; lon: number }, name: string, overrides: Parameters<typeof programFixture>[0] = {}) {
  return programFixture({ name, ...overrides, location: { lat: point.lat, lon: point.lon, ...overrides.location } });
}

const PROGRAMS: Program[] = [
  at(milesNorth(HERE, 1), 'Alder Evening IOP', {
    tracks: [EVENING_TRACK, DAY_TRACK],
    coOccurring: true,
    services: { acceptsMoudFromElsewhere: true },
  }),
  at(milesNorth(HERE, 3), 'Birch Day IOP', { tracks: [DAY_TRACK], payment: ['private-insurance'] }),
  at(milesNorth(HERE, 6), 'Cedar IOP', { tracks: [] }),
  at(milesNorth(HERE, 40), 'Distant IOP', { tracks: [EVENING_TRACK] }),
  at(milesNorth(HERE, 2), 'Elm PHP', { setting: 'php', tracks: [] }),
];

describe.each(testDialects())('program directory over HTTP on %s', (dialect) => {
  let server: TestServer;
  let admin: Session;
  let clinician: Session;
  let organizationId: string;

  beforeAll(async () => {
    server = await startTestServer(dialect);
    const org = await server.addOrganization();
    organizationId = org.id;
    admin = await signIn(server, (await server.addUser(org, 'admin')).email);
    clinician = await signIn(server, (await server.addUser(org, 'clinician')).email);
    await server.database.handle.db.transaction().execute((trx) =>
      insertImportedPrograms(
        trx,
        PROGRAMS.map((program) => ({
          program,
          facilityKey: program.name,
          locationId: `loc-${program.name.replace(/\W/g, '')}`,
        })),
        server.now().toISOString(),
      ),
    );
    // Cedar is the clinic's own listing, which its admins change (directory programs change only
    // through the operator's command line: test/security/program-directory.int.test.ts).
    await server.database.handle.db
      .updateTable('programs')
      .set({ owner_organization_id: organizationId })
      .where('id', '=', (PROGRAMS[2] as Program).id)
      .execute();
  });
  afterAll(async () => {
    await server.close();
  });

  it('lists every program of a setting by name, with the total, and pages', async () => {
    const first = await expectJson<{ total: number; items: Summary[] }>(
      await send(server, null, 'GET', '/api/v1/programs?setting=iop&limit=2'),
      200,
    );
    expect(first.total).toBe(4);
    expect(first.items.map((item) => item.name)).toEqual(['Alder Evening IOP', 'Birch Day IOP']);
    expect(first.items[0]?.distanceMiles).toBeUndefined();
    expect(first.items[0]?.provenance.label).toBe('added to Stepdown from fixture.json (2025)');
    const rest = await expectJson<{ items: Summary[] }>(
      await send(server, null, 'GET', '/api/v1/programs?setting=iop&limit=2&offset=2'),
      200,
    );
    expect(rest.items.map((item) => item.name)).toEqual(['Cedar IOP', 'Distant IOP']);
  });

  it('lists the programs near a place, nearest first, with distances', async () => {
    const near = await expectJson<{ total: number; items: Summary[] }>(
      await send(server, null, 'GET', `/api/v1/programs?setting=iop&lat=${HERE.lat}&lon=${HERE.lon}&radiusMiles=10`),
      200,
    );
    expect(near.total).toBe(3);
    expect(near.items.map((item) => [item.name, item.distanceMiles])).toEqual([
      ['Alder Evening IOP', 1],
      ['Birch Day IOP', 3],
      ['Cedar IOP', 6],
    ]);
    const everySetting = await expectJson<{ total: number }>(
      await send(server, null, 'GET', `/api/v1/programs?lat=${HERE.lat}&lon=${HERE.lon}&radiusMiles=10`),
      200,
    );
    expect(everySetting.total).toBe(4);
  });

  it('finds programs by ZIP code, and names the field when the ZIP or the place is wrong', async () => {
    const byZip = await expectJson<{ total: number }>(
      await send(server, null, 'GET', '/api/v1/programs?setting=iop&zip=55401&radiusMiles=15'),
      200,
    );
    expect(byZip.total).toBe(3);
    const unknown = await expectProblem(
      await send(server, null, 'GET', '/api/v1/programs?zip=00000'),
      400,
      'invalid_input',
    );
    expect(unknown.errors).toEqual([{ in: 'query', path: 'zip', message: 'is not a US ZIP code we know' }]);
    const malformed = await expectProblem(
      await send(server, null, 'GET', '/api/v1/programs?zip=123&setting=detox'),
      400,
      'invalid_input',
    );
    expect(malformed.errors?.map((error) => error.path).sort()).toEqual(['setting', 'zip']);
    const half = await expectProblem(await send(server, null, 'GET', '/api/v1/programs?lat=44'), 400, 'invalid_input');
    expect(half.errors?.map((error) => error.path)).toEqual(['lon']);
  });

  it('reads a program with its tracks, hours and provenance; an unknown id is not found', async () => {
    const alder = PROGRAMS[0] as Program;
    const body = await expectJson<{
      tracks: Array<{ name: string; minutesPerWeek: number; description: string; warning?: string }>;
      provenance: { label: string };
    }>(await send(server, null, 'GET', `/api/v1/programs/${alder.id}`), 200);
    expect(body.tracks.map((track) => [track.name, track.minutesPerWeek, track.description, track.warning])).toEqual([
      ['Evening track', 540, 'Mon/Wed/Thu 6-9 pm', undefined],
      ['Day track', 540, 'Tue/Wed/Fri 9 am-12 pm', undefined],
    ]);
    await expectProblem(
      await send(server, null, 'GET', '/api/v1/programs/00000000-0000-4000-8000-000000000000'),
      404,
      'not_found',
    );
    const bad = await expectProblem(
      await send(server, null, 'GET', '/api/v1/programs/not-an-id'),
      400,
      'invalid_input',
    );
    expect(bad.errors?.[0]).toMatchObject({ in: 'params', path: 'id' });
  });

  it('matches a person’s week and explains the fit and the conflicts', async () => {
    const response = await send(server, null, 'POST', '/api/v1/programs/match', {
      json: {
        location: HERE,
        radiusMiles: 10,
        setting: 'iop',
        availability: {
          slots: ['mon', 'wed', 'thu'].map((day) => ({ day, start: '17:00', end: '22:00' })),
        },
        needs: { payment: 'medicaid', coOccurring: true },
      },
    });
    const body = await expectJson<{ place: { lat: number }; items: MatchItem[] }>(response, 200);
    expect(body.items.map((item) => item.program.name)).toEqual(['Alder Evening IOP', 'Cedar IOP']);
    const [alder, cedar] = body.items as [MatchItem, MatchItem];
    expect(alder.scheduleFit).toBe('fits');
    expect(alder.bestTrack).toEqual({ name: 'Evening track', minutesPerWeek: 540 });
    expect(alder.fit).toEqual([
      'Evening track Mon/Wed/Thu 6-9 pm fits your week (9 hours a week)',
      '1.0 mile',
      'accepts Medicaid',
      'treats mental health alongside substance use',
    ]);
    expect(cedar.scheduleFit).toBe('unknown');
    expect(cedar.conflicts).toEqual(['does not list care for mental health alongside substance use']);
    expect(cedar.notes).toContain('Session times are not on file: ask the program when groups meet');

    const dayPerson = await expectJson<{ items: MatchItem[] }>(
      await send(server, null, 'POST', '/api/v1/programs/match', {
        json: {
          zip: '55401',
          radiusMiles: 10,
          setting: 'iop',
          availability: { slots: [{ day: 'wed', start: '08:00', end: '12:00' }] },
        },
      }),
      200,
    );
    expect((dayPerson as unknown as { place: { state: string } }).place.state).toBe('MN');
    const birch = dayPerson.items.find((item) => item.program.name === 'Birch Day IOP');
    expect(birch?.scheduleFit).toBe('partial');
    expect(birch?.conflicts).toEqual([
      'Tuesday session 9 am-12 pm is at a time you are busy',
      'Friday session 9 am-12 pm is at a time you are busy',
    ]);
  });

  it('words the explanations in Spanish when asked, and refuses a language it does not speak', async () => {
    const ask = (language?: unknown) =>
      send(server, null, 'POST', '/api/v1/programs/match', {
        json: {
          location: HERE,
          radiusMiles: 10,
          setting: 'iop',
          availability: { slots: ['mon', 'wed', 'thu'].map((day) => ({ day, start: '17:00', end: '22:00' })) },
          needs: { payment: 'medicaid', coOccurring: true },
          ...(language === undefined ? {} : { language }),
        },
      });
    const spanish = await expectJson<{ items: MatchItem[] }>(await ask('es'), 200);
    expect(spanish.items.map((item) => item.program.name)).toEqual(['Alder Evening IOP', 'Cedar IOP']);
    const [alder, cedar] = spanish.items as [MatchItem, MatchItem];
    expect(alder.fit).toEqual([
      'Grupo de la tarde: lunes, miércoles y jueves de 6 de la tarde a 9 de la noche. Va con tu semana (9 horas por semana)',
      'a 1.0 milla',
      'acepta Medicaid',
      'también trata la salud mental',
    ]);
    expect(alder.notes).toEqual(['No sabemos si hay lugar para gente nueva: llama y pregunta']);
    expect(alder.program.provenance.label).toBe('agregado a Stepdown desde fixture.json (2025)');
    expect(cedar.conflicts).toEqual(['no dice que trate también la salud mental']);
    expect(cedar.notes).toContain(
      'No tenemos los horarios de las sesiones: pregunta al programa cuándo se reúnen los grupos',
    );

    const unasked = await expectJson<{ items: MatchItem[] }>(await ask(), 200);
    expect(await expectJson<{ items: MatchItem[] }>(await ask('en'), 200)).toEqual(unasked);
    expect(unasked.items[0]?.fit[1]).toBe('1.0 mile');
    expect(unasked.items[0]?.program.provenance.label).toBe('added to Stepdown from fixture.json (2025)');

    for (const language of ['fr', 'ES', 'spanish', 7, null]) {
      const problem = await expectProblem(await ask(language), 400, 'invalid_input');
      expect(
        problem.errors?.map((error) => `${error.in} ${error.path}`),
        JSON.stringify(language),
      ).toEqual(['body language']);
    }

    const openapi = (await (await send(server, null, 'GET', '/api/openapi.json')).json()) as {
      paths: Record<string, { post?: { requestBody?: { content: Record<string, { schema: unknown }> } } }>;
    };
    const body = openapi.paths['/api/v1/programs/match']?.post?.requestBody?.content['application/json']?.schema as {
      properties: Record<string, { enum?: string[]; description?: string }>;
      required?: string[];
    };
    expect(body.properties.language?.enum).toEqual(['en', 'es']);
    expect(body.properties.language?.description).toContain('en (the default) or es');
    expect(body.required ?? []).not.toContain('language');
  });

  it('says why nothing fits (distance, needs, times, or nothing nearby) and gives what a person needs to act', async () => {
    const match = async (json: Record<string, unknown>) =>
      expectJson<{ items: Array<MatchItem & { details: Record<string, unknown> }>; shortfall: unknown }>(
        await send(server, null, 'POST', '/api/v1/programs/match', {
          json: { radiusMiles: 10, setting: 'iop', ...json },
        }),
        200,
      );
    // Too far: 70 miles north, the nearest IOP is the distant one, 30 miles away.
    expect((await match({ location: milesNorth(HERE, 70) })).shortfall).toEqual({
      cause: 'distance',
      nearestMiles: 30,
    });
    // Needs: IOPs are near, but none takes military insurance.
    expect((await match({ location: HERE, needs: { payment: 'military-insurance' } })).shortfall).toEqual({
      cause: 'needs',
      nearestMiles: null,
    });
    // Times: the one IOP near the distant place meets only when the person is busy.
    const busy = await match({
      location: milesNorth(HERE, 40),
      availability: { slots: [{ day: 'sun', start: '08:00', end: '12:00' }] },
    });
    expect(busy.items.map((item) => item.scheduleFit)).toEqual(['none']);
    expect(busy.shortfall).toEqual({ cause: 'times', nearestMiles: null });
    // Nothing of the kind anywhere near.
    expect((await match({ location: HERE, setting: 'withdrawal-management' })).shortfall).toEqual({
      cause: 'none',
      nearestMiles: null,
    });
    // Found and fitting: no shortfall, and each card has the phone, the address and what the listing says.
    const found = await match({ location: HERE, needs: { medicationContinuity: 'methadone' } });
    expect(found.shortfall).toBeNull();
    const alder = found.items.find((item) => item.program.name === 'Alder Evening IOP');
    expect(alder?.details).toMatchObject({
      telehealth: false,
      keepsMedications: ['buprenorphine', 'methadone', 'naltrexone'],
    });
    expect(alder?.details.lines).toEqual(
      expect.arrayContaining([
        'You can keep taking buprenorphine, methadone or naltrexone here',
        expect.stringMatching(/^Payment: /),
      ]),
    );
    const spanish = await match({ location: HERE, needs: { medicationContinuity: 'methadone' }, language: 'es' });
    expect(spanish.items.find((item) => item.program.name === 'Alder Evening IOP')?.details.lines).toContain(
      'Aquí puedes seguir con tu buprenorfina, metadona o naltrexona',
    );
    // The radius is checked and named when it is not a number of miles from 1 to 500.
    for (const radiusMiles of ['abc', 0, -5, 501, null]) {
      const problem = await expectProblem(
        await send(server, null, 'POST', '/api/v1/programs/match', {
          json: { location: HERE, setting: 'iop', radiusMiles },
        }),
        400,
        'invalid_input',
      );
      expect(
        problem.errors?.map((error) => `${error.in} ${error.path}`),
        JSON.stringify(radiusMiles),
      ).toEqual(['body radiusMiles']);
    }
  });

  it('refuses a bad match request, naming each field', async () => {
    const problem = await expectProblem(
      await send(server, null, 'POST', '/api/v1/programs/match', {
        json: {
          zip: '55401',
          radiusMiles: 0,
          setting: 'iop',
          availability: { slots: [{ day: 'mon', start: '21:00', end: '18:00' }] },
          needs: { medicationContinuity: 'aspirin' },
        },
      }),
      400,
      'invalid_input',
    );
    expect(problem.errors?.map((error) => `${error.in} ${error.path}`).sort()).toEqual([
      'body availability.slots.0.end',
      'body needs.medicationContinuity',
      'body radiusMiles',
    ]);
    const both = await expectProblem(
      await send(server, null, 'POST', '/api/v1/programs/match', {
        json: { zip: '55401', location: HERE, radiusMiles: 5, setting: 'iop' },
      }),
      400,
      'invalid_input',
    );
    expect(both.errors).toEqual([{ in: 'body', path: 'location', message: 'give a ZIP code or a location, not both' }]);
    const neither = await expectProblem(
      await send(server, null, 'POST', '/api/v1/programs/match', { json: { radiusMiles: 5, setting: 'iop' } }),
      400,
      'invalid_input',
    );
    expect(neither.errors?.map((error) => error.path)).toEqual(['zip']);
    await expectProblem(
      await send(server, null, 'POST', '/api/v1/programs/match', {
        raw: '{"zip":',
        headers: { 'content-type': 'application/json' },
      }),
      400,
      'invalid_json',
    );
  });

  it('exports the best-fitting track as an iCalendar file', async () => {
    const alder = PROGRAMS[0] as Program;
    const response = await send(
      server,
      null,
      'GET',
      `/api/v1/programs/${alder.id}/calendar.ics?free=tue.08:00-13:00,wed.08:00-13:00,fri.08:00-13:00&from=2025-03-03&weeks=6`,
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="alder-evening-iop-day-track.ics"');
    const text = await response.text();
    expect(text.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(text.match(/RRULE:[^\r]*/g)).toEqual([
      'RRULE:FREQ=WEEKLY;BYDAY=TU;COUNT=6',
      'RRULE:FREQ=WEEKLY;BYDAY=WE;COUNT=6',
      'RRULE:FREQ=WEEKLY;BYDAY=FR;COUNT=6',
    ]);
    expect(text).toContain('DTSTART:20250304T090000\r\n');
    const cedar = PROGRAMS[2] as Program;
    await expectProblem(await send(server, null, 'GET', `/api/v1/programs/${cedar.id}/calendar.ics`), 404, 'not_found');
    const badFree = await expectProblem(
      await send(server, null, 'GET', `/api/v1/programs/${alder.id}/calendar.ics?free=someday`),
      400,
      'invalid_input',
    );
    expect(badFree.errors?.[0]?.path).toBe('free');
    const badTrack = await expectProblem(
      await send(server, null, 'GET', `/api/v1/programs/${alder.id}/calendar.ics?track=Night`),
      400,
      'invalid_input',
    );
    expect(badTrack.errors?.[0]?.message).toBe('no such track; this program has "Evening track", "Day track"');
  });

  it('lets an admin correct their clinic’s program and replace its tracks, audited, with hours warnings', async () => {
    const cedar = PROGRAMS[2] as Program;
    const patched = await expectJson<{
      acceptingNewClients: unknown;
      editedByHand: string[];
      contact: { phone: string };
    }>(
      await send(server, admin, 'PATCH', `/api/v1/programs/${cedar.id}`, {
        json: { contact: { phone: '612-555-0199' }, acceptingNewClients: { value: false } },
      }),
      200,
    );
    expect(patched.contact.phone).toBe('612-555-0199');
    expect(patched.editedByHand).toEqual(['contact']);
    expect(patched.acceptingNewClients).toEqual({ value: false, confirmedAt: server.now().toISOString().slice(0, 10) });

    const tracks = await expectJson<{ tracks: Array<{ minutesPerWeek: number; warning?: string }> }>(
      await send(server, admin, 'PUT', `/api/v1/programs/${cedar.id}/tracks`, {
        json: { tracks: [{ name: 'Short track', slots: [{ day: 'mon', start: '18:00', end: '20:00' }] }] },
      }),
      200,
    );
    expect(tracks.tracks[0]).toEqual(
      expect.objectContaining({
        minutesPerWeek: 120,
        warning:
          'Short track: 2 hours a week is below the minimum of 9 hours a week for intensive outpatient in United States, hours common to public state rules',
      }),
    );
    const events = await listAuditEvents(server.database.handle.db, organizationId, { limit: 20 });
    expect(events.items.slice(0, 2).map((event) => [event.action, event.resourceId])).toEqual([
      ['program.tracks.replace', cedar.id],
      ['program.update', cedar.id],
    ]);

    // Not taking new clients: left out of matches from now on.
    const matched = await expectJson<{ items: MatchItem[] }>(
      await send(server, null, 'POST', '/api/v1/programs/match', {
        json: { location: HERE, radiusMiles: 10, setting: 'iop' },
      }),
      200,
    );
    expect(matched.items.map((item) => item.program.name)).not.toContain('Cedar IOP');

    const bad = await expectProblem(
      await send(server, admin, 'PUT', `/api/v1/programs/${cedar.id}/tracks`, {
        json: {
          tracks: [
            {
              name: 'Broken',
              slots: [
                { day: 'mon', start: '18:00', end: '21:00' },
                { day: 'mon', start: '20:00', end: '22:00' },
                { day: 'fri', start: '25:00', end: '26:00' },
              ],
            },
          ],
        },
      }),
      400,
      'invalid_input',
    );
    expect(bad.errors?.map((error) => error.path).sort()).toEqual([
      'tracks.0.slots.1',
      'tracks.0.slots.2.end',
      'tracks.0.slots.2.start',
    ]);
    const badPatch = await expectProblem(
      await send(server, admin, 'PATCH', `/api/v1/programs/${cedar.id}`, {
        json: { location: { zip: 'ABCDE' }, telehealth: 'yes' },
      }),
      400,
      'invalid_input',
    );
    expect(badPatch.errors?.map((error) => error.path).sort()).toEqual(['location.zip', 'telehealth']);
    await expectProblem(
      await send(server, admin, 'PATCH', `/api/v1/programs/${cedar.id}`, { json: {} }),
      400,
      'invalid_input',
    );
    await expectProblem(
      await send(server, clinician, 'PUT', `/api/v1/programs/${cedar.id}/tracks`, { json: { tracks: [] } }),
      403,
      'forbidden',
    );
  });

  it('serves programs and their facilities as FHIR R4 resources that validate', async () => {
    const alder = PROGRAMS[0] as Program;
    const response = await send(server, null, 'GET', `/fhir/R4/HealthcareService/${alder.id}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/fhir+json; charset=utf-8');
    const service = (await response.json()) as {
      resourceType: string;
      availableTime: unknown[];
      location: Array<{ reference: string }>;
      comment: string;
    };
    expect(fhirErrors(service)).toEqual([]);
    expect(service.availableTime).toHaveLength(6);
    expect(service.availableTime[0]).toEqual({
      daysOfWeek: ['mon'],
      availableStartTime: '18:00:00',
      availableEndTime: '21:00:00',
    });
    expect(service.comment).toMatch(/^added to Stepdown from fixture\.json \(2025\); not verified/);
    const locationResponse = await send(server, null, 'GET', `/fhir/R4/${service.location[0]?.reference}`);
    const location = (await locationResponse.json()) as { resourceType: string; position: { latitude: number } };
    expect(locationResponse.headers.get('content-type')).toBe('application/fhir+json; charset=utf-8');
    expect(fhirErrors(location)).toEqual([]);
    expect(location.position.latitude).toBeCloseTo(alder.location.lat as number, 6);

    const missing = await send(server, null, 'GET', '/fhir/R4/HealthcareService/00000000-0000-4000-8000-000000000000');
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { resourceType: string }).resourceType).toBe('OperationOutcome');
    expect((await send(server, null, 'GET', '/fhir/R4/Location/no-such-place')).status).toBe(404);
    await expectProblem(await send(server, null, 'GET', '/fhir/R4/Location/bad%20id'), 400, 'invalid_input');
  });
});

describe.each(testDialects())('demo programs on %s', (dialect) => {
  it('seeds demo programs with tracks that match near the demo clinic', async () => {
    const database = await createTestDatabase(dialect);
    try {
      await seedDemo(database.handle.db, loadDefaultRuleSet(), new Date('2025-06-02T12:00:00Z'));
      const directory = createProgramDirectory(database.handle.db);
      const { results } = await matchDirectory(directory, {
        zip: DEMO_ZIP,
        radiusMiles: 15,
        setting: 'iop',
        availability: {
          slots: ['mon', 'wed', 'thu'].map((day) => ({ day: day as 'mon', start: '17:30', end: '21:30' })),
        },
      });
      expect(results[0]?.program.name).toBe('Maple Street Recovery Center (demo)');
      expect(results[0]?.fit[0]).toBe('Evening track Mon/Wed/Thu 6-9 pm fits your week (9 hours a week)');
      expect(results.every((result) => result.program.provenance.source === 'stepdown-demo')).toBe(true);
    } finally {
      await database.drop();
    }
  });
});
