/**
 * The access-control matrix, built from the app's own route table: every route the app registers
 * is called as anonymous, as a clinician and an admin of another organisation, and as a clinician
 * and an admin of the organisation that owns the data, and must give exactly the outcome its
 * declared access promises. A route with no entry in ROUTES below fails the test, so a new route
 * cannot ship without its row in the matrix.
 */
import type { RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDefaultRuleSet } from '../../src/core/rulesets/index.js';
import { buildApp } from '../../src/server/app.js';
import { decoyHash } from '../../src/server/auth/passwords.js';
import type { Access } from '../../src/server/context.js';
import { getAssessment } from '../../src/storage/assessments.js';
import { archiveClient, getClient, insertClient } from '../../src/storage/clients.js';
import type { Organization, User } from '../../src/storage/records.js';
import { getLatestFinalVersion, getPlanVersion } from '../../src/storage/plans.js';
import { getUser } from '../../src/storage/users.js';
import { changeReferralStatus, insertReferral } from '../../src/storage/referrals.js';
import { randomUUID } from 'node:crypto';
import { insertOwnedProgram } from '../../src/storage/programs.js';
import { ensureProgram, programFixture } from '../fixtures/programs.js';
import { testDialects } from '../support/databases.js';
import { assessmentDocument, expectJson, expectProblem, send } from '../support/http.js';
import {
  clientWithAssessment,
  completed,
  dayFromNow,
  documentOf,
  draftPlan,
  finalisedPlan,
  savePlan,
} from '../support/plans.js';
import { cdsFeedback, hookRequest } from '../support/cds.js';
import { type Session, signIn, startTestServer, TEST_PASSWORD, type TestServer } from '../support/server.js';

const CALLERS = ['anonymous', 'otherClinician', 'otherAdmin', 'clinician', 'admin'] as const;
type Caller = (typeof CALLERS)[number];
const ACCESS_LEVELS: readonly Access[] = ['public', 'signed-in', 'admin', 'cds-client'];

/** What the calls need: an organisation with data, another organisation, and a session per caller. */
interface World {
  server: TestServer;
  org: Organization;
  otherOrg: Organization;
  users: Record<Exclude<Caller, 'anonymous'>, User>;
  /** A clinician of the organisation, whom admins change. */
  colleague: User;
  /** Signs in through the public sign-in route. */
  signInUser: User;
  sessions: Map<Caller, Session>;
  clientId: string;
  assessmentId: string;
  otherClientId: string;
  /** A new client of the organisation, for calls that change a client for good. */
  freshClient(): Promise<string>;
  /** A finalised plan of the organisation, with a consent on it (revoked by its row). */
  plan: { id: string; clientId: string; consentId: string };
  /** Another finalised plan whose share code and consent code nothing revokes, for the public pages. */
  shared: { shareCode: string; consentCode: string };
  /** A complete draft of a new client, ready to finalise. */
  finalisablePlan(): Promise<{ id: string; version: number }>;
  /** A draft of a new client whose assessment was revised after it: the plan's newer assessment. */
  stalePlan(): Promise<{ id: string; version: number; newer: { id: string; version: number } }>;
  /** A program the organisation listed itself (its admins alone change it). */
  ownedProgramId: string;
  /** Codes of unused set-password links of new users, one taken per call that uses one up. */
  invitationCodes: string[];
}

interface Call {
  path: string;
  json?: unknown;
  headers?: Record<string, string>;
}

interface RouteEntry {
  /** The access the route must declare: a change of access is a reviewed change of this table. */
  access: Access;
  /** The request to make as `caller`. */
  call(world: World, caller: Caller): Call | Promise<Call>;
  /** The status a caller allowed by the route's access gets. */
  ok: number;
  /**
   * For protected routes, what another organisation's user gets when allowed by role: a resource of
   * this organisation is not found (never "forbidden", so ids cannot be probed); a list shows only
   * their own data; anything else works for them as for anyone.
   */
  otherOrganisation?: 'not-found' | 'own-data' | 'allowed' | 'forbidden';
  /** Checks a successful JSON response. */
  check?(body: unknown, world: World, caller: Caller): void | Promise<void>;
  /**
   * Ends the caller's session: called after every other route; 'last' after those too (sign-in ends
   * the session it is sent with, so it runs once sign-out has ended it).
   */
  endsSession?: boolean | 'last';
}

/** A fresh check-in link to the GAD-7 for the matrix client. */
async function checkInCode(world: World): Promise<string> {
  const response = await send(
    world.server,
    world.sessions.get('clinician') ?? null,
    'POST',
    `/api/v1/clients/${world.clientId}/check-in-links`,
    {
      json: { instruments: ['gad-7'] },
    },
  );
  return (await expectJson<{ code: string }>(response, 201)).code;
}

/** A fresh open safety alert of the matrix client (PHQ-9 item 9 answered 1). */
async function openAlert(world: World): Promise<string> {
  const response = await send(
    world.server,
    world.sessions.get('clinician') ?? null,
    'POST',
    `/api/v1/clients/${world.clientId}/measures`,
    {
      json: { instrument: 'phq-9', answers: [0, 0, 0, 0, 0, 0, 0, 0, 1], takenAt: world.server.now().toISOString() },
    },
  );
  const measure = await expectJson<{ alerts: Array<{ id: string }> }>(response, 201);
  return measure.alerts[0]?.id ?? '';
}

/** A fresh open step signal: a new client whose attendance shows three sessions missed this week. */
async function openStepSignal(world: World): Promise<string> {
  const clinician = world.sessions.get('clinician') ?? null;
  const client = await expectJson<{ id: string }>(
    await send(world.server, clinician, 'POST', '/api/v1/clients', { json: { displayName: 'Matrix Missed' } }),
    201,
  );
  await expectJson(
    await send(world.server, clinician, 'POST', `/api/v1/clients/${client.id}/measures`, {
      json: { instrument: 'attendance', answers: [0, 1, 2], takenAt: world.server.now().toISOString() },
    }),
    201,
  );
  const signals = await expectJson<{ signals: Array<{ rule: string; id: string | null }> }>(
    await send(world.server, clinician, 'GET', `/api/v1/clients/${client.id}/signals`),
    200,
  );
  return signals.signals.find((s) => s.rule === 'step-up.missed-sessions')?.id ?? '';
}

function isOtherOrganisation(caller: Caller): boolean {
  return caller === 'otherClinician' || caller === 'otherAdmin';
}

function idsOf(body: unknown): string[] {
  return (body as { items: Array<{ id: string }> }).items.map((item) => item.id);
}

