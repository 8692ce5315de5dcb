import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Recommendation } from '../../src/core/recommendation.js';
import { testDialects } from '../support/databases.js';
import { assessmentDocument, expectJson, expectProblem, send } from '../support/http.js';
import { signIn, startTestServer, type TestServer } from '../support/server.js';

interface ClientItem {
  id: string;
  displayName: string;
  archived: boolean;
  archivedAt: string | null;
}

interface ClientPage {
  items: ClientItem[];
  nextCursor: string | null;
}

describe.each(testDialects())('clients over HTTP on %s', (dialect) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(dialect);
  });
  afterAll(async () => {
    await server.close();
  });

  it('creates, reads, searches, pages and archives clients of the organisation', async () => {
    const org = await server.addOrganization();
    const clinician = await server.addUser(org, 'clinician');
    const session = await signIn(server, clinician.email);
    const names = ['Avery Stone', 'Blake Moss', 'Casey Reed', 'Drew Lane'];
    const ids: string[] = [];
    for (const displayName of names) {
      const created = await session.request('POST', '/api/v1/clients', {
        displayName,
        // Each its own record number: two clients with one number are a possible duplicate.
        externalRef: `MRN-${ids.length + 1}`,
      });
      expect(created.status).toBe(201);
      ids.push(((await created.json()) as { id: string }).id);
    }
    const first = (await (await session.request('GET', '/api/v1/clients?limit=3')).json()) as {
      items: Array<{ displayName: string }>;
      nextCursor: string;
    };
    expect(first.items.map((c) => c.displayName)).toEqual(names.slice(0, 3));
    const second = (await (
      await session.request('GET', `/api/v1/clients?limit=3&cursor=${first.nextCursor}`)
    ).json()) as {
      items: Array<{ displayName: string }>;
      nextCursor: string | null;
    };
    expect(second.items.map((c) => c.displayName)).toEqual(['Drew Lane']);
    expect(second.nextCursor).toBeNull();

    const search = (await (await session.request('GET', '/api/v1/clients?q=moss')).json()) as {
      items: Array<{ id: string }>;
    };
    expect(search.items.map((c) => c.id)).toEqual([ids[1]]);

    const archived = await session.request('POST', `/api/v1/clients/${ids[0]}/archive`);
    expect(archived.status).toBe(200);
    const after = (await (await session.request('GET', '/api/v1/clients')).json()) as { items: Array<{ id: string }> };
    expect(after.items.map((c) => c.id)).not.toContain(ids[0]);
    const withArchived = (await (await session.request('GET', '/api/v1/clients?archived=include')).json()) as {
      items: Array<{ id: string }>;
    };
    expect(withArchived.items.map((c) => c.id)).toContain(ids[0]);
  });

  it('lists active clients by default, all of them or archived ones only when asked, searching and paging', async () => {
    const org = await server.addOrganization();
    const session = await signIn(server, (await server.addUser(org, 'clinician')).email);
    const names = ['Ari Fenn', 'Bea Fenn', 'Cal Fenn', 'Dot Fenn', 'Eli Fenn', 'Fay Moor'];
    const ids = new Map<string, string>();
    for (const displayName of names) {
      const created = await expectJson<ClientItem>(
        await session.request('POST', '/api/v1/clients', { displayName }),
        201,
      );
      ids.set(displayName, created.id);
    }
    const archivedAt = new Map<string, string | null>();
    for (const displayName of ['Bea Fenn', 'Dot Fenn', 'Fay Moor']) {
      const archived = await expectJson<ClientItem>(
        await session.request('POST', `/api/v1/clients/${ids.get(displayName)}/archive`),
        200,
      );
      expect(archived.archivedAt).toEqual(expect.any(String));
      archivedAt.set(displayName, archived.archivedAt);
    }

    /** Every page of a listing, two at a time, following nextCursor. */
    const all = async (query: string): Promise<ClientItem[]> => {
      const items: ClientItem[] = [];
      let cursor: string | null = null;
      do {
        const page: ClientPage = await expectJson<ClientPage>(
          await session.request('GET', `/api/v1/clients?limit=2&${query}${cursor ? `&cursor=${cursor}` : ''}`),
          200,
        );
        expect(page.items.length).toBeLessThanOrEqual(2);
        items.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor !== null && items.length < 50);
      return items;
    };
    const namesOf = (items: ClientItem[]) => items.map((c) => c.displayName);

    expect(namesOf(await all(''))).toEqual(['Ari Fenn', 'Cal Fenn', 'Eli Fenn']);
    expect(namesOf(await all('archived=exclude'))).toEqual(['Ari Fenn', 'Cal Fenn', 'Eli Fenn']);
    const included = await all('archived=include');
    expect(namesOf(included)).toEqual(names);
    // Each item says whether, and since when, the client is archived.
    for (const item of included) {
      expect(item.id).toBe(ids.get(item.displayName));
      expect(item.archived).toBe(archivedAt.has(item.displayName));
      expect(item.archivedAt).toBe(archivedAt.get(item.displayName) ?? null);
    }
    expect(namesOf(await all('archived=only'))).toEqual(['Bea Fenn', 'Dot Fenn', 'Fay Moor']);
    expect(namesOf(await all('archived=only&q=fenn'))).toEqual(['Bea Fenn', 'Dot Fenn']);
    expect(namesOf(await all('archived=include&q=FENN'))).toEqual(names.slice(0, 5));
    expect(namesOf(await all('q=moor'))).toEqual([]);

    const refused = await expectProblem(
      await session.request('GET', '/api/v1/clients?archived=yes'),
      400,
      'invalid_input',
    );
    expect(refused.errors?.map((issue) => `${issue.in} ${issue.path}`)).toEqual(['query archived']);
  });

  it('describes the archived filter in OpenAPI', async () => {
    const spec = await expectJson<{
      paths: Record<string, { get: { parameters: Array<{ name: string; in: string; schema: unknown }> } }>;
    }>(await send(server, null, 'GET', '/api/openapi.json'), 200);
    const parameter = spec.paths['/api/v1/clients']?.get.parameters.find((p) => p.name === 'archived');
    expect(parameter).toMatchObject({
      in: 'query',
      schema: { type: 'string', enum: ['exclude', 'include', 'only'], default: 'exclude' },
    });
  });

  it('stores an assessment with the recommendation computed by the engine', async () => {
    const org = await server.addOrganization();
    const clinician = await server.addUser(org, 'clinician');
    const session = await signIn(server, clinician.email);
    const client = (await (await session.request('POST', '/api/v1/clients', { displayName: 'Eli Park' })).json()) as {
      id: string;
    };
    const assessment = {
      schema: 'stepdown/assessment@1',
      population: 'adult',
      ratings: { d1: 0, d2: 0, d3: 3, d4: 1, d5: 2, d6: 1 },
    };
    const saved = await session.request('POST', `/api/v1/clients/${client.id}/assessments`, assessment);
    expect(saved.status).toBe(201);
    const body = (await saved.json()) as {
      id: string;
      version: number;
      recommendation: { primary: { setting: string } };
    };
    expect(body.version).toBe(1);
    expect(body.recommendation.primary.setting).toBe('php');

    const revised = await session.request(
      'PUT',
      `/api/v1/assessments/${body.id}`,
      { ...assessment, ratings: { ...assessment.ratings, d3: 1 } },
      { 'if-match': '"1"' },
    );
    expect(revised.status).toBe(200);
    expect(
      ((await revised.json()) as { version: number; recommendation: { primary: { setting: string } } }).recommendation
        .primary.setting,
    ).toBe('iop');

    const stale = await session.request('PUT', `/api/v1/assessments/${body.id}`, assessment, { 'if-match': '"1"' });
    expect(stale.status).toBe(412);

    const list = (await (await session.request('GET', `/api/v1/clients/${client.id}/assessments`)).json()) as {
      items: Array<{ version: number }>;
    };
    expect(list.items.map((item) => item.version)).toEqual([2]);
  });

  it('stores an assessment@2 as submitted, revises an assessment@1 into an @2, and reads both back', async () => {
    const org = await server.addOrganization();
    const session = await signIn(server, (await server.addUser(org, 'clinician')).email);
    const client = (await (await session.request('POST', '/api/v1/clients', { displayName: 'Ana Ruiz' })).json()) as {
      id: string;
    };
    const v1 = {
      schema: 'stepdown/assessment@1',
      population: 'adult',
      ratings: { d1: 3, d2: 0, d3: 1, d4: 1, d5: 2, d6: 1 },
    };
    const created = await session.request('POST', `/api/v1/clients/${client.id}/assessments`, v1);
    expect(created.status).toBe(201);
    const first = (await created.json()) as { id: string; assessment: unknown; recommendation: Recommendation };
    expect(first.assessment).toEqual(v1);
    const v2 = {
      ...v1,
      schema: 'stepdown/assessment@2',
      flags: { withdrawalRisk: true },
      facts: {
        substances: ['alcohol'],
        withdrawalSeizureOrDeliriumHistory: true,
        currentMedications: [{ name: 'acamprosate', prescriber: 'Dr. Lee' }],
      },
    };
    const revised = await session.request('PUT', `/api/v1/assessments/${first.id}`, v2, { 'if-match': '"1"' });
    expect(revised.status).toBe(200);
    const second = (await revised.json()) as { assessment: unknown; recommendation: Recommendation };
    expect(second.assessment).toEqual(v2);
    expect(second.recommendation.sequence[0]).toEqual({
      step: 'withdrawal-management',
      setting: 'residential',
      medicallyMonitored: true,
    });
    expect(second.recommendation.requirements).toEqual([
      { requirement: 'continue-medication', rule: 'medication.continuity', medications: ['acamprosate'] },
    ]);
    const read = (await (await session.request('GET', `/api/v1/assessments/${first.id}`)).json()) as {
      assessment: unknown;
    };
    expect(read.assessment).toEqual(v2);
  });

  it('refuses a new assessment, and a new version of one, while the client is archived', async () => {
    const org = await server.addOrganization();
    const session = await signIn(server, (await server.addUser(org, 'clinician')).email);
    const client = await expectJson<{ id: string }>(
      await session.request('POST', '/api/v1/clients', { displayName: 'Sasha Wren' }),
      201,
    );
    const { id } = await expectJson<{ id: string }>(
      await session.request('POST', `/api/v1/clients/${client.id}/assessments`, assessmentDocument()),
      201,
    );
    await expectJson(await session.request('POST', `/api/v1/clients/${client.id}/archive`), 200);

    const created = await expectProblem(
      await session.request('POST', `/api/v1/clients/${client.id}/assessments`, assessmentDocument()),
      409,
      'conflict',
    );
    const revised = await expectProblem(
      await session.request('PUT', `/api/v1/assessments/${id}`, assessmentDocument({ population: 'adolescent' }), {
        'if-match': '"1"',
      }),
      409,
      'conflict',
    );
    expect(revised.detail).toBe('This client is archived; restore them before adding an assessment.');
    expect(revised.detail).toBe(created.detail);
    // Nothing was saved: the assessment is still at version 1, as it was.
    const current = await expectJson<{ version: number; assessment: { population: string } }>(
      await session.request('GET', `/api/v1/assessments/${id}`),
      200,
    );
    expect(current).toMatchObject({ version: 1, assessment: { population: 'adult' } });
  });

  it('needs If-Match to revise an assessment: 428 without it, 400 when malformed, 412 when stale', async () => {
    const org = await server.addOrganization();
    const session = await signIn(server, (await server.addUser(org, 'clinician')).email);
    const client = await expectJson<{ id: string }>(
      await session.request('POST', '/api/v1/clients', { displayName: 'Rowan Hale' }),
      201,
    );
    const created = await session.request('POST', `/api/v1/clients/${client.id}/assessments`, assessmentDocument());
    const etag = created.headers.get('etag');
    expect(etag).toBe('"1"');
    const { id } = await expectJson<{ id: string }>(created, 201);
    const path = `/api/v1/assessments/${id}`;

    const missing = await expectProblem(
      await session.request('PUT', path, assessmentDocument()),
      428,
      'precondition_required',
    );
    expect(missing.detail).toMatch(/If-Match/);
    expect(missing.detail).toMatch(/ETag/);
    expect(missing.errors?.map((issue) => `${issue.in} ${issue.path}`)).toEqual(['headers if-match']);

    for (const ifMatch of ['"0"', '0', '"1', 'W/"1"', '*', '"abc"', '"1", "2"', '']) {
      const malformed = await expectProblem(
        await session.request('PUT', path, assessmentDocument(), { 'if-match': ifMatch }),
        400,
        'invalid_input',
      );
      expect(
        malformed.errors?.map((issue) => `${issue.in} ${issue.path}`),
        ifMatch,
      ).toEqual(['headers if-match']);
    }

    // The ETag as read, or the bare version, both save; none of the refusals above made a version.
    const saved = await session.request('PUT', path, assessmentDocument(), { 'if-match': etag ?? '' });
    expect(saved.headers.get('etag')).toBe('"2"');
    expect((await expectJson<{ version: number }>(saved, 200)).version).toBe(2);
    const bare = await expectJson<{ version: number }>(
      await session.request('PUT', path, assessmentDocument(), { 'if-match': '2' }),
      200,
    );
    expect(bare.version).toBe(3);
    await expectProblem(
      await session.request('PUT', path, assessmentDocument(), { 'if-match': '"2"' }),
      412,
      'version_conflict',
    );
  });
});
