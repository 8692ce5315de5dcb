/**
 * Who a record is about, over HTTP on SQLite and PostgreSQL: a client's date of birth (optional,
 * checked), search without accents or case ("davila" finds "Dávila"), a warning with the
 * candidates before a possible duplicate is created (same name and date of birth, or same record
 * number), and PDF file names that carry the record number and the version, never the name.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAuditEventsOfClient } from '../../src/storage/audit.js';
import { testDialects } from '../support/databases.js';
import { expectJson, expectProblem, send } from '../support/http.js';
import { finalisedPlan } from '../support/plans.js';
import { type Session, signIn, startTestServer, type TestServer } from '../support/server.js';

interface ClientBody {
  id: string;
  displayName: string;
  externalRef: string | null;
  birthDate: string | null;
}

describe.each(testDialects())('who is this, on %s', (dialect) => {
  let server: TestServer;
  let session: Session;

  beforeAll(async () => {
    server = await startTestServer(dialect);
    const org = await server.addOrganization();
    session = await signIn(server, (await server.addUser(org, 'clinician')).email);
  });
  afterAll(async () => {
    await server.close();
  });

  const create = (json: Record<string, unknown>) => send(server, session, 'POST', '/api/v1/clients', { json });

  it('keeps a date of birth, and refuses one in the future or not a date', async () => {
    const client = await expectJson<ClientBody>(
      await create({ displayName: 'Birth Day', birthDate: '1988-02-29', externalRef: 'BD-1' }),
      201,
    );
    expect(client.birthDate).toBe('1988-02-29');
    expect(
      (await expectJson<ClientBody>(await send(server, session, 'GET', `/api/v1/clients/${client.id}`), 200)).birthDate,
    ).toBe('1988-02-29');
    const patched = await expectJson<ClientBody>(
      await send(server, session, 'PATCH', `/api/v1/clients/${client.id}`, { json: { birthDate: null } }),
      200,
    );
    expect(patched.birthDate).toBeNull();
    for (const birthDate of ['2999-01-01', '1988-02-30', '29/02/1988']) {
      const problem = await expectProblem(await create({ displayName: 'Bad Date', birthDate }), 400, 'invalid_input');
      expect(problem.errors?.map((issue) => issue.path)).toEqual(['birthDate']);
    }
  });

  it('finds "Dávila" when searched as "davila", and a record number in any case', async () => {
    const davila = await expectJson<ClientBody>(
      await create({ displayName: 'Rosa Dávila', externalRef: 'ÑU-204' }),
      201,
    );
    for (const q of ['davila', 'DAVILA', 'rosa dá', 'nu-204']) {
      const page = await expectJson<{ items: ClientBody[] }>(
        await send(server, session, 'GET', `/api/v1/clients?q=${encodeURIComponent(q)}`),
        200,
      );
      expect(page.items.map((c) => c.id)).toEqual([davila.id]);
    }
  });

  it('warns, naming the candidates, before creating a possible duplicate; creates after confirmation', async () => {
    const first = await expectJson<ClientBody>(
      await create({ displayName: 'Luis Peña', birthDate: '1979-11-03', externalRef: 'MRN-4411' }),
      201,
    );
    const sameNameAndBirth = await expectProblem(
      await create({ displayName: 'luis pena', birthDate: '1979-11-03' }),
      409,
      'possible_duplicate',
    );
    expect(sameNameAndBirth.detail).toContain('may be the same person');
    expect((sameNameAndBirth as unknown as { duplicates: ClientBody[] }).duplicates).toEqual([
      expect.objectContaining({
        id: first.id,
        displayName: 'Luis Peña',
        externalRef: 'MRN-4411',
        birthDate: '1979-11-03',
      }),
    ]);
    const sameRecord = await expectProblem(
      await create({ displayName: 'Someone Else', externalRef: 'mrn-4411' }),
      409,
      'possible_duplicate',
    );
    expect((sameRecord as unknown as { duplicates: ClientBody[] }).duplicates.map((c) => c.id)).toEqual([first.id]);
    // Showing the candidate is a read of their record: audited against them.
    const events = await listAuditEventsOfClient(server.database.handle.db, first.id);
    expect(events.filter((event) => event.action === 'client.duplicate-check')).toHaveLength(2);
    // The clinician looked and it is another person: created.
    const second = await expectJson<ClientBody>(
      await create({ displayName: 'Luis Peña', birthDate: '1979-11-03', notADuplicateOf: [first.id] }),
      201,
    );
    expect(second.id).not.toBe(first.id);
    // A name alone is not a warning: many people share one.
    await expectJson<ClientBody>(await create({ displayName: 'Luis Peña' }), 201);
  });

  it('names PDF files by record number and version, never by name', async () => {
    const { plan, clientId } = await finalisedPlan(server, session, 'Marta Quiñones');
    await expectJson(
      await send(server, session, 'PATCH', `/api/v1/clients/${clientId}`, { json: { externalRef: 'MRN 77/B' } }),
      200,
    );
    for (const [query, expected] of [
      ['audience=client&lang=es', `attachment; filename="plan-MRN-77-B-v${plan.version}-client-es.pdf"`],
      ['audience=clinician', `attachment; filename="plan-MRN-77-B-v${plan.version}-clinician.pdf"`],
    ] as const) {
      const response = await send(server, session, 'GET', `/api/v1/plans/${plan.id}/pdf?${query}`);
      expect(response.status).toBe(200);
      const disposition = response.headers.get('content-disposition') ?? '';
      expect(disposition.replace(/^inline/, 'attachment')).toBe(expected);
      expect(disposition).not.toMatch(/Marta|Qui/i);
    }
  });
});
