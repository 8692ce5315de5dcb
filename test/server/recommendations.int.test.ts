/**
 * POST /api/v1/recommendations over real HTTP: the answer is exactly the engine's recommendation for
 * the document (byte for byte its JSON), for every clinical fixture case and for documents the
 * parser's fast path leaves to the schema; bad documents get problems naming each field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAssessment } from '../../src/core/assessment.js';
import { recommendPlacement } from '../../src/core/engine.js';
import { loadDefaultRuleSet } from '../../src/core/rulesets/index.js';
import { CLINICAL_CASES } from '../fixtures/clinical-cases.js';
import { assessmentDocument, expectProblem, send } from '../support/http.js';
import { signIn, startTestServer, type Session, type TestServer } from '../support/server.js';

const ruleset = loadDefaultRuleSet();

/** The recommendation's JSON as the engine makes it for this document. */
function expectedText(document: unknown): string {
  const parsed = parseAssessment(document);
  if (!parsed.ok) throw new Error(`fixture is not a valid assessment: ${JSON.stringify(parsed.issues)}`);
  return JSON.stringify(recommendPlacement(parsed.value, ruleset));
}

describe('POST /api/v1/recommendations', () => {
  let server: TestServer;
  let session: Session;
  beforeAll(async () => {
    server = await startTestServer('sqlite');
    const org = await server.addOrganization();
    session = await signIn(server, (await server.addUser(org, 'clinician')).email);
  });
  afterAll(async () => {
    await server.close();
  });

  it('answers with the engine recommendation, byte for byte, for every clinical case', async () => {
    for (const { name, assessment } of CLINICAL_CASES) {
      const response = await session.request('POST', '/api/v1/recommendations', assessment);
      const text = await response.text();
      expect({ name, status: response.status }).toEqual({ name, status: 200 });
      expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(text, name).toBe(expectedText(assessment));
    }
  });

  it('gives the same answer for documents outside the common shape', async () => {
    const documents = [
      // No flags and no notes at all.
      assessmentDocument(),
      // Keys in an unusual order, some flags, an empty notes object.
      {
        ratings: { d6: 2, d5: 3, d4: 1, d3: 0, d2: 1, d1: 2 },
        population: 'adolescent',
        schema: 'stepdown/assessment@1',
        flags: { withdrawalRisk: true },
        notes: {},
      },
      // A note with characters JSON must escape.
      assessmentDocument({ notes: { d5: 'Said "not again"\nthen left \\ early' } }),
    ];
    for (const document of documents) {
      const response = await session.request('POST', '/api/v1/recommendations', document);
      expect(response.status).toBe(200);
      expect(await response.text()).toBe(expectedText(document));
    }
  });

  it('names every bad field of a bad document', async () => {
    const bad = assessmentDocument({ ratings: { d1: 0, d2: 7, d3: 2, d4: 1, d5: 2 }, flags: { nope: true } });
    const problem = await expectProblem(
      await session.request('POST', '/api/v1/recommendations', bad),
      400,
      'invalid_input',
    );
    const paths = (problem.errors ?? []).map((issue) => `${issue.in} ${issue.path}`);
    expect(paths).toEqual(expect.arrayContaining(['body ratings.d2', 'body ratings.d6', 'body flags.nope']));
  });

  it('refuses U+0000 in a note, as every route does', async () => {
    const problem = await expectProblem(
      await session.request('POST', '/api/v1/recommendations', assessmentDocument({ notes: { d3: 'a\u0000b' } })),
      400,
      'invalid_input',
    );
    expect(problem.errors).toEqual([{ in: 'body', path: 'notes.d3', message: 'must not contain U+0000' }]);
  });

  it('answers bad JSON and a missing body with problems, not errors', async () => {
    await expectProblem(
      await send(server, session, 'POST', '/api/v1/recommendations', {
        raw: '{"schema": ',
        headers: { 'content-type': 'application/json' },
      }),
      400,
      'invalid_json',
    );
    const empty = await send(server, session, 'POST', '/api/v1/recommendations', {});
    expect(empty.status).toBeGreaterThanOrEqual(400);
    expect(empty.status).toBeLessThan(500);
  });

  it('carries the security headers', async () => {
    const response = await session.request('POST', '/api/v1/recommendations', assessmentDocument());
    await response.arrayBuffer();
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
