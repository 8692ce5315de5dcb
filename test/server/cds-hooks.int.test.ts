/**
 * CDS Hooks over real HTTP: discovery, and the level-of-care service called as an EHR calls it, with
 * a token signed by real ES384 and RS384 keys from a real clients file. The assessment comes as the
 * QuestionnaireResponse Stepdown's own FHIR export gives; the card must say what the stored
 * recommendation says. Every way a token can be wrong is refused with 401, missing data is 412, and
 * each answered call leaves one audit event without the patient's identifiers.
 */
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SETTING_LABELS, VARIANCE_REASONS } from '../../src/core/plans/vocabulary.js';
import type { Recommendation } from '../../src/core/recommendation.js';
import {
  type CdsClient,
  CdsClientsError,
  loadCdsClients,
  resolveCdsOrganizations,
} from '../../src/server/cds/clients.js';
import { ConfigError, loadConfig } from '../../src/server/config.js';
import {
  CDS_SERVICE_PATH,
  cdsFeedback,
  cdsFolder,
  EHR_CLIENTS_FILE,
  EHR_ISSUER,
  EHR_KEYS,
  ehrClients,
  ehrToken,
  hookRequest,
  writeClientsFile,
} from '../support/cds.js';
import { testDialects } from '../support/databases.js';
import { fhirErrors } from '../support/fhir.js';
import { assessmentDocument, expectJson, expectProblem, send } from '../support/http.js';
import { type Session, signIn, startTestServer, type TestServer } from '../support/server.js';

const SERVICE = CDS_SERVICE_PATH;
const EHR = EHR_ISSUER;
const token = ehrToken;
const writeClients = writeClientsFile;
const folder = cdsFolder;
const ec = EHR_KEYS.ec;
const stranger = generateKeyPairSync('ec', { namedCurve: 'P-384' });
const clientsFile = EHR_CLIENTS_FILE;
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

interface Card {
  uuid: string;
  summary: string;
  indicator: string;
  detail: string;
  source: { label: string };
  overrideReasons: Array<{ system: string; code: string; display: string }>;
}

afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe.each(testDialects())('CDS Hooks on %s', (dialect) => {
  let server: TestServer;
  let session: Session;
  let audience: string;
  const call = (body: unknown, authorization?: string) =>
    send(server, null, 'POST', SERVICE, {
      json: body,
      headers: authorization === undefined ? {} : { authorization },
    });

  /** Stores an assessment through the API and reads it back as Stepdown's FHIR QuestionnaireResponse. */
  async function storedAssessment(overrides: Record<string, unknown> = {}) {
    const client = await expectJson<{ id: string }>(
      await session.request('POST', '/api/v1/clients', { displayName: `CDS ${randomUUID()}` }),
      201,
    );
    const created = await expectJson<{ id: string; recommendation: Recommendation }>(
      await session.request('POST', `/api/v1/clients/${client.id}/assessments`, assessmentDocument(overrides)),
      201,
    );
    const response = await expectJson<Record<string, unknown>>(
      await session.request('GET', `/fhir/R4/QuestionnaireResponse/${created.id}`),
      200,
    );
    return { recommendation: created.recommendation, response };
  }

  beforeAll(async () => {
    server = await startTestServer(dialect, { cdsClients: loadCdsClients(clientsFile) });
    const org = await server.addOrganization();
    session = await signIn(server, (await server.addUser(org, 'clinician')).email);
    audience = `${server.baseUrl}${SERVICE}`;
  });
  afterAll(async () => {
    await server.close();
  });

  it('lists the service for anyone at /cds-services', async () => {
    const discovery = await expectJson<{ services: Array<Record<string, unknown>> }>(
      await send(server, null, 'GET', '/cds-services'),
      200,
    );
    expect(discovery.services).toHaveLength(1);
    expect(discovery.services[0]).toMatchObject({ hook: 'encounter-discharge', id: 'stepdown-level-of-care' });
    const prefetch = discovery.services[0]?.prefetch as { assessment?: string } | undefined;
    expect(prefetch?.assessment).toContain('QuestionnaireResponse?subject={{context.patientId}}&questionnaire=');
  });

  it('answers one card that says what the stored recommendation says, from the resource or a Bundle', async () => {
    const routine = await storedAssessment({ ratings: { d1: 0, d2: 1, d3: 1, d4: 2, d5: 2, d6: 1 } });
    const urgent = await storedAssessment({ flags: { imminentDanger: true } });
    expect([routine.recommendation.urgent, urgent.recommendation.urgent]).toEqual([false, true]);
    for (const [stored, prefetched, alg] of [
      [routine, routine.response, 'ES384'],
      [routine, { resourceType: 'Bundle', type: 'searchset', entry: [{ resource: routine.response }] }, 'RS384'],
      [urgent, urgent.response, 'ES384'],
    ] as const) {
      const response = await call(hookRequest({ assessment: prefetched }), `Bearer ${token(audience, { alg })}`);
      const { cards } = await expectJson<{ cards: Card[] }>(response, 200);
      expect(cards).toHaveLength(1);
      const [card] = cards as [Card];
      const { recommendation } = stored;
      expect(card.summary.length).toBeLessThan(140);
      if (recommendation.urgent) {
        expect(card.indicator).toBe('critical');
        expect(card.summary).toMatch(/^Urgent/);
      } else {
        expect(card.summary).toContain(SETTING_LABELS[recommendation.primary.setting]);
        expect(card.indicator).toBe(recommendation.withdrawalManagement === 'none' ? 'info' : 'warning');
      }
      for (const entry of recommendation.basis) expect(card.detail).toContain(`\`${entry.rule}\``);
      expect(card.detail).toContain(recommendation.ruleset.hash);
      expect(card.source.label).toContain(recommendation.ruleset.version);
      expect(card.overrideReasons.map((reason) => reason.code)).toEqual([...VARIANCE_REASONS]);
    }
  });

  it('leads with medically monitored withdrawal management for withdrawal risk with past seizures (assessment@2)', async () => {
    const stored = await storedAssessment({
      schema: 'stepdown/assessment@2',
      ratings: { d1: 3, d2: 0, d3: 1, d4: 1, d5: 2, d6: 1 },
      flags: { withdrawalRisk: true },
      facts: {
        substances: ['alcohol'],
        withdrawalSeizureOrDeliriumHistory: true,
        currentMedications: [{ name: 'naltrexone', prescriber: 'Dr. Okafor' }],
        ageYears: 46,
      },
    });
    expect(stored.recommendation.sequence?.[0]).toEqual({
      step: 'withdrawal-management',
      setting: 'residential',
      medicallyMonitored: true,
    });
    // The exported QuestionnaireResponse carries the facts, and the card reads them back.
    expect(fhirErrors(stored.response)).toEqual([]);
    expect(stored.response.questionnaire).toMatch(/\|2$/);
    const response = await call(hookRequest({ assessment: stored.response }), `Bearer ${token(audience)}`);
    const { cards } = await expectJson<{ cards: Card[] }>(response, 200);
    const [card] = cards as [Card];
    expect(card.summary).toBe(
      'First: withdrawal management, residential, medically monitored; then Intensive outpatient (IOP), 9 to 19 hours a week',
    );
    expect(card.summary.length).toBeLessThan(140);
    expect(card.indicator).toBe('warning');
    expect(card.detail).toContain('`gate.withdrawal-seizure-history`');
    expect(card.detail).toContain('naltrexone');
  });

  it('writes one audit event per answered call, without the patient’s identifiers', async () => {
    const { response: qr } = await storedAssessment();
    const body = hookRequest({ assessment: qr });
    await expectJson(await call(body, `Bearer ${token(audience)}`), 200);
    const events = await server.database.handle.db
      .selectFrom('audit_events')
      .selectAll()
      .where('resource_id', '=', body.hookInstance)
      .execute();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      action: 'cds.level-of-care',
      actor_kind: 'system',
      outcome: 'success',
      client_id: null,
      organization_id: null,
    });
    expect(JSON.stringify(events)).not.toContain('patient-4711');
  });

  it('refuses every token that is not a fresh one from a configured client for this service', async () => {
    const { response: qr } = await storedAssessment();
    const body = hookRequest({ assessment: qr });
    const now = Math.floor(Date.now() / 1000);
    const hs256 = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ iss: EHR, aud: audience })}.c2lnbmF0dXJl`;
    const refused: Array<[string, string | undefined, RegExp]> = [
      ['no token', undefined, /Authorization header/],
      ['not a bearer JWT', 'Basic dXNlcjpwYXNz', /Authorization header/],
      ['HS256', `Bearer ${hs256}`, /ES384 or RS384/],
      ['alg toString', `Bearer ${token(audience, { header: { alg: 'toString' } })}`, /ES384 or RS384/],
      ['unknown issuer', `Bearer ${token(audience, { claims: { iss: 'https://other.example.org' } })}`, /issuer/],
      ['unlisted key', `Bearer ${token(audience, { key: stranger.privateKey })}`, /signature/],
      ['wrong kid', `Bearer ${token(audience, { header: { kid: 'rsa-1' } })}`, /signature/],
      ['another service', `Bearer ${token(`${server.baseUrl}/cds-services/other`)}`, /audience/],
      ['expired', `Bearer ${token(audience, { claims: { iat: now - 900, exp: now - 600 } })}`, /expired/],
      ['too long', `Bearer ${token(audience, { claims: { exp: now + 3600 } })}`, /five minutes/],
      ['no jti', `Bearer ${token(audience, { claims: { jti: undefined } })}`, /jti/],
    ];
    for (const [name, authorization, message] of refused) {
      const problem = await expectProblem(await call(body, authorization), 401, 'unauthenticated');
      expect(problem.detail, name).toMatch(message);
    }
    // The scheme's name is case-insensitive.
    await expectJson(await call(body, `bearer ${token(audience, { alg: 'RS384' })}`), 200);
    // A token works once.
    const once = `Bearer ${token(audience)}`;
    await expectJson(await call(body, once), 200);
    expect((await expectProblem(await call(body, once), 401, 'unauthenticated')).detail).toMatch(/used before/);
    // A clinician's session is not an EHR's credential.
    await expectProblem(await session.request('POST', SERVICE, body), 401, 'unauthenticated');
  });

  it('answers a browser-based client from another origin (CORS), without credentials', async () => {
    const origin = 'https://sandbox.example.org';
    for (const path of ['/cds-services', SERVICE]) {
      const preflight = await send(server, null, 'OPTIONS', path, {
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization, content-type',
        },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
      expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization');
      expect(preflight.headers.get('access-control-allow-credentials')).toBeNull();
    }
    const { response: qr } = await storedAssessment();
    const answered = await send(server, null, 'POST', SERVICE, {
      json: hookRequest({ assessment: qr }),
      headers: { origin, authorization: `Bearer ${token(audience)}` },
    });
    expect(answered.status).toBe(200);
    expect(answered.headers.get('access-control-allow-origin')).toBe('*');
    // Refusals are readable too, so the client can show why.
    const refused = await send(server, null, 'POST', SERVICE, {
      json: hookRequest({ assessment: qr }),
      headers: { origin },
    });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('access-control-allow-origin')).toBe('*');
    const discovery = await send(server, null, 'GET', '/cds-services', { headers: { origin } });
    expect(discovery.headers.get('access-control-allow-origin')).toBe('*');
    // Nothing else in the API is opened to other origins.
    const other = await send(server, session, 'GET', '/api/v1/clients', { headers: { origin } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('writes the call into the clinic’s audit log when the clients file lists the EHR for that clinic', async () => {
    const org = await server.addOrganization();
    const admin = await signIn(server, (await server.addUser(org, 'admin')).email);
    const [listed] = await resolveCdsOrganizations(server.database.handle.db, [
      { ...ehrClients()[0], organization: org.name } as CdsClient,
    ]);
    expect(listed?.organizationId).toBe(org.id);
    const clinicServer = await startTestServer(dialect, { cdsClients: listed ? [listed] : [] }, server.database);
    try {
      const body = hookRequest({ assessment: (await storedAssessment()).response });
      const clinicAudience = `${clinicServer.baseUrl}${SERVICE}`;
      await expectJson(
        await send(clinicServer, null, 'POST', SERVICE, {
          json: body,
          headers: { authorization: `Bearer ${token(clinicAudience)}` },
        }),
        200,
      );
      const { items } = await expectJson<{ items: Array<{ action: string; resourceId: string | null }> }>(
        await admin.request('GET', '/api/v1/audit-events?action=cds.level-of-care'),
        200,
      );
      expect(items.map((item) => item.resourceId)).toEqual([body.hookInstance]);
    } finally {
      await clinicServer.close();
    }
    await expect(
      resolveCdsOrganizations(server.database.handle.db, [
        { ...ehrClients()[0], organization: 'Nowhere' } as CdsClient,
      ]),
    ).rejects.toThrow(/clients\.0\.organization: there is no organisation named "Nowhere"/);
  });

  it('keeps what clinicians did with the cards, with the reason for an override, and shows the clinic a summary', async () => {
    const org = await server.addOrganization();
    const admin = await signIn(server, (await server.addUser(org, 'admin')).email);
    const clinician = await signIn(server, (await server.addUser(org, 'clinician')).email);
    const listed = { ...(ehrClients()[0] as CdsClient), organizationId: org.id };
    const clinicServer = await startTestServer(dialect, { cdsClients: [listed] }, server.database);
    const feedbackPath = `${SERVICE}/feedback`;
    const sendFeedback = (body: unknown) =>
      send(clinicServer, null, 'POST', feedbackPath, {
        json: body,
        headers: { authorization: `Bearer ${token(`${clinicServer.baseUrl}${feedbackPath}`)}` },
      });
    try {
      const first = cdsFeedback();
      expect(await expectJson(await sendFeedback(first), 200)).toEqual({});
      await expectJson(await sendFeedback(cdsFeedback()), 200);
      const summary = await expectJson<{
        accepted: number;
        overridden: number;
        reasons: Array<{ code: string | null; label: string | null; count: number }>;
      }>(await admin.request('GET', '/api/v1/cds-feedback'), 200);
      expect(summary).toMatchObject({
        accepted: 2,
        overridden: 2,
        reasons: [{ code: 'client-preference', label: 'Client preference', count: 2 }],
      });
      // The comment is not kept anywhere; the audit log names each card.
      const rows = await server.database.handle.db.selectFrom('cds_feedback').selectAll().execute();
      expect(JSON.stringify(rows)).not.toContain('Prefers evening groups');
      const { items } = await expectJson<{ items: Array<{ resourceId: string | null }> }>(
        await admin.request('GET', '/api/v1/audit-events?action=cds.feedback'),
        200,
      );
      expect(items.map((item) => item.resourceId)).toEqual(
        expect.arrayContaining(first.feedback.map((entry) => entry.card)),
      );
      // Only an admin reads the summary, and only of their own clinic.
      await expectProblem(await clinician.request('GET', '/api/v1/cds-feedback'), 403, 'forbidden');
      const otherAdmin = await signIn(server, (await server.addUser(await server.addOrganization(), 'admin')).email);
      expect(
        await expectJson<{ accepted: number }>(await otherAdmin.request('GET', '/api/v1/cds-feedback'), 200),
      ).toMatchObject({ accepted: 0, overridden: 0, reasons: [] });
      // A reason the card did not offer, or a reason on an accepted card, is refused by path.
      const bad: Array<[unknown, string]> = [
        [
          {
            feedback: [
              { ...first.feedback[1], overrideReason: { reason: { system: 'https://example.org/cs', code: 'x' } } },
            ],
          },
          'feedback.0.overrideReason.reason.system',
        ],
        [
          { feedback: [{ ...first.feedback[0], overrideReason: { userComment: 'fine' } }] },
          'feedback.0.overrideReason',
        ],
        [{ feedback: [] }, 'feedback'],
      ];
      for (const [body, path] of bad) {
        const problem = await expectProblem(await sendFeedback(body), 400, 'invalid_input');
        expect(problem.errors?.map((error) => error.path)).toContain(path);
      }
    } finally {
      await clinicServer.close();
    }
  });

  it('answers 412 when the assessment was not prefetched, and 400 naming what is wrong in it', async () => {
    const { response: qr } = await storedAssessment();
    const fresh = () => `Bearer ${token(audience)}`;
    for (const prefetch of [
      undefined,
      {},
      { assessment: null },
      { assessment: { resourceType: 'OperationOutcome' } },
    ]) {
      const problem = await expectProblem(await call(hookRequest(prefetch), fresh()), 412, 'prefetch_missing');
      expect(problem.errors?.[0]?.path).toBe('prefetch.assessment');
    }
    const withoutD3 = structuredClone(qr) as { item: Array<{ linkId: string; item?: Array<{ linkId: string }> }> };
    const ratings = withoutD3.item.find((item) => item.linkId === 'ratings');
    if (ratings?.item) ratings.item = ratings.item.filter((item) => item.linkId !== 'ratings.d3');
    const cases: Array<[unknown, string]> = [
      [{ ...qr, questionnaire: 'https://example.org/Questionnaire/other' }, 'prefetch.assessment.questionnaire'],
      [{ ...qr, status: 'in-progress' }, 'prefetch.assessment.status'],
      [withoutD3, 'prefetch.assessment.item[ratings.d3]'],
    ];
    for (const [assessment, path] of cases) {
      const problem = await expectProblem(await call(hookRequest({ assessment }), fresh()), 400, 'invalid_input');
      expect(problem.errors?.map((error) => error.path)).toContain(path);
    }
    const wrongHook = { ...hookRequest({ assessment: qr }), hook: 'patient-view' };
    const problem = await expectProblem(await call(wrongHook, fresh()), 400, 'invalid_input');
    expect(problem.errors?.map((error) => error.path)).toContain('hook');
  });
});

describe('the CDS clients file', () => {
  it('is read at start-up, and every problem stops it naming the entry', () => {
    const env = { STEPDOWN_DATA_DIR: folder, STEPDOWN_SECRET: 'x'.repeat(40) };
    expect(loadConfig({ ...env, STEPDOWN_CDS_CLIENTS: clientsFile }).cdsClients.map((client) => client.iss)).toEqual([
      EHR,
    ]);
    expect(loadConfig(env).cdsClients).toEqual([]);
    const bad: Array<[unknown, RegExp]> = [
      ['not json', /not JSON/],
      [{ clients: [] }, /clients/],
      [
        { clients: [{ iss: EHR, jwks: { keys: [ec.privateKey.export({ format: 'jwk' })] } }] },
        /clients\.0\.jwks\.keys\.0.*private key/,
      ],
      [
        { clients: [{ iss: EHR, jwks: { keys: [{ kty: 'EC', crv: 'P-384', x: 'bad', y: 'bad' }] } }] },
        /keys\.0.*not a valid/,
      ],
      [
        {
          clients: [
            {
              iss: EHR,
              jwks: { keys: [generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'jwk' })] },
            },
          ],
        },
        /P-384/,
      ],
    ];
    for (const [index, [content, message]] of bad.entries()) {
      const file = writeClients(`bad-${index}.json`, content);
      expect(() => loadCdsClients(file)).toThrow(CdsClientsError);
      let caught: unknown;
      try {
        loadConfig({ ...env, STEPDOWN_CDS_CLIENTS: file });
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(ConfigError);
      const lines = (caught as ConfigError).issues.map((issue) => `${issue.path}: ${issue.message}`).join('\n');
      expect(lines).toMatch(/^STEPDOWN_CDS_CLIENTS/);
      expect(lines).toMatch(message);
    }
    expect(() => loadConfig({ ...env, STEPDOWN_CDS_CLIENTS: join(folder, 'missing.json') })).toThrow(ConfigError);
  });
});
