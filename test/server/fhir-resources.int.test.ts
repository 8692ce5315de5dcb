/**
 * The FHIR R4 Consent and Observation resources over HTTP on SQLite and PostgreSQL: each validates
 * against the R4 structure definitions by FHIR.js (the `fhir` package); a consent's status follows
 * its revocation and its expiry; the six dimension Observations carry exactly the stored ratings of
 * the version they name, and the search returns the current version's six in a searchset Bundle;
 * each read writes exactly one audit event naming the client; another organisation's ids are not
 * found and the attempt is recorded as denied; an archived client's resources stay readable; and
 * nothing of the client reaches the application log.
 */
import type { Bundle, Consent, Observation } from 'fhir/r4.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIMENSION_IDS, DIMENSIONS, RATING_WORDS, type Rating } from '../../src/core/dimensions.js';
import { FHIR_BASE } from '../../src/server/fhir/base.js';
import { listAuditEvents } from '../../src/storage/audit.js';
import type { AuditEvent, Organization, User } from '../../src/storage/records.js';
import { testDialects } from '../support/databases.js';
import { assessmentDocument, expectJson, expectProblem, send } from '../support/http.js';
import { dayFromNow, finalisedPlan } from '../support/plans.js';
import { capturedLog, type Session, signIn, startTestServer, type TestServer } from '../support/server.js';
import { fhirErrors } from '../support/fhir.js';

/** A name that appears nowhere else, so finding it in the log means a leak. */
const CLIENT_NAME = 'Quillon Ashgrove';
const SECOND_RATINGS = { d1: 1, d2: 0, d3: 3, d4: 2, d5: 3, d6: 4 } as const;

interface ConsentBody {
  id: string;
  status: string;
  revokedAt: string | null;
  signedOn: string;
  expiresOn: string;
}

/** An assessment version as the API returns it (the parts these tests read). */
interface AssessmentBody {
  version: number;
  createdAt: string;
  assessment: { ratings: Record<string, number> };
}

type EventFacts = Pick<AuditEvent, 'action' | 'resourceType' | 'resourceId' | 'clientId' | 'outcome'>;

