/**
 * Bad input, generated: for every route with a body, params, query or headers, fast-check sends
 * malformed bodies (wrong types, missing and unknown fields, huge strings, deep nesting, text that
 * is not JSON, wrong content types, empty bodies), malformed ids and versions, malformed queries and
 * malformed headers, as a signed-in admin with a valid CSRF token. Every answer must be a 4xx
 * problem document with a code; invalid input must name the bad field by its path; nothing may be a
 * 500 or show a stack trace. The routes come from the app's route table, so a new route with a
 * body or params is fuzzed too (and fails here until it has a valid example below).
 */
import type { RouteOptions } from 'fastify';
import fc from 'fast-check';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ZodType } from 'zod';
import { formatPath, parseWith } from '../../src/core/validation.js';
import { decodeCursor } from '../../src/storage/paging.js';
import type { User } from '../../src/storage/records.js';
import { cdsFeedback, ehrClients, ehrToken, hookRequest } from '../support/cds.js';
import { testDialects } from '../support/databases.js';
import { aCompletePlan } from '../fixtures/plans.js';
import { assessmentDocument, expectJson, send } from '../support/http.js';
import { type Session, signIn, startTestServer, TEST_PASSWORD, type TestServer } from '../support/server.js';

/** Runs per property: enough to vary every kind of input, few enough for the file to stay quick. */
const RUNS = 6;
/** For the costly properties (bodies near the size limit) and those repeated per param and kind. */
const HEAVY_RUNS = 3;

interface RawResponse {
  status: number;
  contentType: string;
  text: string;
}

let nextAddress = 0;

/**
 * Sends bytes exactly as given (no URL normalisation, any content type). Each request comes from
 * its own loopback address, so the sign-in rate limit (tested in auth.int) never answers first.
 */
function rawRequest(
  server: TestServer,
  options: { method: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<RawResponse> {
  nextAddress += 1;
  const localAddress = `127.2.${Math.floor(nextAddress / 250) % 250}.${(nextAddress % 250) + 1}`;
  const url = new URL(server.baseUrl);
  const headers: Record<string, string> = { ...options.headers };
  if (options.body !== undefined) headers['content-length'] = String(Buffer.byteLength(options.body));
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        method: options.method,
        path: options.path,
        headers,
        localAddress,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            contentType: String(res.headers['content-type'] ?? ''),
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

interface ExpectedFault {
  /** Statuses that are right for this input (all 4xx). */
  statuses?: readonly number[];
  codes?: readonly string[];
  /** The part and path the problem must name when the code is invalid_input. */
  field?: { in: string; path: string };
}

const STACK_FRAME = /\bat (?:[^\s()]+ \()?(?:file:\/\/|node:|\/|[A-Za-z]:\\)[^\s()]*:\d+:\d+/;

interface Problem {
  status: number;
  code: string;
  errors?: Array<{ in: string; path: string; message: string }>;
}

/** The rules every answer to bad input obeys, plus what this input should get. */
function expectRefused(response: RawResponse, expected: ExpectedFault, label: string): void {
  const context = `${label}\n-> ${response.status} ${response.contentType} ${response.text.slice(0, 400)}`;
  expect(response.status, context).toBeGreaterThanOrEqual(400);
  expect(response.status, context).toBeLessThan(500);
  if (expected.statuses) expect(expected.statuses, context).toContain(response.status);
  expect(response.contentType, context).toMatch(/^application\/problem\+json/);
  // A V8 stack frame: "at fn (/path/file.js:12:34)" or "at node:internal/x:1:2". Generated keys are
  // echoed back in the problem, so anything looser (a bare "at \\") also matches honest answers.
  expect(response.text, context).not.toMatch(STACK_FRAME);
  expect(response.text, context).not.toMatch(/Error:/);
  const problem = JSON.parse(response.text) as Problem;
  expect(typeof problem.code, context).toBe('string');
  expect(problem.status, context).toBe(response.status);
  if (expected.codes) expect(expected.codes, context).toContain(problem.code);
  if (problem.code === 'invalid_input') {
    expect(problem.errors?.length ?? 0, context).toBeGreaterThan(0);
    for (const issue of problem.errors ?? []) {
      expect(typeof issue.in, context).toBe('string');
      expect(typeof issue.path, context).toBe('string');
      expect(issue.message.length, context).toBeGreaterThan(0);
    }
    const field = expected.field;
    if (field) {
      const named = (problem.errors ?? []).some(
        (issue) =>
          issue.in === field.in &&
          (issue.path === field.path || field.path === '(root)' || issue.path.startsWith(`${field.path}.`)),
      );
      expect(named, `${context}\nexpected an error naming ${field.in} ${field.path}`).toBe(true);
    }
  }
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };
type Path = readonly string[];

function getAt(value: Json, path: Path): Json | undefined {
  let current: Json | undefined = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
    current = current[key];
  }
  return current;
}

/** A copy of `value` with the value at `path` replaced, or removed when `replacement` is undefined. */
function setAt(value: JsonObject, path: Path, replacement: Json | undefined): JsonObject {
  const [head, ...rest] = path;
  if (head === undefined) throw new Error('empty path');
  const copy: JsonObject = { ...value };
  if (rest.length === 0) {
    if (replacement === undefined) delete copy[head];
    else copy[head] = replacement;
    return copy;
  }
  copy[head] = setAt(copy[head] as JsonObject, rest, replacement);
  return copy;
}

/** Every path in a document (fields at any depth), and the paths of its objects (root included). */
function pathsOf(value: JsonObject, prefix: Path = []): { fields: Path[]; objects: Path[] } {
  const fields: Path[] = [];
  const objects: Path[] = [prefix];
  for (const [key, child] of Object.entries(value)) {
    const path = [...prefix, key];
    fields.push(path);
    if (child !== null && typeof child === 'object' && !Array.isArray(child)) {
      const inner = pathsOf(child, path);
      fields.push(...inner.fields);
      objects.push(...inner.objects);
    }
  }
  return { fields, objects };
}

function jsonType(value: Json | undefined): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

const anyJson: fc.Arbitrary<Json> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.string({ maxLength: 20 }),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 2 }),
);

