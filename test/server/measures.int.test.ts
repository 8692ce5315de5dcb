/**
 * Measures over HTTP on SQLite and PostgreSQL: the instruments listed; a result scored and saved
 * (PHQ-9 item 9 above 0 raises a safety alert); bad answers refused naming the item; the list newest
 * first with change against the first result and the reliable change thresholds; another
 * organisation's client not found and an archived client's record closed to new results; every
 * read and submission audited; and the FHIR Questionnaire, QuestionnaireResponse and total
 * Observation of each, validated by FHIR.js, with nothing of the client in the log.
 */
import type { Bundle, Observation, Questionnaire, QuestionnaireResponse } from 'fhir/r4.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAuditEvents } from '../../src/storage/audit.js';
import type { AuditEvent, Organization } from '../../src/storage/records.js';
import { testDialects } from '../support/databases.js';
import { fhirErrors } from '../support/fhir.js';
import { expectJson, expectProblem, send } from '../support/http.js';
import { capturedLog, type Session, signIn, startTestServer, type TestServer } from '../support/server.js';

const CLIENT_NAME = 'Marisol Quenby-Thrale';
const DAY = 86_400_000;

interface MeasureBody {
  id: string;
  clientId: string;
  instrument: string;
  total: number | null;
  severity: string | null;
  scores: Record<string, number>;
  alerts: Array<{ kind: string; item: number; linkId: string; reason: string }>;
  change: { from: number; delta: number; reliable: boolean; direction: string } | null;
  takenAt: string;
  via: string;
}

