/**
 * Check-ins by link over HTTP on SQLite and PostgreSQL: the default schedule and a changed one,
 * with due and missed; a link made for what is due, its code shown once and only its hash kept;
 * the form it opens (anonymous, audited); answers sent once, scored into measures with their
 * alerts, a retry with the same submission id answered as the first, any other use refused; an
 * expired or unknown code opens nothing and is audited as denied.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAuditEvents } from '../../src/storage/audit.js';
import { updateOrganization } from '../../src/storage/organizations.js';
import type { AuditEvent, Organization } from '../../src/storage/records.js';
import { codeHashOf } from '../../src/server/share-codes.js';
import { testDialects } from '../support/databases.js';
import { anonymousJson, expectJson, expectProblem, send } from '../support/http.js';
import { dayFromNow, finaliseAPlan } from '../support/plans.js';
import { type Session, signIn, startTestServer, type TestServer } from '../support/server.js';

const DAY = 86_400_000;

interface ScheduleBody {
  custom: boolean;
  items: Array<{
    instrument: string;
    everyDays: number;
    dueAt: string | null;
    due: boolean;
    missed: boolean;
    lastTakenAt: string | null;
  }>;
}
interface LinkBody {
  id: string;
  code: string;
  path: string;
  instruments: string[];
  language: string;
  expiresAt: string;
}

describe.each(testDialects())('check-ins by link on %s', (dialect) => {
  let server: TestServer;
  let org: Organization;
  let clinician: Session;
  let stranger: Session;
  let clientId: string;

  async function newClient(name: string, language: 'en' | 'es' = 'en'): Promise<string> {
    return (
      await expectJson<{ id: string }>(
        await send(server, clinician, 'POST', '/api/v1/clients', {
          json: { displayName: name, preferredLanguage: language },
        }),
        201,
      )
    ).id;
  }
  async function events(action: string): Promise<AuditEvent[]> {
    const { items } = await listAuditEvents(server.database.handle.db, org.id, { limit: 500 });
    return items.filter((event) => event.action === action);
  }
  const link = async (id: string, json: unknown = {}) =>
    expectJson<LinkBody>(await send(server, clinician, 'POST', `/api/v1/clients/${id}/check-in-links`, { json }), 201);

  beforeAll(async () => {
    server = await startTestServer(dialect);
    org = await server.addOrganization('Lakeside Recovery');
    await updateOrganization(server.database.handle.db, org.id, { phone: '(555) 010-2000' });
    clinician = await signIn(server, (await server.addUser(org, 'clinician')).email);
    stranger = await signIn(server, (await server.addUser(await server.addOrganization(), 'clinician')).email);
    clientId = await newClient('Check-in Client', 'es');
  });
  afterAll(async () => {
    await server.close();
  });

  it('follows the plan: nothing before one is finalised, everything due on the discharge day; takes a changed one', async () => {
    const before = await expectJson<ScheduleBody & { basis: string; startsAt: string | null }>(
      await send(server, clinician, 'GET', `/api/v1/clients/${clientId}/measure-schedule`),
      200,
    );
    expect(before).toMatchObject({ custom: false, basis: 'no-plan', startsAt: null });
    expect(before.items.map((i) => [i.instrument, i.everyDays, i.dueAt, i.due, i.missed])).toEqual([
      ['recovery-check', 7, null, false, false],
      ['readiness', 7, null, false, false],
      ['phq-9', 14, null, false, false],
      ['gad-7', 14, null, false, false],
    ]);
    await finaliseAPlan(server, clinician, clientId, { dischargeInDays: 0 });
    const initial = await expectJson<ScheduleBody & { basis: string; startsAt: string | null }>(
      await send(server, clinician, 'GET', `/api/v1/clients/${clientId}/measure-schedule`),
      200,
    );
    expect(initial).toMatchObject({ custom: false, basis: 'plan', startsAt: `${dayFromNow(server, 0)}T00:00:00.000Z` });
    expect(initial.items.map((i) => [i.instrument, i.everyDays, i.due, i.missed])).toEqual([
      ['recovery-check', 7, true, false],
      ['readiness', 7, true, false],
      ['phq-9', 14, true, false],
      ['gad-7', 14, true, false],
    ]);
    const other = await newClient('Schedule Client');
    await expectJson(
      await send(server, clinician, 'POST', `/api/v1/clients/${other}/measures`, {
        json: {
          instrument: 'phq-9',
          answers: [0, 0, 0, 0, 0, 0, 0, 0, 0],
          takenAt: new Date(server.now().getTime() - 30 * DAY).toISOString(),
        },
      }),
      201,
    );
    const changed = await expectJson<ScheduleBody & { basis: string; startsAt: string | null }>(
      await send(server, clinician, 'PUT', `/api/v1/clients/${other}/measure-schedule`, {
        json: {
          items: [
            { instrument: 'phq-9', everyDays: 7 },
            { instrument: 'audit-c', everyDays: 30 },
          ],
        },
      }),
      200,
    );
    expect(changed).toMatchObject({ custom: true, basis: 'custom', startsAt: null });
    expect(changed.items.map((i) => [i.instrument, i.due, i.missed])).toEqual([
      ['phq-9', true, true],
      ['audit-c', true, false],
    ]);
    const problem = await expectProblem(
      await send(server, clinician, 'PUT', `/api/v1/clients/${other}/measure-schedule`, {
        json: {
          items: [
            { instrument: 'phq-9', everyDays: 7 },
            { instrument: 'phq-9', everyDays: 14 },
            { instrument: 'x', everyDays: 1 },
          ],
        },
      }),
      400,
      'invalid_input',
    );
    expect(problem.errors?.map((e) => e.path)).toEqual(['items.1.instrument', 'items.2.instrument']);
    await expectProblem(
      await send(server, stranger, 'GET', `/api/v1/clients/${other}/measure-schedule`),
      404,
      'not_found',
    );
    expect((await events('measure-schedule.update')).length).toBe(1);
  });

  it('makes a link to what is due, in the client’s language, keeping only the code’s hash', async () => {
    const made = await link(clientId);
    expect(made.instruments).toEqual(['recovery-check', 'readiness', 'phq-9', 'gad-7']);
    expect(made.language).toBe('es');
    expect(made.path).toBe(`/check-in/${made.code}`);
    expect(Date.parse(made.expiresAt) - server.now().getTime()).toBeGreaterThan(71 * 3_600_000);
    const row = await server.database.handle.db
      .selectFrom('check_in_links')
      .selectAll()
      .where('id', '=', made.id)
      .executeTakeFirstOrThrow();
    expect(row.code_hash).toBe(codeHashOf(made.code));
    expect(JSON.stringify(row)).not.toContain(made.code);
    expect((await events('check-in-link.create')).map((e) => e.resourceId)).toContain(made.id);
  });

  it('refuses clinician-entered and unknown instruments, by field', async () => {
    const problem = await expectProblem(
      await send(server, clinician, 'POST', `/api/v1/clients/${clientId}/check-in-links`, {
        json: { instruments: ['phq-9', 'drug-test', 'c-ssrs'] },
      }),
      400,
      'invalid_input',
    );
    expect(problem.errors?.map((e) => e.path)).toEqual(['instruments.1', 'instruments.2']);
  });

  it('opens the form anonymously, takes the answers once, and saves them as measures with their alerts', async () => {
    const made = await link(clientId, { instruments: ['phq-9', 'readiness'], language: 'en' });
    const form = await anonymousJson<{
      language: string;
      clinic: { name: string; phone: string };
      instruments: Array<{ id: string; items: Array<{ safety: boolean; text: { es: string } }> }>;
    }>(server, 'GET', `/api/v1/check-in/${made.code}`, undefined, 200);
    expect(form.clinic).toEqual({ name: 'Lakeside Recovery', phone: '(555) 010-2000' });
    expect(form.instruments.map((i) => i.id)).toEqual(['phq-9', 'readiness']);
    expect(form.instruments[0]?.items[8]?.safety).toBe(true);
    expect(form.instruments[0]?.items[0]?.text.es).toBe('Poco interés o placer en hacer cosas');

    const submissionId = crypto.randomUUID();
    const takenAt = new Date(server.now().getTime() - 60_000).toISOString();
    const bad = await expectProblem(
      await fetch(`${server.baseUrl}/api/v1/check-in/${made.code}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ submissionId, takenAt, answers: { 'phq-9': [0, 0, 0, 0, 0, 0, 0, 0, 9] } }),
      }),
      400,
      'invalid_input',
    );
    expect(bad.errors).toEqual([
      { in: 'body', path: 'answers.phq-9.8', message: 'item 9 must be one of 0, 1, 2, 3' },
      { in: 'body', path: 'answers.readiness', message: 'required' },
    ]);
    const body = { submissionId, takenAt, answers: { 'phq-9': [1, 1, 0, 0, 0, 0, 0, 0, 2], readiness: [8, 4] } };
    const sent = await anonymousJson<{ received: boolean; measures: number }>(
      server,
      'POST',
      `/api/v1/check-in/${made.code}`,
      body,
      201,
    );
    expect(sent).toEqual({ received: true, measures: 2 });
    // The phone never heard back and sends again: the same answer, nothing saved twice.
    expect(await anonymousJson(server, 'POST', `/api/v1/check-in/${made.code}`, body, 200)).toEqual(sent);
    await expectProblem(
      await fetch(`${server.baseUrl}/api/v1/check-in/${made.code}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...body, submissionId: crypto.randomUUID() }),
      }),
      404,
      'not_found',
    );
    await expectProblem(await fetch(`${server.baseUrl}/api/v1/check-in/${made.code}`), 404, 'not_found');

    const { items } = await expectJson<{
      items: Array<{ instrument: string; total: number | null; via: string; alerts: unknown[] }>;
    }>(await send(server, clinician, 'GET', `/api/v1/clients/${clientId}/measures`), 200);
    expect(items.map((m) => [m.instrument, m.total, m.via, m.alerts.length])).toEqual(
      expect.arrayContaining([
        ['phq-9', 4, 'check-in', 1],
        ['readiness', null, 'check-in', 0],
      ]),
    );
    const created = (await events('measure.create')).filter((e) => e.actorKind === 'anonymous');
    expect(created).toHaveLength(2);
    expect(created.every((e) => e.clientId === clientId)).toBe(true);
    expect((await events('check-in.open')).some((e) => e.outcome === 'success' && e.resourceId === made.id)).toBe(true);
  });

  it('closes an archived client to new links', async () => {
    const archived = await newClient('Archived Check-in');
    await expectJson(await send(server, clinician, 'POST', `/api/v1/clients/${archived}/archive`), 200);
    await expectProblem(
      await send(server, clinician, 'POST', `/api/v1/clients/${archived}/check-in-links`, { json: {} }),
      409,
      'conflict',
    );
  });

  it('opens nothing for an expired or unknown code, and records the attempt', async () => {
    const made = await link(clientId, { instruments: ['gad-7'], expiresInHours: 1 });
    // Last in the file: the clock moves past the session's idle limit too.
    server.advance(2 * 3_600_000);
    await expectProblem(await fetch(`${server.baseUrl}/api/v1/check-in/${made.code}`), 404, 'not_found');
    const denied = (await events('check-in.open')).filter((e) => e.outcome === 'denied' && e.resourceId === made.id);
    expect(denied).toHaveLength(1);
    await expectProblem(await fetch(`${server.baseUrl}/api/v1/check-in/${'A'.repeat(43)}`), 404, 'not_found');
  });
});