const printable = fc.string({
  unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)),
  minLength: 1,
  maxLength: 60,
});

/** Field names no schema knows. */
const unknownKey = fc
  .string({ minLength: 1, maxLength: 12 })
  .map((key) => `x-${key}`)
  .filter((key) => !['__proto__', 'constructor', 'prototype'].includes(key));

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

const notJson = fc.oneof(
  fc.constantFrom('{', '{"displayName":', "{'a': 1}", '[1,]', 'undefined', 'NaN', '{"a":1}}', '\u0000', '{"a":"\\x"}'),
  fc.string({ minLength: 1, maxLength: 200, unit: 'binary' }).filter((text) => !parses(text)),
);

const WRONG_CONTENT_TYPES = [
  'text/plain',
  'text/html; charset=utf-8',
  'application/xml',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=----x',
  'application/octet-stream',
  'application/json-patch+json',
  'image/png',
] as const;

/** What every call needs: a signed-in admin, and real ids of the admin's organisation. */
interface World {
  server: TestServer;
  admin: Session;
  colleague: User;
  clientId: string;
  assessmentId: string;
  /** A check-in link's code: malformed bodies are refused before it is looked up, so it stays unused. */
  checkInCode: string;
}

/** A valid body for each route that takes one: the malformed bodies are made from these. */
const VALID_BODIES: Record<string, (world: World) => JsonObject> = {
  // Without the prefetched resource: FHIR resources are read by the service, not by the body schema.
  'POST /cds-services/stepdown-level-of-care': () => hookRequest() as JsonObject,
  'POST /cds-services/stepdown-level-of-care/feedback': () => cdsFeedback() as JsonObject,
  'POST /api/v1/auth/sign-in': (world) => ({ email: world.colleague.email, password: TEST_PASSWORD }),
  'POST /api/v1/users': () => ({
    email: 'new.colleague@example.org',
    displayName: 'New Colleague',
    role: 'clinician',
    password: 'a long enough password',
  }),
  'PATCH /api/v1/users/:id': () => ({ displayName: 'Renamed', role: 'clinician', disabled: false }),
  // A well-formed code no link has: malformed bodies are refused before any look-up.
  'POST /api/v1/auth/set-password/check': () => ({ code: 'A'.repeat(43) }),
  'POST /api/v1/auth/set-password': () => ({ code: 'A'.repeat(43), password: 'lantern orchard velvet compass' }),
  'POST /api/v1/clients': () => ({
    displayName: 'Avery Stone',
    externalRef: 'MRN-1',
    birthYear: 1990,
    preferredLanguage: 'en',
    email: 'avery@example.org',
  }),
  'PATCH /api/v1/clients/:id': () => ({
    displayName: 'Avery Stone',
    externalRef: 'MRN-2',
    preferredLanguage: 'es',
    email: 'avery@example.org',
  }),
  'POST /api/v1/clients/:id/assessments': () => fullAssessment(),
  'PUT /api/v1/assessments/:id': () => fullAssessment(),
  'POST /api/v1/recommendations': () => fullAssessment(),
  'POST /api/v1/clients/:id/plans': (world) => ({ assessmentId: world.assessmentId }),
  'PUT /api/v1/plans/:id': () => everyPlanField(),
  'POST /api/v1/plans/:id/appointments/from-referral': () => ({
    referralId: WELL_FORMED_ID,
    startsAt: '2099-01-02T10:00',
  }),
  'POST /api/v1/plans/:id/finalize': (world) => ({
    version: 1,
    attestation: true,
    newerAssessment: { id: world.assessmentId, version: 2 },
  }),
  'POST /api/v1/plans/:id/recommendation': (world) => ({ assessment: { id: world.assessmentId, version: 2 } }),
  'POST /api/v1/plans/:id/acknowledgement': () => ({ version: 1, language: 'es' }),
  'PUT /api/v1/plans/:id/goals/:goalId/status': () => ({ met: true, note: 'Back at work three weeks' }),
  'POST /api/v1/clients/:id/consents': (world) => ({
    planId: world.clientId,
    scope: 'plan-summary',
    consentType: 'specific',
    patientName: 'Avery Stone',
    discloser: 'Harbor Recovery Clinic',
    recipient: { name: 'Sam Stone', relationship: 'brother' },
    purpose: 'At the request of the patient',
    expiresOn: '2099-01-31',
    revocation: 'In writing, to the clinic.',
    signature: { signedBy: 'representative', name: 'Pat Stone', representativeAuthority: 'Legal guardian' },
    signedOn: '2099-01-01',
  }),
  'PATCH /api/v1/organization': () => ({
    name: 'Harbor Recovery Clinic',
    phone: '(555) 014-2200',
    email: 'care@harbor.example',
    address: '12 Harbor Way',
  }),
  'POST /api/v1/programs/match': () => ({ location: { lat: 42.3647, lon: -71.1042 }, radiusMiles: 5, setting: 'iop' }),
  'PATCH /api/v1/programs/:id': () => ({ contact: { website: 'https://example.org/program' } }),
  'PUT /api/v1/programs/:id/tracks': () => ({
    tracks: [{ name: 'Evening', slots: [{ day: 'tue', start: '18:00', end: '21:00' }] }],
  }),
  'POST /api/v1/programs': () => ({
    name: 'Harbor Evening IOP',
    setting: 'iop',
    typicalDurationWeeks: 12,
    therapies: ['Cognitive behavioral therapy'],
    services: { familyCounselling: true },
    coOccurring: false,
    populations: ['adults'],
    languages: ['en', 'es'],
    payment: ['medicaid'],
    telehealth: false,
    location: { street1: '1 Dock Street', city: 'Cambridge', state: 'MA', zip: '02139' },
    contact: { phone: '555-0100' },
    tracks: [{ name: 'Evening', slots: [{ day: 'tue', start: '18:00', end: '21:00' }] }],
    acceptingNewClients: { value: true, confirmedAt: '2026-11-20' },
  }),
  'PUT /api/v1/programs/:id/note': () => ({ text: 'Ask for Dana at intake.' }),
  'POST /api/v1/clients/:id/referrals': () => ({ programId: WELL_FORMED_ID }),
  'PATCH /api/v1/referrals/:id': () => ({ status: 'accepted' }),
  'PUT /api/v1/clients/:id/measure-schedule': () => ({ items: [{ instrument: 'phq-9', everyDays: 14 }] }),
  'POST /api/v1/clients/:id/check-in-links': () => ({ instruments: ['phq-9'], language: 'es', expiresInHours: 24 }),
  'POST /api/v1/check-in/:code': () => ({
    submissionId: '00000000-0000-4000-8000-000000000001',
    takenAt: '2026-01-05T10:00:00.000Z',
    answers: { 'phq-9': [1, 0, 2, 1, 0, 0, 1, 0, 0] },
  }),
  'POST /api/v1/measure-alerts/:id/acknowledgement': () => ({ note: 'Called; safe, plan reviewed.' }),
  'POST /api/v1/step-signals/:id/acknowledgement': () => ({ note: 'Called; back next week.' }),
  'POST /api/v1/clients/:id/measures': () => ({
    instrument: 'phq-9',
    answers: [1, 0, 2, 1, 0, 0, 1, 0, 0],
    takenAt: '2026-01-05T10:00:00.000Z',
  }),
};