describe.each(testDialects())('measures on %s', (dialect) => {
  let server: TestServer;
  const log = capturedLog();
  let org: Organization;
  let clinician: Session;
  let stranger: Session;
  let clientId: string;

  const daysAgo = (days: number) => new Date(server.now().getTime() - days * DAY).toISOString();
  const post = (body: unknown, id = clientId, session = clinician) =>
    send(server, session, 'POST', `/api/v1/clients/${id}/measures`, { json: body });

  async function eventsOf(action: string): Promise<AuditEvent[]> {
    const { items } = await listAuditEvents(server.database.handle.db, org.id, { limit: 500 });
    return items.filter((event) => event.action === action);
  }

  beforeAll(async () => {
    server = await startTestServer(dialect, { logLevel: 'info', logStream: log.stream });
    org = await server.addOrganization();
    const otherOrg = await server.addOrganization();
    clinician = await signIn(server, (await server.addUser(org, 'clinician')).email);
    stranger = await signIn(server, (await server.addUser(otherOrg, 'clinician')).email);
    clientId = (
      await expectJson<{ id: string }>(
        await send(server, clinician, 'POST', '/api/v1/clients', { json: { displayName: CLIENT_NAME } }),
        201,
      )
    ).id;
  });
  afterAll(async () => {
    await server.close();
  });

  it('lists the instruments with their licence', async () => {
    const { items } = await expectJson<{
      items: Array<{ id: string; licence: string; version: string; name: string }>;
    }>(await send(server, clinician, 'GET', '/api/v1/instruments'), 200);
    expect(items.map((i) => i.id)).toEqual([
      'phq-9',
      'gad-7',
      'audit-c',
      'recovery-check',
      'readiness',
      'attendance',
      'drug-test',
    ]);
    expect(items[0]).toMatchObject({ id: 'phq-9', name: 'PHQ9', version: '1.0.0', licence: 'free' });
  });

  it('scores and saves a PHQ-9, with a safety alert for item 9 above 0', async () => {
    const response = await post({ instrument: 'phq-9', answers: [2, 2, 2, 2, 2, 2, 2, 1, 1], takenAt: daysAgo(28) });
    const saved = await expectJson<MeasureBody>(response, 201);
    expect(saved).toMatchObject({
      instrument: 'phq-9',
      total: 16,
      severity: 'moderately-severe',
      change: null,
      via: 'clinician',
      alerts: [{ kind: 'safety', item: 9, linkId: '9' }],
    });
    const [event] = (await eventsOf('measure.create')).filter((e) => e.resourceId === saved.id);
    expect(event).toMatchObject({ resourceType: 'measure', clientId, outcome: 'success' });
  });

  it('gives no alert when item 9 is 0', async () => {
    const saved = await expectJson<MeasureBody>(
      await post({ instrument: 'phq-9', answers: [1, 1, 1, 1, 1, 1, 1, 1, 0], takenAt: daysAgo(14) }),
      201,
    );
    expect(saved).toMatchObject({ total: 8, severity: 'mild', alerts: [] });
    expect(saved.change).toEqual({ from: 16, delta: -8, reliable: true, direction: 'better' });
  });

  it('refuses a wrong number of answers, naming the answers', async () => {
    const problem = await expectProblem(
      await post({ instrument: 'phq-9', answers: [0, 0, 0], takenAt: daysAgo(1) }),
      400,
      'invalid_input',
    );
    expect(problem.errors).toEqual([
      { in: 'body', path: 'answers', message: 'PHQ9 has 9 items, so it needs 9 answers, not 3' },
    ]);
  });

  it('refuses an answer that is not one of the item’s values, naming the item', async () => {
    const problem = await expectProblem(
      await post({ instrument: 'phq-9', answers: [0, 0, 0, 0, 0, 0, 0, 0, 7], takenAt: daysAgo(1) }),
      400,
      'invalid_input',
    );
    expect(problem.errors).toEqual([{ in: 'body', path: 'answers.8', message: 'item 9 must be one of 0, 1, 2, 3' }]);
  });

  it('refuses an unknown instrument and a time in the future', async () => {
    const unknown = await expectProblem(
      await post({ instrument: 'c-ssrs', answers: [0], takenAt: daysAgo(1) }),
      400,
      'invalid_input',
    );
    expect(unknown.errors?.[0]).toMatchObject({ path: 'instrument' });
    const future = await expectProblem(
      await post({
        instrument: 'gad-7',
        answers: [0, 0, 0, 0, 0, 0, 0],
        takenAt: new Date(server.now().getTime() + DAY).toISOString(),
      }),
      400,
      'invalid_input',
    );
    expect(future.errors).toEqual([{ in: 'body', path: 'takenAt', message: 'must not be in the future' }]);
  });

  it('lists newest first, each with its change against the first result on its instrument', async () => {
    await expectJson(await post({ instrument: 'gad-7', answers: [2, 2, 2, 2, 1, 1, 1], takenAt: daysAgo(20) }), 201);
    await expectJson(await post({ instrument: 'gad-7', answers: [1, 1, 1, 1, 1, 1, 2], takenAt: daysAgo(6) }), 201);
    await expectJson(
      await post({ instrument: 'phq-9', answers: [2, 2, 2, 2, 2, 1, 1, 0, 0], takenAt: daysAgo(2) }),
      201,
    );
    await expectJson(await post({ instrument: 'readiness', answers: [9, 6], takenAt: daysAgo(3) }), 201);
    const before = (await eventsOf('measure.list')).length;
    const { items } = await expectJson<{ items: MeasureBody[] }>(
      await send(server, clinician, 'GET', `/api/v1/clients/${clientId}/measures`),
      200,
    );
    const summary = items.map((m) => [m.instrument, m.total, m.change]);
    expect(summary).toEqual([
      ['phq-9', 12, { from: 16, delta: -4, reliable: false, direction: 'better' }],
      ['readiness', null, null],
      ['gad-7', 8, { from: 11, delta: -3, reliable: false, direction: 'better' }],
      ['phq-9', 8, { from: 16, delta: -8, reliable: true, direction: 'better' }],
      ['gad-7', 11, null],
      ['phq-9', 16, null],
    ]);
    expect(items.map((m) => m.takenAt)).toEqual([...items.map((m) => m.takenAt)].sort().reverse());
    expect(items[1]?.scores).toEqual({ importance: 9, confidence: 6 });
    expect((await eventsOf('measure.list')).length).toBe(before + 1);
  });

  it('keeps another organisation out, recording the attempt', async () => {
    await expectProblem(
      await post(
        { instrument: 'phq-9', answers: [0, 0, 0, 0, 0, 0, 0, 0, 0], takenAt: daysAgo(1) },
        clientId,
        stranger,
      ),
      404,
      'not_found',
    );
    await expectProblem(await send(server, stranger, 'GET', `/api/v1/clients/${clientId}/measures`), 404, 'not_found');
    const denied = (await eventsOf('measure.list')).filter((e) => e.outcome === 'denied');
    expect(denied.length).toBeGreaterThan(0);
  });

  it('closes an archived client’s record to new results, and keeps it readable', async () => {
    const archivedId = (
      await expectJson<{ id: string }>(
        await send(server, clinician, 'POST', '/api/v1/clients', { json: { displayName: 'Archived Measures' } }),
        201,
      )
    ).id;
    await expectJson(
      await post({ instrument: 'audit-c', answers: [1, 1, 1], takenAt: daysAgo(3), sex: 'male' }, archivedId),
      201,
    );
    await expectJson(await send(server, clinician, 'POST', `/api/v1/clients/${archivedId}/archive`), 200);
    await expectProblem(
      await post({ instrument: 'audit-c', answers: [1, 1, 1], takenAt: daysAgo(1) }, archivedId),
      409,
      'conflict',
    );
    const { items } = await expectJson<{ items: MeasureBody[] }>(
      await send(server, clinician, 'GET', `/api/v1/clients/${archivedId}/measures`),
      200,
    );
    expect(items.map((m) => [m.total, m.severity])).toEqual([[3, 'negative']]);
  });

  describe('as FHIR', () => {
    it('serves each instrument as a valid Questionnaire', async () => {
      for (const id of ['phq-9', 'gad-7', 'audit-c', 'recovery-check', 'readiness', 'attendance', 'drug-test']) {
        const response = await send(server, clinician, 'GET', `/fhir/R4/Questionnaire/${id}`);
        expect(response.headers.get('content-type')).toMatch(/^application\/fhir\+json/);
        const questionnaire = await expectJson<Questionnaire>(response, 200);
        expect(questionnaire.id).toBe(id);
        expect(fhirErrors(questionnaire), id).toEqual([]);
      }
      await expectProblem(await send(server, clinician, 'GET', '/fhir/R4/Questionnaire/c-ssrs'), 404, 'not_found');
    });

    it('gives each result as a valid QuestionnaireResponse and its total as a LOINC Observation, audited', async () => {
      const saved = await expectJson<MeasureBody>(
        await post({ instrument: 'phq-9', answers: [3, 3, 3, 3, 2, 2, 2, 2, 1], takenAt: daysAgo(1) }),
        201,
      );
      const response = await expectJson<QuestionnaireResponse>(
        await send(server, clinician, 'GET', `/fhir/R4/QuestionnaireResponse/${saved.id}`),
        200,
      );
      expect(fhirErrors(response)).toEqual([]);
      expect(response.questionnaire).toBe('https://stepdown.invalid/fhir/Questionnaire/phq-9|1.0.0');
      expect(response.item?.[8]).toMatchObject({
        linkId: '9',
        answer: [{ valueCoding: { system: 'http://loinc.org', code: 'LA6569-3' } }],
      });
      expect(response.item?.at(-1)).toMatchObject({ linkId: 'total', answer: [{ valueInteger: 21 }] });

      const observation = await expectJson<Observation>(
        await send(server, clinician, 'GET', `/fhir/R4/Observation/${saved.id}-total`),
        200,
      );
      expect(fhirErrors(observation)).toEqual([]);
      expect(observation).toMatchObject({
        code: { coding: [{ system: 'http://loinc.org', code: '44261-6' }] },
        valueInteger: 21,
        interpretation: [{ text: 'Severe' }],
        derivedFrom: [{ reference: `QuestionnaireResponse/${saved.id}` }],
      });
      const bundle = await expectJson<Bundle>(
        await send(server, clinician, 'GET', `/fhir/R4/Observation?derived-from=QuestionnaireResponse/${saved.id}`),
        200,
      );
      expect(fhirErrors(bundle)).toEqual([]);
      expect(bundle.entry?.map((e) => e.resource?.id)).toEqual([`${saved.id}-total`]);
      const exports = (await eventsOf('measure.export.fhir')).filter((e) => e.resourceId === saved.id);
      expect(exports.map((e) => e.outcome)).toEqual(['success', 'success', 'success']);
    });

    it('has no total Observation for the readiness rulers, and none for another organisation', async () => {
      const saved = await expectJson<MeasureBody>(
        await post({ instrument: 'readiness', answers: [5, 5], takenAt: daysAgo(1) }),
        201,
      );
      const response = await expectJson<QuestionnaireResponse>(
        await send(server, clinician, 'GET', `/fhir/R4/QuestionnaireResponse/${saved.id}`),
        200,
      );
      expect(fhirErrors(response)).toEqual([]);
      await expectProblem(
        await send(server, clinician, 'GET', `/fhir/R4/Observation/${saved.id}-total`),
        404,
        'not_found',
      );
      await expectProblem(
        await send(server, stranger, 'GET', `/fhir/R4/QuestionnaireResponse/${saved.id}`),
        404,
        'not_found',
      );
      await expectProblem(
        await send(server, stranger, 'GET', `/fhir/R4/Observation/${saved.id}-total`),
        404,
        'not_found',
      );
    });

    it('writes nothing of the client to the log', () => {
      expect(log.text()).not.toContain(CLIENT_NAME);
    });
  });
});