/** How to call each route, by "METHOD url" as the app registers it. HEAD routes reuse their GET row. */
const ROUTES: Record<string, RouteEntry> = {
  'GET /': {
    access: 'public',
    ok: 200,
    call: () => ({ path: '/' }),
  },
  'GET /app': {
    access: 'public',
    ok: 200,
    call: () => ({ path: '/app' }),
  },
  // The web front end's files (built or not): an address with no file is "not found" for everyone alike.
  'GET /*': {
    access: 'public',
    ok: 404,
    call: () => ({ path: '/no-such-file.txt' }),
  },
  'GET /healthz': {
    access: 'public',
    ok: 200,
    call: () => ({ path: '/healthz' }),
  },
  'GET /readyz': {
    access: 'public',
    ok: 200,
    call: () => ({ path: '/readyz' }),
  },
  'GET /api/openapi.json': {
    access: 'public',
    ok: 200,
    call: () => ({ path: '/api/openapi.json' }),
  },
  'GET /api/docs': {
    access: 'public',
    ok: 200,
    call: () => ({ path: '/api/docs' }),
  },
  'GET /api/docs/': {
    access: 'public',
    ok: 200,
    call: () => ({ path: '/api/docs/' }),
  },
  'HEAD /api/docs/': {
    access: 'public',
    ok: 200,
    call: () => ({ path: '/api/docs/' }),
  },
  'GET /api/docs/json': {
    access: 'public',
    ok: 200,
    call: () => ({ path: '/api/docs/json' }),
  },
  'GET /api/docs/yaml': {
    access: 'public',
    ok: 200,
    call: () => ({ path: '/api/docs/yaml' }),
  },
  'GET /api/docs/static/index.html': {
    access: 'public',
    ok: 302,
    call: () => ({ path: '/api/docs/static/index.html' }),
  },
  'GET /api/docs/static/swagger-initializer.js': {
    access: 'public',
    ok: 200,
    call: () => ({ path: '/api/docs/static/swagger-initializer.js' }),
  },
  'GET /api/docs/static/*': {
    access: 'public',
    ok: 200,
    call: () => ({ path: '/api/docs/static/swagger-ui.css' }),
  },

  'POST /api/v1/auth/sign-in': {
    access: 'public',
    ok: 200,
    endsSession: 'last',
    call: (world) => ({
      path: '/api/v1/auth/sign-in',
      json: { email: world.signInUser.email, password: TEST_PASSWORD },
    }),
    check: (body, world) => expect((body as { user: { id: string } }).user.id).toBe(world.signInUser.id),
  },
  'GET /api/v1/auth/session': {
    access: 'signed-in',
    ok: 200,
    otherOrganisation: 'allowed',
    call: () => ({ path: '/api/v1/auth/session' }),
    check: (body, world, caller) =>
      expect((body as { user: { id: string } }).user.id).toBe(world.users[caller as Exclude<Caller, 'anonymous'>].id),
  },
  'POST /api/v1/auth/sign-out': {
    access: 'signed-in',
    ok: 204,
    otherOrganisation: 'allowed',
    endsSession: true,
    call: () => ({ path: '/api/v1/auth/sign-out' }),
  },

  'GET /api/v1/users': {
    access: 'admin',
    ok: 200,
    otherOrganisation: 'own-data',
    call: () => ({ path: '/api/v1/users' }),
    check: (body, world, caller) => {
      const organizationIds = new Set(
        (body as { items: Array<{ organizationId: string }> }).items.map((u) => u.organizationId),
      );
      expect([...organizationIds]).toEqual([isOtherOrganisation(caller) ? world.otherOrg.id : world.org.id]);
    },
  },
  'POST /api/v1/users': {
    access: 'admin',
    ok: 201,
    otherOrganisation: 'own-data',
    call: (_world, caller) => ({
      path: '/api/v1/users',
      json: {
        email: `new.${caller}.${Math.random().toString(36).slice(2)}@example.org`,
        displayName: 'New Colleague',
        role: 'clinician',
        password: 'a long enough password',
      },
    }),
    check: (body, world, caller) =>
      expect((body as { organizationId: string }).organizationId).toBe(
        isOtherOrganisation(caller) ? world.otherOrg.id : world.org.id,
      ),
  },
  'POST /api/v1/users/:id/set-password-link': {
    access: 'admin',
    ok: 201,
    otherOrganisation: 'not-found',
    call: (world) => ({ path: `/api/v1/users/${world.colleague.id}/set-password-link` }),
    check: (body) => expect((body as { url: string }).url).toMatch(/\/app#\/set-password\/[\w-]{43}$/),
  },
  'POST /api/v1/auth/set-password/check': {
    access: 'public',
    ok: 200,
    call: (world) => ({ path: '/api/v1/auth/set-password/check', json: { code: world.invitationCodes[0] } }),
  },
  // Signs the new user in, ending the session the caller sent (as sign-in does).
  'POST /api/v1/auth/set-password': {
    access: 'public',
    ok: 200,
    endsSession: 'last',
    call: (world) => ({
      path: '/api/v1/auth/set-password',
      json: { code: world.invitationCodes.pop(), password: 'lantern orchard velvet compass' },
    }),
  },
  'PATCH /api/v1/users/:id': {
    access: 'admin',
    ok: 200,
    otherOrganisation: 'not-found',
    call: (world, caller) => ({
      path: `/api/v1/users/${world.colleague.id}`,
      json: { displayName: `Renamed by ${caller}` },
    }),
  },

  'POST /api/v1/clients': {
    access: 'signed-in',
    ok: 201,
    otherOrganisation: 'allowed',
    call: (_world, caller) => ({ path: '/api/v1/clients', json: { displayName: `Created by ${caller}` } }),
    check: async (body, world, caller) => {
      const created = await getClient(
        world.server.database.handle.db,
        isOtherOrganisation(caller) ? world.otherOrg.id : world.org.id,
        (body as { id: string }).id,
      );
      expect(created?.displayName).toBe(`Created by ${caller}`);
    },
  },
  'GET /api/v1/clients': {
    access: 'signed-in',
    ok: 200,
    otherOrganisation: 'own-data',
    call: () => ({ path: '/api/v1/clients?archived=include&limit=100' }),
    check: (body, world, caller) => {
      const ids = idsOf(body);
      if (isOtherOrganisation(caller)) {
        expect(ids).toContain(world.otherClientId);
        expect(ids).not.toContain(world.clientId);
      } else {
        expect(ids).toContain(world.clientId);
        expect(ids).not.toContain(world.otherClientId);
      }
    },
  },
  'GET /api/v1/clients/:id': {
    access: 'signed-in',
    ok: 200,
    otherOrganisation: 'not-found',
    call: (world) => ({ path: `/api/v1/clients/${world.clientId}` }),
    check: (body, world) => expect((body as { id: string }).id).toBe(world.clientId),
  },
  'PATCH /api/v1/clients/:id': {
    access: 'signed-in',
    ok: 200,
    otherOrganisation: 'not-found',
    call: (world, caller) => ({ path: `/api/v1/clients/${world.clientId}`, json: { externalRef: `REF-${caller}` } }),
    check: (body, _world, caller) => expect((body as { externalRef: string }).externalRef).toBe(`REF-${caller}`),
  },
  'POST /api/v1/clients/:id/archive': {
    access: 'signed-in',
    ok: 200,
    otherOrganisation: 'not-found',
    call: async (world) => ({ path: `/api/v1/clients/${await world.freshClient()}/archive` }),
    check: (body) => expect((body as { archived: boolean }).archived).toBe(true),
  },
  'POST /api/v1/clients/:id/restore': {
    access: 'signed-in',
    ok: 200,
    otherOrganisation: 'not-found',
    // An archived client per call, so each caller allowed has one to restore.
    call: async (world) => {
      const id = await world.freshClient();
      await archiveClient(world.server.database.handle.db, world.org.id, id, world.server.now().toISOString());
      return { path: `/api/v1/clients/${id}/restore` };
    },
    check: (body) => expect(body).toMatchObject({ archived: false, archivedAt: null }),
  },
  'POST /api/v1/clients/:id/assessments': {
    access: 'signed-in',
    ok: 201,
    otherOrganisation: 'not-found',
    call: (world) => ({ path: `/api/v1/clients/${world.clientId}/assessments`, json: assessmentDocument() }),
    check: (body, world) => expect((body as { clientId: string }).clientId).toBe(world.clientId),
  },
  'GET /api/v1/clients/:id/assessments': {
    access: 'signed-in',
    ok: 200,
    otherOrganisation: 'not-found',
    call: (world) => ({ path: `/api/v1/clients/${world.clientId}/assessments` }),
    check: (body, world) => expect(idsOf(body)).toContain(world.assessmentId),
  },
  'GET /api/v1/assessments/:id': {
    access: 'signed-in',
    ok: 200,
    otherOrganisation: 'not-found',
    call: (world) => ({ path: `/api/v1/assessments/${world.assessmentId}` }),
    check: (body, world) => expect((body as { id: string }).id).toBe(world.assessmentId),
  },
  'GET /api/v1/assessments/:id/versions/:version': {
    access: 'signed-in',
    ok: 200,
    otherOrganisation: 'not-found',
    call: (world) => ({ path: `/api/v1/assessments/${world.assessmentId}/versions/1` }),
    check: (body) => expect((body as { version: number }).version).toBe(1),
  },
  'PUT /api/v1/assessments/:id': {
    access: 'signed-in',
    ok: 200,
    otherOrganisation: 'not-found',
    // The current version as If-Match: another organisation must get 404, not 412, for a real id.
    call: async (world) => {
      const current = await getAssessment(world.server.database.handle.db, world.org.id, world.assessmentId);
      return {
        path: `/api/v1/assessments/${world.assessmentId}`,
        json: assessmentDocument(),
        headers: { 'if-match': `"${current?.version ?? 0}"` },
      };
    },
  },
  'POST /api/v1/recommendations': {
    access: 'signed-in',
    ok: 200,
    otherOrganisation: 'allowed',
    call: () => ({ path: '/api/v1/recommendations', json: assessmentDocument() }),
    check: (body) => expect((body as { primary: { setting: string } }).primary.setting).toBe('iop'),
  },

  'GET /api/v1/programs': {
    access: 'public',
    ok: 200,
    call: async (world) => {
      await ensureProgram(world.server.database.handle.db);
      return { path: '/api/v1/programs?setting=iop&lat=42.3647&lon=-71.1042&radiusMiles=5' };
    },
    check: (body) => expect((body as { total: number }).total).toBeGreaterThan(0),
  },
  'POST /api/v1/programs/match': {
    access: 'public',
    ok: 200,
    call: async (world) => {
      await ensureProgram(world.server.database.handle.db);
      return {
        path: '/api/v1/programs/match',
        json: { location: { lat: 42.3647, lon: -71.1042 }, radiusMiles: 5, setting: 'iop' },
      };
    },
    check: (body) => expect((body as { items: unknown[] }).items.length).toBeGreaterThan(0),
  },
  'GET /api/v1/programs/:id': {
    access: 'public',
    ok: 200,
    call: async (world) => ({ path: `/api/v1/programs/${(await ensureProgram(world.server.database.handle.db)).id}` }),
  },
  'GET /api/v1/programs/:id/calendar.ics': {
    access: 'public',
    ok: 200,
    call: async (world) => ({
      path: `/api/v1/programs/${(await ensureProgram(world.server.database.handle.db)).id}/calendar.ics`,
    }),
  },
  // A clinic lists programs it knows; only its own admins change them (decision 9).
  'POST /api/v1/programs': {
    access: 'admin',
    ok: 201,
    otherOrganisation: 'allowed',
    call: (_world, caller) => ({
      path: '/api/v1/programs',
      json: { name: `Listed by ${caller}`, setting: 'iop', location: { zip: '02139' } },
    }),
    check: (body) => expect((body as { editable: boolean }).editable).toBe(true),
  },
  'PATCH /api/v1/programs/:id': {
    access: 'admin',
    ok: 200,
    otherOrganisation: 'forbidden',
    call: (world, caller) => ({
      path: `/api/v1/programs/${world.ownedProgramId}`,
      json: { contact: { website: `https://example.org/${caller}` } },
    }),
  },
  'PUT /api/v1/programs/:id/tracks': {
    access: 'admin',
    ok: 200,
    otherOrganisation: 'forbidden',
    call: (world, caller) => ({
      path: `/api/v1/programs/${world.ownedProgramId}/tracks`,
      json: { tracks: [{ name: `Set by ${caller}`, slots: [{ day: 'tue', start: '18:00', end: '21:00' }] }] },
    }),
  },
  // Any clinic's admin keeps their own note on any program, a directory program included.
  'PUT /api/v1/programs/:id/note': {
    access: 'admin',
    ok: 200,
    otherOrganisation: 'allowed',
    call: async (world, caller) => ({
      path: `/api/v1/programs/${(await ensureProgram(world.server.database.handle.db)).id}/note`,
      json: { text: `Noted by ${caller}` },
    }),
    check: (body, _world, caller) => expect((body as { note: { text: string } }).note.text).toBe(`Noted by ${caller}`),
  },
  'GET /api/v1/programs/:id/history': {
    access: 'signed-in',
    ok: 200,
    otherOrganisation: 'allowed',
    call: (world) => ({ path: `/api/v1/programs/${world.ownedProgramId}/history` }),
  },
  'POST /api/v1/clients/:id/referrals': {
    access: 'signed-in',
    ok: 201,
    otherOrganisation: 'not-found',
    call: async (world) => ({
      path: `/api/v1/clients/${world.clientId}/referrals`,
      json: { programId: (await ensureProgram(world.server.database.handle.db)).id },
    }),
    check: (body, world) => expect((body as { clientId: string }).clientId).toBe(world.clientId),
  },
  'GET /api/v1/clients/:id/referrals': {
    access: 'signed-in',
    ok: 200,
    otherOrganisation: 'not-found',
    call: (world) => ({ path: `/api/v1/clients/${world.clientId}/referrals` }),
  },
  'PATCH /api/v1/referrals/:id': {
    access: 'signed-in',
    ok: 200,
    otherOrganisation: 'not-found',
    // A fresh referral of this organisation per call: a status moves on only once.
    call: async (world) => {
      const db = world.server.database.handle.db;
      const referral = await insertReferral(db, {
        organizationId: world.org.id,
        clientId: world.clientId,
        programId: (await ensureProgram(db)).id,
        createdBy: world.users.clinician.id,
        now: world.server.now().toISOString(),
      });
      return { path: `/api/v1/referrals/${referral.id}`, json: { status: 'accepted' } };
    },
    check: (body) => expect((body as { status: string }).status).toBe('accepted'),
  },
  'GET /fhir/R4/HealthcareService/:id': {
    access: 'public',
    ok: 200,
    call: async (world) => ({
      path: `/fhir/R4/HealthcareService/${(await ensureProgram(world.server.database.handle.db)).id}`,
    }),
  },
  'GET /fhir/R4/Location/:id': {
    access: 'public',
    ok: 200,
    call: async (world) => {
      const program = await ensureProgram(world.server.database.handle.db);
      const response = await send(world.server, null, 'GET', `/fhir/R4/HealthcareService/${program.id}`);
      const reference = ((await response.json()) as { location: Array<{ reference: string }> }).location[0]?.reference;
      return { path: `/fhir/R4/${reference ?? 'Location/missing'}` };
    },
  },

  'GET /api/v1/audit-events': {
    access: 'admin',
    ok: 200,
    otherOrganisation: 'own-data',
    call: () => ({ path: '/api/v1/audit-events?limit=500' }),
    check: (body, world, caller) => {
      const items = (body as { items: Array<{ actorUserId: string | null; outcome: string }> }).items;
      const actors = new Set(items.map((event) => event.actorUserId));
      const own = isOtherOrganisation(caller) ? world.users.otherAdmin : world.users.admin;
      const foreign = isOtherOrganisation(caller) ? world.users.clinician : world.users.otherClinician;
      expect(actors).toContain(own.id);
      // Another organisation's user appears only for attempts on this organisation's records, refused.
      const foreignEvents = items.filter((event) => event.actorUserId === foreign.id);
      expect(foreignEvents.every((event) => event.outcome === 'denied')).toBe(true);
    },
  },

  'GET /api/v1/audit-events/export': {
    access: 'admin',
    ok: 200,
    // Each admin exports their own organisation's log; the route reads no id from the other one.
    otherOrganisation: 'own-data',
    call: () => ({ path: '/api/v1/audit-events/export' }),
  },

  'POST /api/v1/clients/:id/plans': {
    access: 'signed-in',
    ok: 201,
    otherOrganisation: 'not-found',
    call: (world) => ({ path: `/api/v1/clients/${world.clientId}/plans`, json: {} }),
    check: (body, world) => expect((body as { clientId: string }).clientId).toBe(world.clientId),
  },
  'GET /api/v1/clients/:id/plans': {
    access: 'signed-in',
    ok: 200,
    otherOrganisation: 'not-found',
    call: (world) => ({ path: `/api/v1/clients/${world.plan.clientId}/plans` }),
    check: (body, world) => expect(idsOf(body)).toEqual([world.plan.id]),
  },
  'GET /api/v1/plans/:id': {
    access: 'signed-in',
    ok: 200,
    otherOrganisation: 'not-found',
    call: (world) => ({ path: `/api/v1/plans/${world.plan.id}` }),
    check: (body, world) => expect((body as { id: string }).id).toBe(world.plan.id),
  },
  'GET /api/v1/plans/:id/versions/:version': {
    access: 'signed-in',
    ok: 200,
    otherOrganisation: 'not-found',
    call: (world) => ({ path: `/api/v1/plans/${world.plan.id}/versions/1` }),
    check: (body) => expect((body as { version: number }).version).toBe(1),
  },
  'PUT /api/v1/plans/:id': {
    access: 'signed-in',
    ok: 200,
    otherOrganisation: 'not-found',
    // The current version as If-Match: another organisation must get 404, not 412, for a real id.
    call: async (world) => {
      const current = await getPlanVersion(world.server.database.handle.db, world.org.id, world.plan.id);
      return {
        path: `/api/v1/plans/${world.plan.id}`,
        json: current?.document,
        headers: { 'if-match': `"${current?.version ?? 0}"` },
      };
    },
    check: (body) => expect((body as { status: string }).status).toBe('draft'),
  },
  'POST /api/v1/plans/:id/appointments/from-referral': {
    access: 'signed-in',
    ok: 200,
    otherOrganisation: 'not-found',
    // A fresh draft with a referral its program accepted: the appointment is filled from it.
    call: async (world) => {
      const db = world.server.database.handle.db;
      const plan = await world.finalisablePlan();
      const version = await getPlanVersion(db, world.org.id, plan.id);
      const referral = await insertReferral(db, {
        organizationId: world.org.id,
        clientId: version?.clientId ?? '',
        programId: (await ensureProgram(db)).id,
        createdBy: world.users.clinician.id,
        now: world.server.now().toISOString(),
      });
      await changeReferralStatus(db, world.org.id, referral.id, {
        from: 'sent',
        to: 'accepted',
        changedBy: world.users.clinician.id,
        now: world.server.now().toISOString(),
      });
      return {
        path: `/api/v1/plans/${plan.id}/appointments/from-referral`,
        json: { referralId: referral.id, startsAt: '2099-01-02T10:00' },
        headers: { 'if-match': `"${plan.version}"` },
      };
    },
    check: (body) =>
      expect((body as { appointments: Array<{ referralId?: string }> }).appointments.at(-1)?.referralId).toBeDefined(),
  },
  'POST /api/v1/plans/:id/finalize': {
    access: 'signed-in',
    ok: 200,
    otherOrganisation: 'not-found',
    call: async (world) => {
      const plan = await world.finalisablePlan();
      return { path: `/api/v1/plans/${plan.id}/finalize`, json: { version: plan.version, attestation: true } };
    },
    check: (body) => expect((body as { status: string }).status).toBe('final'),
  },
  'POST /api/v1/plans/:id/recommendation': {
    access: 'signed-in',
    ok: 200,
    otherOrganisation: 'not-found',
    call: async (world) => {
      const plan = await world.stalePlan();
      return {
        path: `/api/v1/plans/${plan.id}/recommendation`,
        json: { assessment: plan.newer },
        headers: { 'if-match': `"${plan.version}"` },
      };
    },
    check: (body) => expect((body as { newerAssessment: unknown }).newerAssessment).toBeNull(),
  },
  'GET /api/v1/plans/:id/goals': {
    access: 'signed-in',
    ok: 200,
    otherOrganisation: 'not-found',
    call: (world) => ({ path: `/api/v1/plans/${world.plan.id}/goals` }),
    check: (body, world) => expect((body as { planId: string }).planId).toBe(world.plan.id),
  },
  'PUT /api/v1/plans/:id/goals/:goalId/status': {
    access: 'signed-in',
    ok: 200,
    otherOrganisation: 'not-found',
    // A goal of the plan's finalised version.
    call: async (world) => {
      const final = await getLatestFinalVersion(world.server.database.handle.db, world.org.id, world.plan.id);
      const goalId = (final?.document as { goals?: Array<{ id: string }> } | undefined)?.goals?.[0]?.id ?? 'none';
      return { path: `/api/v1/plans/${world.plan.id}/goals/${goalId}/status`, json: { met: true, note: 'Met' } };
    },
    check: (body) => expect((body as { items: Array<{ met: boolean }> }).items[0]?.met).toBe(true),
  },
  'POST /api/v1/plans/:id/acknowledgement': {
    access: 'signed-in',
    ok: 201,
    otherOrganisation: 'not-found',
    call: (world) => ({ path: `/api/v1/plans/${world.plan.id}/acknowledgement`, json: {} }),
    check: (body, world) => expect((body as { planId: string }).planId).toBe(world.plan.id),
  },
  'GET /api/v1/plans/:id/pdf': {
    access: 'signed-in',
    ok: 200,
    otherOrganisation: 'not-found',
    call: (world) => ({ path: `/api/v1/plans/${world.plan.id}/pdf?audience=clinician` }),
  },
  'POST /api/v1/plans/:id/share': {
    access: 'signed-in',
    ok: 201,
    otherOrganisation: 'not-found',
    call: (world) => ({ path: `/api/v1/plans/${world.plan.id}/share` }),
    check: (body) => expect((body as { code: string }).code).toMatch(/^[A-Za-z0-9_-]{43}$/),
  },
  'DELETE /api/v1/plans/:id/share': {
    access: 'signed-in',
    ok: 200,
    otherOrganisation: 'not-found',
    call: (world) => ({ path: `/api/v1/plans/${world.plan.id}/share` }),
  },
  'POST /api/v1/clients/:id/consents': {
    access: 'signed-in',
    ok: 201,
    otherOrganisation: 'not-found',
    call: (world) => ({
      path: `/api/v1/clients/${world.plan.clientId}/consents`,
      json: consentBody(world, world.plan.id),
    }),
    check: (body) => expect((body as { status: string }).status).toBe('active'),
  },
  'GET /api/v1/clients/:id/consents': {
    access: 'signed-in',
    ok: 200,
    otherOrganisation: 'not-found',
    call: (world) => ({ path: `/api/v1/clients/${world.plan.clientId}/consents` }),
    check: (body, world) => expect(idsOf(body)).toContain(world.plan.consentId),
  },
  'GET /api/v1/clients/:id/disclosures': {
    access: 'signed-in',
    ok: 200,
    otherOrganisation: 'not-found',
    call: (world) => ({ path: `/api/v1/clients/${world.plan.clientId}/disclosures` }),
    check: (body) => expect(Array.isArray((body as { items: unknown[] }).items)).toBe(true),
  },
  'GET /api/v1/clients/:id/disclosures/pdf': {
    access: 'signed-in',
    ok: 200,
    otherOrganisation: 'not-found',
    call: (world) => ({ path: `/api/v1/clients/${world.plan.clientId}/disclosures/pdf?lang=es` }),
  },
  'POST /api/v1/consents/:id/revoke': {
    access: 'signed-in',
    ok: 200,
    otherOrganisation: 'not-found',
    call: (world) => ({ path: `/api/v1/consents/${world.plan.consentId}/revoke` }),
    check: (body) => expect((body as { status: string }).status).toBe('revoked'),
  },
  'GET /api/v1/organization': {
    access: 'signed-in',
    ok: 200,
    otherOrganisation: 'own-data',
    call: () => ({ path: '/api/v1/organization' }),
    check: (body, world, caller) =>
      expect((body as { id: string }).id).toBe(isOtherOrganisation(caller) ? world.otherOrg.id : world.org.id),
  },
  'PATCH /api/v1/organization': {
    access: 'admin',
    ok: 200,
    otherOrganisation: 'own-data',
    call: (_world, caller) => ({ path: '/api/v1/organization', json: { phone: `555-0100 (${caller})` } }),
    check: (body, world, caller) =>
      expect(body).toMatchObject({
        id: isOtherOrganisation(caller) ? world.otherOrg.id : world.org.id,
        phone: `555-0100 (${caller})`,
      }),
  },
  'GET /api/v1/instruments': {
    access: 'signed-in',
    ok: 200,
    otherOrganisation: 'allowed',
    call: () => ({ path: '/api/v1/instruments' }),
    check: (body) => expect(idsOf(body)).toContain('phq-9'),
  },
  'POST /api/v1/clients/:id/measures': {
    access: 'signed-in',
    ok: 201,
    otherOrganisation: 'not-found',
    call: (world) => ({
      path: `/api/v1/clients/${world.clientId}/measures`,
      json: { instrument: 'gad-7', answers: [1, 1, 1, 1, 1, 1, 1], takenAt: world.server.now().toISOString() },
    }),
    check: (body, world) => expect(body).toMatchObject({ clientId: world.clientId, total: 7, severity: 'mild' }),
  },
  'GET /api/v1/clients/:id/measures': {
    access: 'signed-in',
    ok: 200,
    otherOrganisation: 'not-found',
    call: (world) => ({ path: `/api/v1/clients/${world.clientId}/measures` }),
  },
  'GET /api/v1/clients/:id/measure-schedule': {
    access: 'signed-in',
    ok: 200,
    otherOrganisation: 'not-found',
    call: (world) => ({ path: `/api/v1/clients/${world.clientId}/measure-schedule` }),
  },
  'PUT /api/v1/clients/:id/measure-schedule': {
    access: 'signed-in',
    ok: 200,
    otherOrganisation: 'not-found',
    call: (world) => ({
      path: `/api/v1/clients/${world.clientId}/measure-schedule`,
      json: { items: [{ instrument: 'phq-9', everyDays: 14 }] },
    }),
    check: (body) => expect(body).toMatchObject({ custom: true }),
  },
  'POST /api/v1/clients/:id/check-in-links': {
    access: 'signed-in',
    ok: 201,
    otherOrganisation: 'not-found',
    call: (world) => ({ path: `/api/v1/clients/${world.clientId}/check-in-links`, json: { instruments: ['gad-7'] } }),
    check: (body) => expect(body).toMatchObject({ instruments: ['gad-7'] }),
  },
  // A check-in link opens for anyone who holds its code; each send uses up a fresh link.
  'GET /api/v1/check-in/:code': {
    access: 'public',
    ok: 200,
    call: async (world) => ({ path: `/api/v1/check-in/${await checkInCode(world)}` }),
  },
  'POST /api/v1/check-in/:code': {
    access: 'public',
    ok: 201,
    call: async (world) => ({
      path: `/api/v1/check-in/${await checkInCode(world)}`,
      json: {
        submissionId: crypto.randomUUID(),
        takenAt: world.server.now().toISOString(),
        answers: { 'gad-7': [0, 1, 0, 1, 0, 1, 0] },
      },
    }),
  },
  'GET /check-in/:code': {
    access: 'public',
    ok: 200,
    call: async (world) => ({ path: `/check-in/${await checkInCode(world)}` }),
  },
  'GET /check-in': {
    access: 'public',
    ok: 200,
    call: () => ({ path: '/check-in' }),
  },
  'GET /api/v1/organization/check-in-poster': {
    access: 'signed-in',
    ok: 200,
    otherOrganisation: 'own-data',
    call: () => ({ path: '/api/v1/organization/check-in-poster' }),
  },
  'GET /api/v1/caseload': {
    access: 'signed-in',
    ok: 200,
    otherOrganisation: 'own-data',
    call: () => ({ path: '/api/v1/caseload' }),
    check: (body, world, caller) => {
      const ids = (body as { items: Array<{ clientId: string }> }).items.map((item) => item.clientId);
      if (isOtherOrganisation(caller)) expect(ids).not.toContain(world.clientId);
      else expect(ids).toContain(world.clientId);
    },
  },
  'GET /api/v1/clients/:id/signals': {
    access: 'signed-in',
    ok: 200,
    otherOrganisation: 'not-found',
    call: (world) => ({ path: `/api/v1/clients/${world.clientId}/signals` }),
  },
  // Each allowed caller acknowledges a fresh alert; another organisation's callers get 404 for it.
  'POST /api/v1/measure-alerts/:id/acknowledgement': {
    access: 'signed-in',
    ok: 200,
    otherOrganisation: 'not-found',
    call: async (world) => ({
      path: `/api/v1/measure-alerts/${await openAlert(world)}/acknowledgement`,
      json: { note: 'Called; safe.' },
    }),
  },
  // Each allowed caller marks a fresh step signal acted on; another organisation's callers get 404.
  'POST /api/v1/step-signals/:id/acknowledgement': {
    access: 'signed-in',
    ok: 200,
    otherOrganisation: 'not-found',
    call: async (world) => ({
      path: `/api/v1/step-signals/${await openStepSignal(world)}/acknowledgement`,
      json: { note: 'Called; back next week.' },
    }),
  },
  // Outcomes are of the caller's own organisation: its users are the clinicians to choose from.
  'GET /api/v1/outcomes': {
    access: 'signed-in',
    ok: 200,
    otherOrganisation: 'own-data',
    call: () => ({ path: '/api/v1/outcomes' }),
    check: (body, world, caller) => {
      const ids = (body as { clinicians: Array<{ id: string }> }).clinicians.map((c) => c.id);
      if (isOtherOrganisation(caller)) expect(ids).not.toContain(world.users.clinician.id);
      else expect(ids).toContain(world.users.clinician.id);
    },
  },
  'GET /api/v1/outcomes/export': {
    access: 'signed-in',
    ok: 200,
    otherOrganisation: 'own-data',
    call: () => ({ path: '/api/v1/outcomes/export' }),
  },
  'GET /fhir/R4/Questionnaire/:id': {
    access: 'signed-in',
    ok: 200,
    otherOrganisation: 'allowed',
    call: () => ({ path: '/fhir/R4/Questionnaire/phq-9' }),
  },
  'GET /fhir/R4/CarePlan/:id': {
    access: 'signed-in',
    ok: 200,
    otherOrganisation: 'not-found',
    call: (world) => ({ path: `/fhir/R4/CarePlan/${world.plan.id}` }),
  },
  'GET /fhir/R4/QuestionnaireResponse/:id': {
    access: 'signed-in',
    ok: 200,
    otherOrganisation: 'not-found',
    call: (world) => ({ path: `/fhir/R4/QuestionnaireResponse/${world.assessmentId}` }),
  },
  'GET /fhir/R4/Questionnaire/stepdown-assessment-1': {
    access: 'signed-in',
    ok: 200,
    otherOrganisation: 'allowed',
    call: () => ({ path: '/fhir/R4/Questionnaire/stepdown-assessment-1' }),
  },
  // The revoke row may have revoked this consent already: a revoked consent is still read (status inactive).
  'GET /fhir/R4/Consent/:id': {
    access: 'signed-in',
    ok: 200,
    otherOrganisation: 'not-found',
    call: (world) => ({ path: `/fhir/R4/Consent/${world.plan.consentId}` }),
  },
  // Version 1 stays whatever later saves add: the id names one dimension of one version.
  'GET /fhir/R4/Observation/:id': {
    access: 'signed-in',
    ok: 200,
    otherOrganisation: 'not-found',
    call: (world) => ({ path: `/fhir/R4/Observation/${world.assessmentId}-v1-d3` }),
  },
  'GET /fhir/R4/Observation': {
    access: 'signed-in',
    ok: 200,
    otherOrganisation: 'not-found',
    call: (world) => ({ path: `/fhir/R4/Observation?derived-from=QuestionnaireResponse/${world.assessmentId}` }),
  },
  'GET /share/assets/share.css': {
    access: 'public',
    ok: 200,
    call: () => ({ path: '/share/assets/share.css' }),
  },
  'GET /share/:code': {
    access: 'public',
    ok: 200,
    call: (world) => ({ path: `/share/${world.shared.shareCode}` }),
  },
  'POST /share/:code/acknowledgement': {
    access: 'public',
    ok: 303,
    call: (world) => ({
      path: `/share/${world.shared.shareCode}/acknowledgement`,
      headers: { origin: world.server.baseUrl },
    }),
  },
  'GET /share/consent/:code': {
    access: 'public',
    ok: 200,
    call: (world) => ({ path: `/share/consent/${world.shared.consentCode}` }),
  },
  'OPTIONS /cds-services': {
    access: 'public',
    ok: 204,
    call: () => ({ path: '/cds-services' }),
  },
  'OPTIONS /cds-services/stepdown-level-of-care': {
    access: 'public',
    ok: 204,
    call: () => ({ path: '/cds-services/stepdown-level-of-care' }),
  },
  'OPTIONS /cds-services/stepdown-level-of-care/feedback': {
    access: 'public',
    ok: 204,
    call: () => ({ path: '/cds-services/stepdown-level-of-care/feedback' }),
  },
  'POST /cds-services/stepdown-level-of-care/feedback': {
    access: 'cds-client',
    ok: 200,
    call: () => ({ path: '/cds-services/stepdown-level-of-care/feedback', json: cdsFeedback() }),
  },
  'GET /api/v1/cds-feedback': {
    access: 'admin',
    ok: 200,
    otherOrganisation: 'allowed',
    call: () => ({ path: '/api/v1/cds-feedback' }),
  },
  'GET /cds-services': {
    access: 'public',
    ok: 200,
    call: () => ({ path: '/cds-services' }),
  },
  // Only a configured EHR's signed token opens it (test/server/cds-hooks.int.test.ts); every session is refused.
  'POST /cds-services/stepdown-level-of-care': {
    access: 'cds-client',
    ok: 200,
    call: () => ({ path: '/cds-services/stepdown-level-of-care', json: hookRequest() }),
  },
};

/** A valid Part 2 consent to disclose a plan's summary, as the clinician records it. */
function consentBody(world: World, planId: string): Record<string, unknown> {
  const day = (offset: number) =>
    new Date(world.server.now().getTime() + offset * 86_400_000).toISOString().slice(0, 10);
  return {
    planId,
    scope: 'plan-summary',
    consentType: 'specific',
    patientName: 'Matrix Client',
    discloser: 'The clinic',
    recipient: { name: 'Sam', relationship: 'brother' },
    purpose: 'At the request of the patient',
    expiresOn: day(30),
    revocation: 'In writing, to the clinic.',
    signature: { signedBy: 'patient', name: 'Matrix Client' },
    signedOn: day(0),
  };
}

/** Each registered (method, url) pair, from the app's onRoute notifications. */
interface RegisteredRoute {
  method: string;
  url: string;
  access: Access | undefined;
}

function registered(routes: readonly RouteOptions[]): RegisteredRoute[] {
  return routes.flatMap((route) =>
    (Array.isArray(route.method) ? route.method : [route.method]).map((method) => ({
      method: String(method),
      url: route.url,
      access: route.config?.access,
    })),
  );
}

/** The row for a route: its own, or for a HEAD route, its GET row. */
function entryFor(route: RegisteredRoute): RouteEntry | undefined {
  return ROUTES[`${route.method} ${route.url}`] ?? (route.method === 'HEAD' ? ROUTES[`GET ${route.url}`] : undefined);
}

/** What the declared access promises this caller: a success, or a problem with this status and code. */
function expectedOutcome(
  access: Access,
  entry: RouteEntry,
  caller: Caller,
): { ok: true } | { ok: false; status: number; code: string } {
  if (access === 'public') return { ok: true };
  // A CDS service takes an EHR's signed token, never a session: no caller here has one.
  if (access === 'cds-client') return { ok: false, status: 401, code: 'unauthenticated' };
  if (caller === 'anonymous') return { ok: false, status: 401, code: 'unauthenticated' };
  const isAdmin = caller === 'admin' || caller === 'otherAdmin';
  if (access === 'admin' && !isAdmin) return { ok: false, status: 403, code: 'forbidden' };
  if (isOtherOrganisation(caller) && entry.otherOrganisation === 'not-found') {
    return { ok: false, status: 404, code: 'not_found' };
  }
  // A public resource another organisation owns: seen by all, changed by its owner alone.
  if (isOtherOrganisation(caller) && entry.otherOrganisation === 'forbidden') {
    return { ok: false, status: 403, code: 'forbidden' };
  }
  return { ok: true };
}

describe.each(testDialects())('access matrix on %s', (dialect) => {
  const collected: RouteOptions[] = [];
  let world: World;

  beforeAll(async () => {
    const server = await startTestServer(dialect, { onRoute: (route) => collected.push(route) });
    const db = server.database.handle.db;
    const org = await server.addOrganization();
    const otherOrg = await server.addOrganization();
    const users = {
      clinician: await server.addUser(org, 'clinician'),
      admin: await server.addUser(org, 'admin'),
      otherClinician: await server.addUser(otherOrg, 'clinician'),
      otherAdmin: await server.addUser(otherOrg, 'admin'),
    };
    const sessions = new Map<Caller, Session>();
    for (const [caller, user] of Object.entries(users))
      sessions.set(caller as Caller, await signIn(server, user.email));
    const clinician = sessions.get('clinician') as Session;
    const client = await expectJson<{ id: string }>(
      await send(server, clinician, 'POST', '/api/v1/clients', { json: { displayName: 'Matrix Client' } }),
      201,
    );
    const assessment = await expectJson<{ id: string }>(
      await send(server, clinician, 'POST', `/api/v1/clients/${client.id}/assessments`, {
        json: assessmentDocument(),
      }),
      201,
    );
    const otherClient = await expectJson<{ id: string }>(
      await send(server, sessions.get('otherClinician') as Session, 'POST', '/api/v1/clients', {
        json: { displayName: 'Other Org Client' },
      }),
      201,
    );
    world = {
      server,
      org,
      otherOrg,
      users,
      colleague: await server.addUser(org, 'clinician'),
      signInUser: await server.addUser(org, 'clinician'),
      sessions,
      clientId: client.id,
      assessmentId: assessment.id,
      otherClientId: otherClient.id,
      freshClient: async () =>
        (
          await insertClient(db, {
            organizationId: org.id,
            createdBy: users.clinician.id,
            displayName: 'Fresh Client',
            now: server.now().toISOString(),
          })
        ).id,
      plan: { id: '', clientId: '', consentId: '' },
      shared: { shareCode: '', consentCode: '' },
      finalisablePlan: async () => {
        const { clientId } = await clientWithAssessment(server, clinician);
        const draft = await draftPlan(server, clinician, clientId);
        const saved = await savePlan(server, clinician, draft, completed(documentOf(draft), dayFromNow(server, 30)));
        return { id: saved.id, version: saved.version };
      },
      stalePlan: async () => {
        const { clientId, assessmentId } = await clientWithAssessment(server, clinician);
        const draft = await draftPlan(server, clinician, clientId);
        const revised = await expectJson<{ version: number }>(
          await send(server, clinician, 'PUT', `/api/v1/assessments/${assessmentId}`, {
            json: assessmentDocument(),
            headers: { 'if-match': '"1"' },
          }),
          200,
        );
        return { id: draft.id, version: draft.version, newer: { id: assessmentId, version: revised.version } };
      },
      ownedProgramId: '',
      invitationCodes: [],
    };
    for (const caller of CALLERS) {
      const invited = await expectJson<{ invitationLink: { url: string } }>(
        await send(server, sessions.get('admin') as Session, 'POST', '/api/v1/users', {
          json: { email: `invited.${caller}@example.org`, displayName: 'Invited Colleague', role: 'clinician' },
        }),
        201,
      );
      world.invitationCodes.push(invited.invitationLink.url.split('/').at(-1) ?? '');
    }
    const owned = programFixture({ id: randomUUID(), name: 'Matrix Owned IOP' });
    await db.transaction().execute((trx) => insertOwnedProgram(trx, owned, org.id, new Date().toISOString()));
    world.ownedProgramId = owned.id;
    const finalised = await finalisedPlan(server, clinician, 'Matrix Plan Client');
    const consent = await expectJson<{ id: string }>(
      await send(server, clinician, 'POST', `/api/v1/clients/${finalised.clientId}/consents`, {
        json: consentBody(world, finalised.plan.id),
      }),
      201,
    );
    world.plan = { id: finalised.plan.id, clientId: finalised.clientId, consentId: consent.id };
    const other = await finalisedPlan(server, clinician, 'Matrix Shared Client');
    const share = await expectJson<{ code: string }>(
      await send(server, clinician, 'POST', `/api/v1/plans/${other.plan.id}/share`),
      201,
    );
    const recipient = await expectJson<{ code: string }>(
      await send(server, clinician, 'POST', `/api/v1/clients/${other.clientId}/consents`, {
        json: consentBody(world, other.plan.id),
      }),
      201,
    );
    world.shared = { shareCode: share.code, consentCode: recipient.code };
  });
  afterAll(async () => {
    await world.server.close();
  });

  it('declares the access of every route, and has a row for every route', () => {
    const routes = registered(collected);
    expect(routes.length).toBeGreaterThan(20);
    const undeclared = routes.filter((route) => !ACCESS_LEVELS.includes(route.access as Access));
    expect(undeclared.map((route) => `${route.method} ${route.url}`)).toEqual([]);
    const missing = routes.filter((route) => entryFor(route) === undefined);
    expect(missing.map((route) => `${route.method} ${route.url}: add a row to ROUTES`)).toEqual([]);
    const changed = routes.filter((route) => entryFor(route)?.access !== route.access);
    expect(
      changed.map(
        (route) => `${route.method} ${route.url} declares ${route.access}, ROUTES says ${entryFor(route)?.access}`,
      ),
    ).toEqual([]);
  });

  it('refuses to start an app with a route that declares no access', async () => {
    const app = await buildApp(
      {
        database: world.server.database.handle,
        ruleset: loadDefaultRuleSet(),
        secret: Buffer.from('another-test-secret-another-test-secret'),
        clock: () => new Date(),
        decoyHash: decoyHash(),
        trustProxy: false,
      },
      { logLevel: 'silent' },
    );
    try {
      expect(() => app.get('/api/v1/undeclared', () => ({ leaked: true }))).toThrow(
        'route GET /api/v1/undeclared declares no access; add config.access',
      );
      expect(() => app.post('/api/v1/undeclared', { config: {} }, () => ({ leaked: true }))).toThrow(
        /declares no access/,
      );
    } finally {
      await app.close();
    }
  });

  it('gives every caller exactly what each route declares', async () => {
    const routes = registered(collected).filter((route) => entryFor(route) !== undefined);
    // Routes that end the caller's session go last.
    const ordered = [
      ...routes.filter((route) => !entryFor(route)?.endsSession),
      ...routes.filter((route) => entryFor(route)?.endsSession === true),
      ...routes.filter((route) => entryFor(route)?.endsSession === 'last'),
    ];
    const outcomes: string[] = [];
    for (const route of ordered) {
      const entry = entryFor(route) as RouteEntry;
      const access = entry.access;
      for (const caller of CALLERS) {
        const call = await entry.call(world, caller);
        const session = caller === 'anonymous' ? null : (world.sessions.get(caller) ?? null);
        const response = await send(world.server, session, route.method, call.path, {
          ...(call.json === undefined ? {} : { json: call.json }),
          ...(call.headers === undefined ? {} : { headers: call.headers }),
        });
        const expected = expectedOutcome(access, entry, caller);
        const label = `${route.method} ${route.url} as ${caller} (${access})`;
        outcomes.push(`${label}: ${response.status}`);
        if (!expected.ok) {
          expect(response.status, label).toBe(expected.status);
          if (route.method !== 'HEAD') await expectProblem(response, expected.status, expected.code);
          continue;
        }
        expect(response.status, label).toBe(entry.ok);
        const isJson = (response.headers.get('content-type') ?? '').startsWith('application/json');
        if (route.method !== 'HEAD' && isJson && entry.check) {
          await entry.check(await response.json(), world, caller);
        } else {
          await response.arrayBuffer();
        }
      }
    }
    expect(outcomes.length).toBe(ordered.length * CALLERS.length);
    // The refused callers changed nothing: the last writer allowed is this organisation's admin.
    const db = world.server.database.handle.db;
    expect((await getClient(db, world.org.id, world.clientId))?.externalRef).toBe('REF-admin');
    expect((await getUser(db, world.colleague.id))?.displayName).toBe('Renamed by admin');
    const owned = await world.server.app.inject({ method: 'GET', url: `/api/v1/programs/${world.ownedProgramId}` });
    expect(owned.json<{ contact: { website: string } }>().contact.website).toBe('https://example.org/admin');
    // Every route times five callers: well over the default time on a busy machine.
  }, 180_000);

  it('ends each caller’s session after sign-out', async () => {
    for (const caller of CALLERS) {
      const session = world.sessions.get(caller);
      if (!session) continue;
      await expectProblem(await send(world.server, session, 'GET', '/api/v1/auth/session'), 401, 'unauthenticated');
    }
  });
});