/** A complete plan with every plan@2 field holding a value, so the fuzz reaches each of them. */
function everyPlanField(): JsonObject {
  return {
    ...aCompletePlan(),
    selectedWithdrawalManagement: 'residential',
    withdrawalVariance: { reason: 'waitlist', otherText: 'x', narrative: 'No bed until Friday.' },
    urgentEvaluation: {
      when: '2099-01-01T09:00',
      by: 'Crisis team',
      outcome: { kind: 'stated', text: 'No current intent.' },
    },
    medications: [
      {
        name: 'Buprenorphine',
        dose: '16 mg',
        for: 'opioid-use-disorder',
        prescriber: 'Dr. Rao',
        lastDose: '2099-01-01T08:00',
        bridgeSupplyUntil: '2099-01-04',
      },
    ],
    appointments: aCompletePlan().appointments.map((appointment) => ({ ...appointment, referralId: WELL_FORMED_ID })),
    noAppointmentReason: { reason: 'other', text: 'Moving to Ohio.' },
    safetyPlan: {
      warningSigns: ['Not sleeping'],
      onMyOwn: ['A walk'],
      peopleAndPlaces: ['The library'],
      peopleToAsk: [{ name: 'Dana', phone: '555-0101' }],
      professionals: [{ name: '988 Lifeline', phone: '988' }],
      saferSurroundings: ['No pills at home'],
    },
  };
}

/** An assessment@2 with every field, facts included, so that each one is fuzzed. */
function fullAssessment(): JsonObject {
  return assessmentDocument({
    schema: 'stepdown/assessment@2',
    flags: { withdrawalRisk: false, homeResponsibilities: true },
    facts: {
      substances: ['alcohol', 'opioids'],
      currentMedications: [{ name: 'buprenorphine', prescriber: 'Dr. Rivera' }],
      opioidOverdosePast12Months: true,
      overdoseCount: 1,
      withdrawalSeizureOrDeliriumHistory: false,
      pregnant: 'no',
      ageYears: 34,
      withdrawalScale: { scale: 'CIWA-Ar', score: 4 },
    },
    notes: { d3: 'Low mood since discharge.' },
  }) as JsonObject;
}

/** For each clinical fact of assessment@2, a bad value and the path the problem must name. */
const BAD_FACTS: ReadonlyArray<[path: string, value: unknown]> = [
  ['facts.substances', 'alcohol'],
  ['facts.substances.0', 'heroin'],
  ['facts.currentMedications.0.name', 'suboxone'],
  ['facts.currentMedications.0.prescriber', '   '],
  ['facts.currentMedications.0.dose', '8 mg'],
  ['facts.opioidOverdosePast12Months', 'yes'],
  ['facts.overdoseCount', -1],
  ['facts.withdrawalSeizureOrDeliriumHistory', 1],
  ['facts.pregnant', true],
  ['facts.ageYears', 34.5],
  ['facts.withdrawalScale.scale', 'CIWA'],
  ['facts.withdrawalScale.score', 70],
  ['facts.bloodAlcohol', 0.08],
];

const WELL_FORMED_ID = '00000000-0000-4000-8000-000000000000';

/** The path of a route with its params filled by real ids, or with `override` for one param. */
function pathFor(url: string, world: World, override?: { name: string; raw: string }): string {
  return url.replace(/:(\w+)/g, (_match, name: string, offset: number) => {
    if (override && override.name === name) return override.raw;
    if (name === 'version') return '1';
    const resource = url.slice(0, offset).split('/').filter(Boolean).at(-1) ?? '';
    const ids: Record<string, string> = {
      clients: world.clientId,
      assessments: world.assessmentId,
      users: world.colleague.id,
      // Well-formed ids of other kinds: what is fuzzed is refused before anything is looked up.
      plans: world.clientId,
      consents: world.clientId,
      CarePlan: world.clientId,
      QuestionnaireResponse: world.assessmentId,
      'check-in': world.checkInCode,
    };
    // Another resource gets a well-formed id: what is fuzzed is refused before anything is looked up.
    return ids[resource] ?? WELL_FORMED_ID;
  });
}