describe.each(testDialects())('FHIR Consent and Observation on %s', (dialect) => {
  let server: TestServer;
  const log = capturedLog();
  let org: Organization;
  let otherOrg: Organization;
  let clinicianUser: User;
  let strangerUser: User;
  let clinician: Session;
  let stranger: Session;
  let clientId: string;
  let assessmentId: string;
  let planId: string;
  /** The two versions of the assessment: as first saved, and as revised. */
  let versions: Array<{ version: number; createdAt: string; ratings: Record<string, number> }>;

  beforeAll(async () => {
    server = await startTestServer(dialect, { logLevel: 'info', logStream: log.stream });
    org = await server.addOrganization();
    otherOrg = await server.addOrganization();
    clinicianUser = await server.addUser(org, 'clinician');
    strangerUser = await server.addUser(otherOrg, 'clinician');
    clinician = await signIn(server, clinicianUser.email);
    stranger = await signIn(server, strangerUser.email);
    const made = await finalisedPlan(server, clinician, CLIENT_NAME);
    ({ clientId, assessmentId } = made);
    planId = made.plan.id;
    const first = await expectJson<AssessmentBody>(
      await send(server, clinician, 'GET', `/api/v1/assessments/${assessmentId}/versions/1`),
      200,
    );
    server.advance(1000);
    const second = await expectJson<AssessmentBody>(
      await send(server, clinician, 'PUT', `/api/v1/assessments/${assessmentId}`, {
        json: assessmentDocument({ ratings: SECOND_RATINGS, notes: { d6: 'Staying with a cousin who drinks.' } }),
        headers: { 'if-match': '"1"' },
      }),
      200,
    );
    versions = [first, second].map((body) => ({
      version: body.version,
      createdAt: body.createdAt,
      ratings: body.assessment.ratings,
    }));
  });
  afterAll(async () => {
    await server.close();
  });

  async function recordConsent(
    overrides: { expiresOn?: string; scope?: string; signature?: Record<string, string> } = {},
  ): Promise<ConsentBody> {
    return expectJson<ConsentBody>(
      await send(server, clinician, 'POST', `/api/v1/clients/${clientId}/consents`, {
        json: {
          planId,
          scope: overrides.scope ?? 'plan-summary',
          consentType: 'specific',
          patientName: CLIENT_NAME,
          discloser: 'Harbor Recovery Clinic',
          recipient: { name: 'Sam Stone', relationship: 'brother' },
          purpose: 'To help with rides to group',
          expiresOn: overrides.expiresOn ?? dayFromNow(server, 90),
          revocation: 'In writing, to the clinic.',
          signature: overrides.signature ?? { signedBy: 'patient', name: CLIENT_NAME },
          signedOn: dayFromNow(server, 0),
        },
      }),
      201,
    );
  }

  async function readFhir<T>(session: Session, path: string): Promise<T> {
    const response = await send(server, session, 'GET', path);
    const text = await response.text();
    expect({ status: response.status, text }).toMatchObject({ status: 200 });
    expect(response.headers.get('content-type')).toMatch(/^application\/fhir\+json/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    return JSON.parse(text) as T;
  }

  /** Every event written since the last call, oldest first, in both organisations' logs. */
  let seen = 0;
  async function newEvents(): Promise<AuditEvent[]> {
    const events: AuditEvent[] = [];
    for (const organization of [org, otherOrg]) {
      events.push(...(await listAuditEvents(server.database.handle.db, organization.id, { limit: 500 })).items);
    }
    const fresh = events.filter((event) => event.seq > seen).sort((a, b) => a.seq - b.seq);
    seen = Math.max(seen, ...events.map((event) => event.seq));
    return fresh;
  }

  function factsOf(events: AuditEvent[]): EventFacts[] {
    return events.map(({ action, resourceType, resourceId, clientId: client, outcome }) => ({
      action,
      resourceType,
      resourceId,
      clientId: client,
      outcome,
    }));
  }

  it('exports a consent as a Consent that validates, active while in force, with what it covers', async () => {
    const consent = await recordConsent();
    const resource = await readFhir<Consent>(clinician, `/fhir/R4/Consent/${consent.id}`);
    expect(fhirErrors(resource)).toEqual([]);
    expect(resource).toMatchObject({
      resourceType: 'Consent',
      id: consent.id,
      status: 'active',
      scope: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'patient-privacy' }] },
      patient: { reference: `Patient/${clientId}`, display: CLIENT_NAME },
      dateTime: consent.signedOn,
      performer: [{ reference: `Patient/${clientId}`, display: CLIENT_NAME }],
      organization: [{ display: 'Harbor Recovery Clinic' }],
      policyRule: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: '42CFRPart2' }] },
      provision: {
        type: 'permit',
        period: { start: consent.signedOn, end: consent.expiresOn },
        actor: [
          {
            role: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType', code: 'IRCP' }] },
            reference: { display: 'Sam Stone (brother)' },
          },
        ],
        purpose: [{ display: 'To help with rides to group' }],
        data: [{ meaning: 'instance', reference: { reference: `CarePlan/${planId}` } }],
      },
    });
    expect(resource.category.flatMap((category) => category.coding ?? [])).toEqual(
      expect.arrayContaining([expect.objectContaining({ system: 'http://loinc.org', code: '59284-0' })]),
    );
    const covers = resource.provision?.code?.[0];
    expect(covers?.coding?.[0]).toMatchObject({
      system: `${FHIR_BASE}/CodeSystem/consent-scope`,
      code: 'plan-summary',
    });
    expect(covers?.text).toMatch(/^Finalised discharge plan summary/);
    expect(resource.extension).toBeUndefined();
  });

  it('names a representative who signed, and the full-plan scope', async () => {
    const consent = await recordConsent({
      scope: 'full-plan',
      signature: { signedBy: 'representative', name: 'Pat Stone', representativeAuthority: 'Legal guardian' },
    });
    const resource = await readFhir<Consent>(clinician, `/fhir/R4/Consent/${consent.id}`);
    expect(fhirErrors(resource)).toEqual([]);
    expect(resource.performer).toEqual([{ type: 'RelatedPerson', display: 'Pat Stone (Legal guardian)' }]);
    expect(resource.provision?.code?.[0]?.coding?.[0]?.code).toBe('full-plan');
  });

  it('shows a revoked consent as inactive, with the moment it was revoked', async () => {
    const consent = await recordConsent();
    const revoked = await expectJson<ConsentBody>(
      await send(server, clinician, 'POST', `/api/v1/consents/${consent.id}/revoke`),
      200,
    );
    expect(revoked.status).toBe('revoked');
    const resource = await readFhir<Consent>(clinician, `/fhir/R4/Consent/${consent.id}`);
    expect(fhirErrors(resource)).toEqual([]);
    expect(resource.status).toBe('inactive');
    expect(resource.extension).toEqual([
      { url: `${FHIR_BASE}/StructureDefinition/consent-revoked-at`, valueDateTime: revoked.revokedAt },
    ]);
    // What was signed stays as signed: the period is not cut short by the revocation.
    expect(resource.provision?.period).toEqual({ start: consent.signedOn, end: consent.expiresOn });
  });

  it('would catch an invalid resource (the validator is not a rubber stamp)', () => {
    // R4 has no "revoked" or "expired" consent state: that is why both are shown as inactive.
    const consent = {
      resourceType: 'Consent',
      scope: { text: 'x' },
      category: [{ text: 'x' }],
    };
    expect(fhirErrors({ ...consent, status: 'inactive' })).toEqual([]);
    expect(fhirErrors({ ...consent, status: 'revoked' })).not.toEqual([]);
    expect(fhirErrors({ ...consent, status: 'expired' })).not.toEqual([]);
    expect(
      fhirErrors({ resourceType: 'Observation', status: 'final', code: { text: 'x' }, valueRating: 2 }),
    ).not.toEqual([]);
    expect(fhirErrors({ resourceType: 'Bundle', type: 'results' })).not.toEqual([]);
  });

  it('exports each dimension rating of each version as an Observation derived from its QuestionnaireResponse', async () => {
    for (const version of versions) {
      for (const dimension of DIMENSION_IDS) {
        const id = `${assessmentId}-v${version.version}-${dimension}`;
        const observation = await readFhir<Observation>(clinician, `/fhir/R4/Observation/${id}`);
        expect(fhirErrors(observation)).toEqual([]);
        const rating = version.ratings[dimension] as Rating;
        expect(observation).toMatchObject({
          resourceType: 'Observation',
          id,
          status: 'final',
          category: [
            { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'survey' }] },
          ],
          code: {
            coding: [
              { system: `${FHIR_BASE}/CodeSystem/dimension`, code: dimension, display: DIMENSIONS[dimension].name },
            ],
          },
          subject: { reference: `Patient/${clientId}`, display: CLIENT_NAME },
          effectiveDateTime: version.createdAt,
          valueCodeableConcept: {
            coding: [{ system: `${FHIR_BASE}/CodeSystem/rating`, code: String(rating), display: RATING_WORDS[rating] }],
            text: RATING_WORDS[rating],
          },
          derivedFrom: [
            {
              reference: `QuestionnaireResponse/${assessmentId}/_history/${version.version}`,
              type: 'QuestionnaireResponse',
            },
          ],
        });
      }
    }
    const note = await readFhir<Observation>(clinician, `/fhir/R4/Observation/${assessmentId}-v2-d6`);
    expect(note.note).toEqual([{ text: 'Staying with a cousin who drinks.' }]);
    expect(note.valueCodeableConcept?.text).toBe('extreme');
  });

  it('finds the six Observations of the current version by derived-from, as a searchset Bundle that validates', async () => {
    const current = versions[1];
    for (const derivedFrom of [`QuestionnaireResponse/${assessmentId}`, assessmentId]) {
      const bundle = await readFhir<Bundle>(
        clinician,
        `/fhir/R4/Observation?derived-from=${encodeURIComponent(derivedFrom)}`,
      );
      expect(fhirErrors(bundle)).toEqual([]);
      expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'searchset', total: 6 });
      expect(bundle.link?.[0]).toEqual({
        relation: 'self',
        url: `${server.baseUrl}/fhir/R4/Observation?derived-from=QuestionnaireResponse%2F${assessmentId}`,
      });
      const entries = bundle.entry ?? [];
      expect(entries.map((entry) => entry.fullUrl)).toEqual(
        DIMENSION_IDS.map((d) => `${server.baseUrl}/fhir/R4/Observation/${assessmentId}-v2-${d}`),
      );
      expect(entries.every((entry) => entry.search?.mode === 'match')).toBe(true);
      const observations = entries.map((entry) => entry.resource as Observation);
      for (const observation of observations) expect(fhirErrors(observation)).toEqual([]);
      expect(
        observations.map((o) => [o.code.coding?.[0]?.code, Number(o.valueCodeableConcept?.coding?.[0]?.code)]),
      ).toEqual(DIMENSION_IDS.map((d) => [d, current?.ratings[d]]));
      // The search answers what the reads answer.
      const read = await readFhir<Observation>(clinician, `/fhir/R4/Observation/${assessmentId}-v2-d3`);
      expect(observations[2]).toEqual(read);
    }
  });

  it('refuses bad ids and searches, naming the part', async () => {
    for (const bad of [assessmentId, `${assessmentId}-v0-d1`, `${assessmentId}-v1-d7`, `${assessmentId}-1-d1`, 'x']) {
      const problem = await expectProblem(
        await send(server, clinician, 'GET', `/fhir/R4/Observation/${bad}`),
        400,
        'invalid_input',
      );
      expect(problem.errors).toEqual([expect.objectContaining({ in: 'params', path: 'id' })]);
    }
    // A well-formed id of a version the assessment does not have.
    await expectProblem(
      await send(server, clinician, 'GET', `/fhir/R4/Observation/${assessmentId}-v9-d1`),
      404,
      'not_found',
    );
    const missing = await expectProblem(
      await send(server, clinician, 'GET', '/fhir/R4/Observation'),
      400,
      'invalid_input',
    );
    expect(missing.errors).toEqual([expect.objectContaining({ in: 'query', path: 'derived-from' })]);
    for (const query of [`derived-from=CarePlan/${planId}`, 'derived-from=QuestionnaireResponse/1']) {
      const problem = await expectProblem(
        await send(server, clinician, 'GET', `/fhir/R4/Observation?${query}`),
        400,
        'invalid_input',
      );
      expect(problem.errors).toEqual([expect.objectContaining({ in: 'query', path: 'derived-from' })]);
    }
    const unknown = await expectProblem(
      await send(
        server,
        clinician,
        'GET',
        `/fhir/R4/Observation?derived-from=${assessmentId}&subject=Patient/${clientId}`,
      ),
      400,
      'invalid_input',
    );
    expect(unknown.errors?.map((issue) => issue.path)).toEqual(['subject']);
    await expectProblem(await send(server, clinician, 'GET', '/fhir/R4/Consent/not-a-uuid'), 400, 'invalid_input');
    await expectProblem(
      await send(server, null, 'GET', `/fhir/R4/Observation?derived-from=${assessmentId}`),
      401,
      'unauthenticated',
    );
  });

  it('audits each read with exactly one event naming the client', async () => {
    const consent = await recordConsent();
    await newEvents();
    const reads: Array<{ path: string; expected: EventFacts }> = [
      {
        path: `/fhir/R4/Consent/${consent.id}`,
        expected: {
          action: 'consent.export.fhir',
          resourceType: 'consent',
          resourceId: consent.id,
          clientId,
          outcome: 'success',
        },
      },
      {
        path: `/fhir/R4/Observation/${assessmentId}-v1-d4`,
        expected: {
          action: 'assessment.export.fhir',
          resourceType: 'assessment',
          resourceId: assessmentId,
          clientId,
          outcome: 'success',
        },
      },
      {
        path: `/fhir/R4/Observation?derived-from=QuestionnaireResponse/${assessmentId}`,
        expected: {
          action: 'assessment.export.fhir',
          resourceType: 'assessment',
          resourceId: assessmentId,
          clientId,
          outcome: 'success',
        },
      },
    ];
    for (const read of reads) {
      await readFhir(clinician, read.path);
      const events = await newEvents();
      expect(factsOf(events), read.path).toEqual([read.expected]);
      expect(events[0]).toMatchObject({
        organizationId: org.id,
        actorUserId: clinicianUser.id,
        actorKind: 'user',
        ip: '127.0.0.1',
      });
      expect(events[0]?.requestId).toMatch(/^[0-9a-f-]{36}$/);
    }
    // Refused requests disclose nothing and record nothing.
    await send(server, clinician, 'GET', '/fhir/R4/Observation/x');
    await send(server, clinician, 'GET', `/fhir/R4/Observation/${assessmentId}-v9-d1`);
    expect(await newEvents()).toEqual([]);
  });

  it('refuses another organisation’s ids as not found, and records the attempt as denied in both logs', async () => {
    const consent = await recordConsent();
    await newEvents();
    const attempts: Array<{ path: string; expected: EventFacts }> = [
      {
        path: `/fhir/R4/Consent/${consent.id}`,
        expected: {
          action: 'consent.export.fhir',
          resourceType: 'consent',
          resourceId: consent.id,
          clientId: null,
          outcome: 'denied',
        },
      },
      {
        path: `/fhir/R4/Observation/${assessmentId}-v1-d1`,
        expected: {
          action: 'assessment.export.fhir',
          resourceType: 'assessment',
          resourceId: assessmentId,
          clientId: null,
          outcome: 'denied',
        },
      },
      {
        path: `/fhir/R4/Observation?derived-from=QuestionnaireResponse/${assessmentId}`,
        expected: {
          action: 'assessment.export.fhir',
          resourceType: 'assessment',
          resourceId: assessmentId,
          clientId: null,
          outcome: 'denied',
        },
      },
    ];
    for (const attempt of attempts) {
      const problem = await expectProblem(await send(server, stranger, 'GET', attempt.path), 404, 'not_found');
      expect(JSON.stringify(problem)).not.toContain(clientId);
      const events = await newEvents();
      // In the prober's log without a client; in the log of the clinic whose record was tried, naming it.
      const theirs = events.filter((event) => event.organizationId === otherOrg.id);
      const ours = events.filter((event) => event.organizationId === org.id);
      expect(theirs.length + ours.length).toBe(events.length);
      expect(factsOf(theirs), attempt.path).toEqual([attempt.expected]);
      expect(factsOf(ours), attempt.path).toEqual([{ ...attempt.expected, clientId }]);
      expect(ours[0]).toMatchObject({ actorUserId: strangerUser.id, requestId: theirs[0]?.requestId });
    }
    // An id nobody has is refused the same way, recorded only in the caller's log.
    const nobody = '00000000-0000-4000-8000-000000000000';
    await expectProblem(await send(server, clinician, 'GET', `/fhir/R4/Consent/${nobody}`), 404, 'not_found');
    await expectProblem(
      await send(server, clinician, 'GET', `/fhir/R4/Observation?derived-from=${nobody}`),
      404,
      'not_found',
    );
    expect(factsOf(await newEvents()).map((event) => [event.action, event.resourceId, event.outcome])).toEqual([
      ['consent.export.fhir', nobody, 'denied'],
      ['assessment.export.fhir', nobody, 'denied'],
    ]);
  });

  it('describes the three routes in OpenAPI, under the fhir tag', async () => {
    type Operation = {
      tags?: string[];
      summary?: string;
      parameters?: Array<{ name: string; in: string; required?: boolean }>;
    };
    const spec = await expectJson<{ paths: Record<string, { get?: Operation }> }>(
      await send(server, null, 'GET', '/api/openapi.json'),
      200,
    );
    for (const path of ['/fhir/R4/Consent/{id}', '/fhir/R4/Observation/{id}', '/fhir/R4/Observation']) {
      expect(spec.paths[path]?.get?.tags, path).toEqual(['fhir']);
      expect(spec.paths[path]?.get?.summary, path).toBeTruthy();
    }
    expect(spec.paths['/fhir/R4/Observation']?.get?.parameters).toEqual([
      expect.objectContaining({ name: 'derived-from', in: 'query', required: true }),
    ]);
  });

  it('keeps the client out of the application log', () => {
    expect(log.text()).toContain('incoming request');
    expect(log.text()).toContain('/fhir/R4/Observation');
    expect(log.text().toLowerCase()).not.toContain(CLIENT_NAME.toLowerCase().split(' ')[0]);
    expect(log.text().toLowerCase()).not.toContain(CLIENT_NAME.toLowerCase().split(' ')[1]);
  });

  it('still reads an archived client’s consent and Observations', async () => {
    const consent = await recordConsent();
    await expectJson(await send(server, clinician, 'POST', `/api/v1/clients/${clientId}/archive`), 200);
    try {
      expect((await readFhir<Consent>(clinician, `/fhir/R4/Consent/${consent.id}`)).status).toBe('active');
      await readFhir<Observation>(clinician, `/fhir/R4/Observation/${assessmentId}-v1-d2`);
      const bundle = await readFhir<Bundle>(clinician, `/fhir/R4/Observation?derived-from=${assessmentId}`);
      expect(bundle.total).toBe(6);
    } finally {
      await expectJson(await send(server, clinician, 'POST', `/api/v1/clients/${clientId}/restore`), 200);
    }
  });

  // Last: it moves the server's clock past the consent's last day.
  it('shows a consent past its last day as inactive, without a revocation', async () => {
    const consent = await recordConsent({ expiresOn: dayFromNow(server, 1) });
    expect((await readFhir<Consent>(clinician, `/fhir/R4/Consent/${consent.id}`)).status).toBe('active');
    server.advance(3 * 86_400_000);
    // The sessions idled out over those days.
    const again = await signIn(server, clinicianUser.email);
    const resource = await readFhir<Consent>(again, `/fhir/R4/Consent/${consent.id}`);
    expect(fhirErrors(resource)).toEqual([]);
    expect(resource.status).toBe('inactive');
    expect(resource.extension).toBeUndefined();
    expect(resource.provision?.period?.end).toBe(consent.expiresOn);
    expect(consent.expiresOn < dayFromNow(server, 0)).toBe(true);
  });
});