interface FuzzRoute {
  key: string;
  method: string;
  url: string;
  access: string | undefined;
  body?: ZodType;
  params?: ZodType;
  querystring?: ZodType;
  headers?: ZodType;
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Whether a route is called with a browser's credentials, which CSRF protection is for. A CDS
 * service takes a signed bearer token that a browser never sends by itself: nothing to forge.
 */
function sessionCredentials(route: FuzzRoute): boolean {
  return route.access !== undefined && route.access !== 'cds-client';
}

function fuzzRoutes(routes: readonly RouteOptions[]): FuzzRoute[] {
  return routes.flatMap((route) => {
    const methods = (Array.isArray(route.method) ? route.method : [route.method]).map(String);
    const schema = (route.schema ?? {}) as Record<string, ZodType | undefined>;
    return methods
      .filter((method) => method !== 'HEAD')
      .map((method) => ({
        key: `${method} ${route.url}`,
        method,
        url: route.url,
        access: route.config?.access,
        ...(schema.body ? { body: schema.body } : {}),
        ...(schema.params ? { params: schema.params } : {}),
        ...(schema.querystring ? { querystring: schema.querystring } : {}),
        ...(schema.headers ? { headers: schema.headers } : {}),
      }));
  });
}

describe.each(testDialects())('bad input on %s', (dialect) => {
  const collected: RouteOptions[] = [];
  let world: World;
  let routes: FuzzRoute[];

  /**
   * What proves who is calling: the admin's cookie and CSRF token, or for a CDS service a fresh token
   * signed by the test EHR for the address called.
   */
  function credentials(route: FuzzRoute, path: string, base = world.server.baseUrl): Record<string, string> {
    if (route.access === 'cds-client') return { authorization: `Bearer ${ehrToken(`${base}${path}`)}` };
    const headers: Record<string, string> = { cookie: world.admin.cookie };
    if (STATE_CHANGING.has(route.method)) headers['x-csrf-token'] = world.admin.csrfToken;
    return headers;
  }

  /** Sends as the admin (cookie and CSRF token), with a valid path and body unless told otherwise. */
  function call(
    route: FuzzRoute,
    options: { path?: string; body?: string; contentType?: string | null; headers?: Record<string, string> } = {},
  ): Promise<RawResponse> {
    const path = options.path ?? pathFor(route.url, world);
    const headers = credentials(route, path);
    let body = options.body;
    if (body === undefined && route.body) body = JSON.stringify(VALID_BODIES[route.key]?.(world) ?? {});
    const contentType = options.contentType === undefined ? 'application/json' : options.contentType;
    if (body !== undefined && contentType !== null) headers['content-type'] = contentType;
    Object.assign(headers, options.headers);
    return rawRequest(world.server, {
      method: route.method,
      path,
      headers,
      ...(body === undefined ? {} : { body }),
    });
  }

  beforeAll(async () => {
    const server = await startTestServer(dialect, {
      onRoute: (route) => collected.push(route),
      cdsClients: ehrClients(),
    });
    const org = await server.addOrganization();
    const adminUser = await server.addUser(org, 'admin');
    const colleague = await server.addUser(org, 'clinician');
    const admin = await signIn(server, adminUser.email);
    const client = await expectJson<{ id: string }>(
      await send(server, admin, 'POST', '/api/v1/clients', { json: { displayName: 'Fuzz Target' } }),
      201,
    );
    const assessment = await expectJson<{ id: string }>(
      await send(server, admin, 'POST', `/api/v1/clients/${client.id}/assessments`, { json: assessmentDocument() }),
      201,
    );
    const checkIn = await expectJson<{ code: string }>(
      await send(server, admin, 'POST', `/api/v1/clients/${client.id}/check-in-links`, { json: {} }),
      201,
    );
    world = { server, admin, colleague, clientId: client.id, assessmentId: assessment.id, checkInCode: checkIn.code };
    routes = fuzzRoutes(collected);
  });
  afterAll(async () => {
    await world.server.close();
  });

  it('has a valid example body for every route that takes one, and each example is accepted', async () => {
    const withBody = routes.filter((route) => route.body);
    expect(withBody.length).toBeGreaterThan(5);
    expect(withBody.filter((route) => !VALID_BODIES[route.key]).map((route) => route.key)).toEqual([]);
    for (const route of withBody) {
      const example = VALID_BODIES[route.key]?.(world);
      expect(route.body?.safeParse(example).success, route.key).toBe(true);
    }
    // The example is valid over HTTP too, so a refusal below is the fault of the one bad part.
    const recommendation = routes.find((route) => route.key === 'POST /api/v1/recommendations');
    if (recommendation) expect((await call(recommendation)).status).toBe(200);
  });

  it('names each bad clinical fact of an assessment@2, on every route that takes an assessment', async () => {
    const assessmentRoutes = routes.filter((route) =>
      ['POST /api/v1/clients/:id/assessments', 'PUT /api/v1/assessments/:id', 'POST /api/v1/recommendations'].includes(
        route.key,
      ),
    );
    expect(assessmentRoutes).toHaveLength(3);
    for (const route of assessmentRoutes) {
      for (const [path, value] of BAD_FACTS) {
        const body = structuredClone(fullAssessment()) as Record<string, unknown>;
        const keys = path.split('.');
        let parent: Record<string, unknown> = body;
        for (const key of keys.slice(0, -1)) parent = parent[key] as Record<string, unknown>;
        parent[keys.at(-1) ?? ''] = value;
        const response = await call(route, { body: JSON.stringify(body) });
        expectRefused(
          response,
          { statuses: [400], codes: ['invalid_input'], field: { in: 'body', path } },
          `${route.key} with ${path} = ${JSON.stringify(value)}`,
        );
      }
    }
  });

  describe('malformed bodies', () => {
    function bodyRoutes(): Array<FuzzRoute & { body: ZodType; valid: JsonObject }> {
      return routes.flatMap((route) => {
        const valid = VALID_BODIES[route.key]?.(world);
        return route.body && valid ? [{ ...route, body: route.body, valid }] : [];
      });
    }

    it('wrong types anywhere in the document name that field', async () => {
      for (const route of bodyRoutes()) {
        const { fields } = pathsOf(route.valid);
        await fc.assert(
          fc.asyncProperty(fc.constantFrom(...fields), anyJson, async (path, replacement) => {
            fc.pre(jsonType(replacement) !== jsonType(getAt(route.valid, path)));
            const body = setAt(route.valid, path, replacement);
            fc.pre(!route.body.safeParse(body).success);
            const response = await call(route, { body: JSON.stringify(body) });
            expectRefused(
              response,
              { statuses: [400], codes: ['invalid_input'], field: { in: 'body', path: formatPath(path) } },
              `${route.key} with ${formatPath(path)} = ${JSON.stringify(replacement)}`,
            );
          }),
          { numRuns: RUNS },
        );
      }
    });

    it('text holding U+0000, which PostgreSQL cannot store, is refused by field', async () => {
      for (const route of bodyRoutes()) {
        const textFields = pathsOf(route.valid).fields.filter((path) => typeof getAt(route.valid, path) === 'string');
        if (textFields.length === 0) continue;
        await fc.assert(
          fc.asyncProperty(
            fc.constantFrom(...textFields),
            fc.string({ maxLength: 10, unit: 'binary' }),
            fc.string({ maxLength: 10, unit: 'binary' }),
            async (path, before, after) => {
              const text = `${before}\u0000${after}`;
              const response = await call(route, { body: JSON.stringify(setAt(route.valid, path, text)) });
              expectRefused(
                response,
                { statuses: [400], codes: ['invalid_input'], field: { in: 'body', path: formatPath(path) } },
                `${route.key} with ${formatPath(path)} = ${JSON.stringify(text)}`,
              );
            },
          ),
          { numRuns: RUNS },
        );
      }
    });

    it('a missing required field is named', async () => {
      for (const route of bodyRoutes()) {
        const required = pathsOf(route.valid).fields.filter(
          (path) => !route.body.safeParse(setAt(route.valid, path, undefined)).success,
        );
        // A patch whose every field is optional is only wrong when it names none.
        // The field itself is named, unless the schema words it otherwise ("give a ZIP code or a location").
        const named = (body: JsonObject, path: Path): string => {
          const parsed = parseWith(route.body, body);
          const paths = parsed.ok ? [] : parsed.issues.map((issue) => issue.path);
          return paths.includes(formatPath(path)) ? formatPath(path) : (paths[0] ?? formatPath(path));
        };
        // An all-optional body where {} means "the defaults" (a new plan from the latest assessment) is valid empty.
        const emptyCase: Array<{ body: JsonObject; path: string }> = route.body.safeParse({}).success
          ? []
          : [{ body: {}, path: '(root)' }];
        const cases: Array<{ body: JsonObject; path: string }> =
          required.length > 0
            ? required.map((path) => {
                const body = setAt(route.valid, path, undefined);
                return { body, path: named(body, path) };
              })
            : emptyCase;
        for (const { body, path } of cases) {
          expectRefused(
            await call(route, { body: JSON.stringify(body) }),
            { statuses: [400], codes: ['invalid_input'], field: { in: 'body', path } },
            `${route.key} without ${path}`,
          );
        }
      }
    });

    it('an unknown field at any depth is named', async () => {
      for (const route of bodyRoutes()) {
        const { objects } = pathsOf(route.valid);
        await fc.assert(
          fc.asyncProperty(fc.constantFrom(...objects), unknownKey, anyJson, async (parent, key, value) => {
            const body = setAt(route.valid, [...parent, key], value);
            const response = await call(route, { body: JSON.stringify(body) });
            expectRefused(
              response,
              { statuses: [400], codes: ['invalid_input'], field: { in: 'body', path: formatPath([...parent, key]) } },
              `${route.key} with unknown ${formatPath([...parent, key])}`,
            );
          }),
          { numRuns: RUNS },
        );
      }
    });

    it('huge strings are refused by field, or as too large', async () => {
      for (const route of bodyRoutes()) {
        const { fields } = pathsOf(route.valid);
        await fc.assert(
          fc.asyncProperty(
            fc.constantFrom(...fields),
            fc.oneof(fc.integer({ min: 10_001, max: 300_000 }), fc.integer({ min: 1_100_000, max: 2_000_000 })),
            fc.constantFrom('a', 'é', '😀', ' '),
            async (path, length, char) => {
              const body = setAt(route.valid, path, char.repeat(length));
              fc.pre(!route.body.safeParse(body).success);
              const text = JSON.stringify(body);
              const tooLarge = Buffer.byteLength(text) > 1024 * 1024;
              expectRefused(
                await call(route, { body: text }),
                tooLarge
                  ? { statuses: [413], codes: ['payload_too_large'] }
                  : { statuses: [400], codes: ['invalid_input'], field: { in: 'body', path: formatPath(path) } },
                `${route.key} with ${formatPath(path)} of ${length} × ${char}`,
              );
            },
          ),
          { numRuns: HEAVY_RUNS },
        );
      }
    });

    it('deep nesting is refused by field', async () => {
      for (const route of bodyRoutes()) {
        const { fields } = pathsOf(route.valid);
        await fc.assert(
          fc.asyncProperty(
            fc.constantFrom(...fields),
            fc.integer({ min: 100, max: 100_000 }),
            fc.boolean(),
            async (path, depth, arrays) => {
              const marker = '"__deep_nesting__"';
              const nested = arrays
                ? `${'['.repeat(depth)}${']'.repeat(depth)}`
                : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
              const text = JSON.stringify(setAt(route.valid, path, '__deep_nesting__')).replace(marker, nested);
              expectRefused(
                await call(route, { body: text }),
                { statuses: [400], codes: ['invalid_input'], field: { in: 'body', path: formatPath(path) } },
                `${route.key} with ${formatPath(path)} nested ${depth} deep (${arrays ? 'arrays' : 'objects'})`,
              );
            },
          ),
          { numRuns: HEAVY_RUNS },
        );
      }
    });

    it('text that is not JSON, sent as application/json, is invalid JSON', async () => {
      for (const route of bodyRoutes()) {
        await fc.assert(
          fc.asyncProperty(notJson, async (text) => {
            expectRefused(
              await call(route, { body: text }),
              { statuses: [400], codes: ['invalid_json'] },
              `${route.key} with body ${JSON.stringify(text.slice(0, 40))}`,
            );
          }),
          { numRuns: RUNS },
        );
        for (const poisoned of ['{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{"admin":true}}}']) {
          expectRefused(
            await call(route, { body: poisoned }),
            { statuses: [400], codes: ['invalid_json', 'invalid_input'] },
            `${route.key} with ${poisoned}`,
          );
        }
      }
    });

    it('a body in another content type is refused with 415, naming the content-type header', async () => {
      for (const route of bodyRoutes()) {
        // Every type, every route: a handful of constants needs no sampling.
        for (const contentType of WRONG_CONTENT_TYPES) {
          const response = await call(route, { body: JSON.stringify(route.valid), contentType });
          const label = `${route.key} as ${contentType}`;
          expectRefused(response, { statuses: [415], codes: ['unsupported_media_type'] }, label);
          expect((JSON.parse(response.text) as Problem).errors, label).toEqual([
            { in: 'headers', path: 'content-type', message: 'must be application/json' },
          ]);
        }
      }
    });

    it('an empty body is refused, with or without a content type', async () => {
      for (const route of bodyRoutes()) {
        for (const contentType of ['application/json', null]) {
          expectRefused(
            await call(route, { body: '', contentType }),
            { statuses: [400], codes: ['invalid_json', 'invalid_input'], field: { in: 'body', path: '(root)' } },
            `${route.key} with an empty body as ${contentType ?? 'no content type'}`,
          );
        }
        // Declared as another type, even an empty body is refused for its type, as any other is.
        expectRefused(
          await call(route, { body: '', contentType: 'text/plain' }),
          { statuses: [415], codes: ['unsupported_media_type'] },
          `${route.key} with an empty body as text/plain`,
        );
        const nothing = await rawRequest(world.server, {
          method: route.method,
          path: pathFor(route.url, world),
          headers: credentials(route, pathFor(route.url, world)),
        });
        expectRefused(
          nothing,
          { statuses: [400], codes: ['invalid_input'], field: { in: 'body', path: '(root)' } },
          `${route.key} with no body at all`,
        );
      }
    });
  });

  describe('malformed params', () => {
    /** Each kind of bad id is tried on every param, so none is left to chance. */
    const BAD_IDS: Record<string, fc.Arbitrary<string>> = {
      'not a uuid': fc.oneof(
        fc.string({ minLength: 1, maxLength: 40 }),
        fc.uuid().map((id) => `${id}x`),
        fc.uuid().map((id) => id.toUpperCase().replace(/-/g, '')),
        fc.constantFrom('0', '-1', 'null', '..', '.', '%', 'a/b', ' ', '\u0000'),
      ),
      'very long': fc.integer({ min: 201, max: 8_000 }).map((length) => 'a'.repeat(length)),
      unicode: fc.oneof(
        fc.string({ minLength: 1, maxLength: 40, unit: 'binary' }),
        fc.string({ minLength: 1, maxLength: 20, unit: 'grapheme' }),
        fc.constantFrom('🙂', 'ﬁ', 'é', '\u202e', '\ufeff'),
      ),
    };
    /** Percent-encodings that do not decode to text: refused before any param is known. */
    const broken = fc.constantFrom('%', '%zz', '%E0%A4%A', '%FF', '%C0%AF', 'abc%');
    const badVersion = fc.oneof(
      fc.constantFrom('0', '-1', 'abc', '1.5', '1e9', '99999999999', 'NaN', 'Infinity', '0x10', ' '),
      fc.string({ minLength: 1, maxLength: 30, unit: 'binary' }),
    );

    it('a bad id or version is refused, naming the param', async () => {
      const withParams = routes.filter((route) => route.params);
      expect(withParams.length).toBeGreaterThan(5);
      for (const route of withParams) {
        const names = [...route.url.matchAll(/:(\w+)/g)].map((match) => match[1] as string);
        for (const name of names) {
          const kinds = name === 'version' ? { 'bad version': badVersion } : BAD_IDS;
          for (const [kind, values] of Object.entries(kinds)) {
            await fc.assert(
              fc.asyncProperty(values, async (value) => {
                const params = Object.fromEntries(names.map((n) => [n, n === 'version' ? '1' : world.clientId]));
                fc.pre(!route.params?.safeParse({ ...params, [name]: value }).success);
                const response = await call(route, {
                  path: pathFor(route.url, world, { name, raw: encodeURIComponent(value) }),
                });
                expectRefused(
                  response,
                  { statuses: [400], codes: ['invalid_input'], field: { in: 'params', path: name } },
                  `${route.key} with :${name} ${kind} = ${JSON.stringify(value.slice(0, 60))}`,
                );
              }),
              { numRuns: HEAVY_RUNS },
            );
          }
          await fc.assert(
            fc.asyncProperty(broken, async (raw) => {
              expectRefused(
                await call(route, { path: pathFor(route.url, world, { name, raw }) }),
                { statuses: [400], codes: ['invalid_input'], field: { in: 'params', path: '(root)' } },
                `${route.key} with :${name} = ${raw}`,
              );
            }),
            { numRuns: 3 },
          );
        }
      }
    });
  });

  describe('malformed queries', () => {
    interface QueryCase {
      query: string;
      key: string;
    }
    /** Bad values of keys only some routes have, by route. */
    const AUDIT_QUERIES: QueryCase[] = [
      { query: 'clientId=not-a-uuid', key: 'clientId' },
      { query: 'actorUserId=1', key: 'actorUserId' },
      { query: 'from=yesterday', key: 'from' },
      { query: 'to=2025-13-01T00:00:00Z', key: 'to' },
      { query: 'outcome=bogus', key: 'outcome' },
      { query: 'action=', key: 'action' },
      { query: `action=${'a'.repeat(101)}`, key: 'action' },
      { query: 'action=client.read%00', key: 'action' },
      ...[
        '[1.5]',
        '[1e400]',
        '["a"]',
        '[-1.5]',
        '[true]',
        '[1, 2]',
        '["2025-01-01T00:00:00.000Z", 1.5]',
        '["2025-01-01T00:00:00.000Z", 1e400]',
        '["2025-01-01T00:00:00.000Z", "1"]',
        '[null, 1]',
      ].map((json) => ({
        query: `cursor=${Buffer.from(json).toString('base64url')}`,
        key: 'cursor',
      })),
    ];
    const OUTCOMES_QUERIES: QueryCase[] = [
      { query: 'from=2026-02-30', key: 'from' },
      { query: 'to=yesterday', key: 'to' },
      { query: 'from=2026-03-01&to=2026-02-01', key: 'to' },
      { query: 'from=2020-01-01&to=2026-01-01', key: 'from' },
      { query: 'from=2026-01-01&from=2026-02-01', key: 'from' },
      { query: 'clinician=1', key: 'clinician' },
      { query: 'clinician=', key: 'clinician' },
    ];
    const SPECIFIC_QUERIES: Record<string, QueryCase[]> = {
      'GET /api/v1/audit-events': AUDIT_QUERIES,
      'GET /api/v1/audit-events/export': AUDIT_QUERIES,
      // The receiving audience needs its consent, and a consent goes with that audience only.
      'GET /fhir/R4/CarePlan/:id': [
        { query: 'audience=patient', key: 'audience' },
        { query: 'audience=receiving', key: 'consent' },
        { query: 'audience=receiving&consent=1', key: 'consent' },
        { query: `consent=${WELL_FORMED_ID}`, key: 'consent' },
        { query: `audience=clinician&consent=${WELL_FORMED_ID}`, key: 'consent' },
      ],
      'GET /api/v1/clients/:id/disclosures/pdf': [
        { query: 'lang=fr', key: 'lang' },
        { query: 'lang=', key: 'lang' },
        { query: 'lang=en&lang=es', key: 'lang' },
      ],
      'GET /api/v1/outcomes': OUTCOMES_QUERIES,
      'GET /api/v1/outcomes/export': OUTCOMES_QUERIES,
      'GET /api/v1/clients': [
        { query: `q=${'a'.repeat(101)}`, key: 'q' },
        { query: 'q=a&q=b', key: 'q' },
        { query: 'q=Avery%00Stone', key: 'q' },
        { query: 'archived=maybe', key: 'archived' },
        { query: 'archived=', key: 'archived' },
        { query: 'archived=true', key: 'archived' },
        { query: 'archived=ONLY', key: 'archived' },
        { query: 'archived=only&archived=include', key: 'archived' },
        ...['[1]', '["a","b","c"]', '["\\u0000","x"]', '{}', 'null'].map((json) => ({
          query: `cursor=${Buffer.from(json).toString('base64url')}`,
          key: 'cursor',
        })),
      ],
    };

    /** Bad values for keys any list may have (limit, cursor), and keys no schema knows. */
    function queryCases(route: FuzzRoute): fc.Arbitrary<QueryCase> {
      const shape = (route.querystring as unknown as { shape?: Record<string, unknown> }).shape ?? {};
      const keys = Object.keys(shape);
      const cases: Array<fc.Arbitrary<QueryCase>> = [
        fc
          .string({ minLength: 1, maxLength: 12 })
          .filter((key) => !keys.includes(key))
          .map((key) => ({ query: `${encodeURIComponent(key)}=1`, key })),
      ];
      if (keys.includes('limit')) {
        cases.push(
          fc
            .oneof(
              fc.constantFrom('-1', 'abc', '1e9', '0', '1.5', '', ' ', '501', '100001', 'Infinity', '0x10'),
              fc.string({ maxLength: 10 }),
            )
            .filter((value) => !route.querystring?.safeParse({ limit: value }).success)
            .map((value) => ({ query: `limit=${encodeURIComponent(value)}`, key: 'limit' })),
          fc.constant({ query: 'limit=1&limit=2', key: 'limit' }),
        );
      }
      if (keys.includes('cursor')) {
        cases.push(
          fc
            .oneof(
              fc.string({ minLength: 1, maxLength: 80 }),
              fc.integer({ min: 501, max: 2_000 }).map((length) => 'A'.repeat(length)),
            )
            // Garbage, unless it happens to decode to a position (then it is a cursor).
            .filter((value) => decodeCursor(value, 1) === undefined && decodeCursor(value, 2) === undefined)
            .map((value) => ({ query: `cursor=${encodeURIComponent(value)}`, key: 'cursor' })),
        );
      }
      const specific = SPECIFIC_QUERIES[route.key];
      if (specific) cases.push(fc.constantFrom(...specific));
      return fc.oneof(...cases);
    }

    it('a bad limit, an unknown key or a bad cursor is refused, naming the key', async () => {
      const withQuery = routes.filter((route) => route.querystring);
      expect(withQuery.map((route) => route.key)).toEqual(expect.arrayContaining(Object.keys(SPECIFIC_QUERIES)));
      for (const route of withQuery) {
        // Every specific case once, then generated ones.
        for (const { query, key } of SPECIFIC_QUERIES[route.key] ?? []) {
          expectRefused(
            await call(route, { path: `${pathFor(route.url, world)}?${query}` }),
            { statuses: [400], codes: ['invalid_input'], field: { in: 'query', path: key } },
            `${route.key}?${query.slice(0, 120)}`,
          );
        }
        await fc.assert(
          fc.asyncProperty(queryCases(route), async ({ query, key }) => {
            expectRefused(
              await call(route, { path: `${pathFor(route.url, world)}?${query}` }),
              { statuses: [400], codes: ['invalid_input'], field: { in: 'query', path: key } },
              `${route.key}?${query.slice(0, 120)}`,
            );
          }),
          { numRuns: RUNS * 3 },
        );
      }
    });
  });

  describe('malformed headers', () => {
    it('a garbage session cookie is anonymous: 401 on every protected route', async () => {
      const protectedRoutes = routes.filter((route) => route.access === 'signed-in' || route.access === 'admin');
      for (const route of protectedRoutes) {
        await fc.assert(
          fc.asyncProperty(
            fc.oneof(
              printable,
              printable.map((value) => `stepdown_session=${value}`),
            ),
            async (cookie) => {
              expectRefused(
                await call(route, { headers: { cookie } }),
                { statuses: [401], codes: ['unauthenticated'] },
                `${route.key} with cookie ${cookie}`,
              );
            },
          ),
          { numRuns: RUNS },
        );
      }
    });

    it('a garbage CSRF token is refused on every state-changing route', async () => {
      const changing = routes.filter((route) => STATE_CHANGING.has(route.method) && sessionCredentials(route));
      expect(changing.length).toBeGreaterThan(5);
      for (const route of changing) {
        await fc.assert(
          fc.asyncProperty(printable, async (token) => {
            fc.pre(token.trim() !== world.admin.csrfToken);
            expectRefused(
              await call(route, { headers: { 'x-csrf-token': token } }),
              { statuses: [403], codes: ['csrf_failed'] },
              `${route.key} with x-csrf-token ${token}`,
            );
          }),
          { numRuns: RUNS },
        );
      }
    });

    it('an Origin from another site is refused on every state-changing route', async () => {
      const host = new URL(world.server.baseUrl).host;
      const changing = routes.filter((route) => STATE_CHANGING.has(route.method) && sessionCredentials(route));
      for (const route of changing) {
        await fc.assert(
          fc.asyncProperty(
            fc.oneof(
              fc.domain().map((domain) => `https://${domain}`),
              fc.constantFrom(
                `http://${host}.evil.example`,
                `https://evil.example`,
                'http://127.0.0.1',
                'file://',
                'x',
              ),
              printable,
            ),
            async (origin) => {
              fc.pre(origin.trim() !== world.server.baseUrl && origin.trim() !== 'null');
              expectRefused(
                await call(route, { headers: { origin } }),
                { statuses: [403], codes: ['csrf_failed'] },
                `${route.key} with Origin ${origin}`,
              );
            },
          ),
          { numRuns: RUNS },
        );
      }
    });

    it('a Content-Length that is not the length of the body is 400, naming the header', async () => {
      // Over a socket Node reads exactly Content-Length bytes, so a mismatch only reaches the app from
      // an injected request (or a hook that rewrites the body stream): inject it.
      const withBody = routes.filter((route) => route.body && VALID_BODIES[route.key]);
      expect(withBody.length).toBeGreaterThan(5);
      for (const route of withBody) {
        const body = JSON.stringify(VALID_BODIES[route.key]?.(world));
        for (const length of [Buffer.byteLength(body) - 1, Buffer.byteLength(body) + 7]) {
          const injected = await world.server.app.inject({
            method: route.method as 'POST' | 'PUT' | 'PATCH',
            url: pathFor(route.url, world),
            headers: {
              // The CDS audience is the server's public address (here where it listens), injected or not.
              ...credentials(route, pathFor(route.url, world)),
              'content-type': 'application/json',
              'content-length': String(length),
            },
            payload: body,
          });
          const label = `${route.key} with content-length ${length} for ${Buffer.byteLength(body)} bytes`;
          expectRefused(
            { status: injected.statusCode, contentType: String(injected.headers['content-type']), text: injected.body },
            { statuses: [400], codes: ['invalid_input'], field: { in: 'headers', path: 'content-length' } },
            label,
          );
        }
      }
    });

    it('a garbage If-Match is refused, naming the header', async () => {
      const withIfMatch = routes.filter((route) =>
        Object.keys(
          (route.headers as unknown as { shape?: Record<string, unknown> } | undefined)?.shape ?? {},
        ).includes('if-match'),
      );
      expect(withIfMatch.map((route) => route.key)).toContain('PUT /api/v1/assessments/:id');
      // A route whose body has no example yet is reported by the first test; its body would be refused first.
      for (const route of withIfMatch.filter((r) => !r.body || VALID_BODIES[r.key])) {
        await fc.assert(
          fc.asyncProperty(
            fc.oneof(printable, fc.constantFrom('*', 'W/"1"', '"1", "2"', '""', '"-1"', '"12345678"', '"1.5"')),
            async (ifMatch) => {
              fc.pre(!/^"?\d{1,7}"?$/.test(ifMatch.trim()));
              expectRefused(
                await call(route, { headers: { 'if-match': ifMatch } }),
                { statuses: [400], codes: ['invalid_input'], field: { in: 'headers', path: 'if-match' } },
                `${route.key} with If-Match ${ifMatch}`,
              );
            },
          ),
          { numRuns: RUNS * 2 },
        );
      }
    });
  });
});
