/**
 * The audit trail over HTTP: each route that reads or changes client data leaves exactly its
 * events (action, actor, client, outcome, address, request id), written in the transaction of the
 * change, so a failed request leaves no success event and a failed audit write changes and
 * discloses nothing; denied attempts from another organisation are recorded as denied; admins
 * filter the log; and no client data ever reaches the application log.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAuditEvents } from '../../src/storage/audit.js';
import { getClient } from '../../src/storage/clients.js';
import type { AuditEvent, Organization, User } from '../../src/storage/records.js';
import { testDialects } from '../support/databases.js';
import { assessmentDocument, expectJson, expectProblem, send } from '../support/http.js';
import { capturedLog, type Session, signIn, startTestServer, type TestServer } from '../support/server.js';

/** A name and reference that appear nowhere else, so finding them in the log means a leak. */
const SECRET_NAME = 'Zebulon Quartzfield';
const SECRET_REF = 'MRN-ZQ-4711';

interface LogLine {
  reqId?: string;
  msg?: string;
  req?: { method: string; route: string };
}

/** The facts of an event a test cares about (ids and times vary). */
type EventFacts = Pick<AuditEvent, 'action' | 'resourceType' | 'resourceId' | 'clientId' | 'outcome'>;

describe.each(testDialects())('audit on %s', (dialect) => {
  let server: TestServer;
  const log = capturedLog();
  let org: Organization;
  let otherOrg: Organization;
  let clinicianUser: User;
  let otherUser: User;
  let clinician: Session;
  let admin: Session;
  let other: Session;
  let otherAdmin: Session;

  beforeAll(async () => {
    server = await startTestServer(dialect, { logLevel: 'info', logStream: log.stream });
    org = await server.addOrganization();
    otherOrg = await server.addOrganization();
    clinicianUser = await server.addUser(org, 'clinician');
    otherUser = await server.addUser(otherOrg, 'clinician');
    clinician = await signIn(server, clinicianUser.email);
    admin = await signIn(server, (await server.addUser(org, 'admin')).email);
    other = await signIn(server, otherUser.email);
    otherAdmin = await signIn(server, (await server.addUser(otherOrg, 'admin')).email);
  });
  afterAll(async () => {
    await server.close();
  });

  /** Every event written since the last call, oldest first, across organisations. */
  let seen = 0;
  async function newEvents(): Promise<AuditEvent[]> {
    const db = server.database.handle.db;
    const events: AuditEvent[] = [];
    for (const organization of [org, otherOrg]) {
      events.push(...(await listAuditEvents(db, organization.id, { limit: 500 })).items);
    }
    const fresh = events.filter((event) => event.seq > seen).sort((a, b) => a.seq - b.seq);
    seen = Math.max(seen, ...events.map((event) => event.seq));
    return fresh;
  }

  /** The log lines of one request, by its id. */
  function logOf(requestId: string): LogLine[] {
    return log
      .text()
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as LogLine)
      .filter((line) => line.reqId === requestId);
  }

  /**
   * Asserts the events of one request: exactly these facts, by this actor, from the loopback
   * address, all with the request id the server logged for this route.
   */
  function expectEventsOf(
    events: AuditEvent[],
    expected: EventFacts[],
    actor: User,
    route: { method: string; url: string },
  ): void {
    expect(
      events.map((event) => ({
        action: event.action,
        resourceType: event.resourceType,
        resourceId: event.resourceId,
        clientId: event.clientId,
        outcome: event.outcome,
      })),
    ).toEqual(expected);
    const requestIds = new Set(events.map((event) => event.requestId));
    expect(requestIds.size).toBe(1);
    const requestId = [...requestIds][0] ?? '';
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(logOf(requestId).find((line) => line.msg === 'incoming request')?.req).toEqual({
      method: route.method,
      route: route.url,
      id: requestId,
    });
    for (const event of events) {
      expect(event).toMatchObject({
        actorUserId: actor.id,
        actorKind: 'user',
        organizationId: actor.organizationId,
        ip: '127.0.0.1',
      });
      expect(Math.abs(Date.parse(event.at) - server.now().getTime())).toBeLessThan(60_000);
    }
  }

  it('records exactly the expected events for every client-data route', async () => {
    await newEvents();
    const client = (id: string, action: string): EventFacts => ({
      action,
      resourceType: 'client',
      resourceId: id,
      clientId: id,
      outcome: 'success',
    });

    const created = await expectJson<{ id: string }>(
      await clinician.request('POST', '/api/v1/clients', { displayName: 'Audit Subject', externalRef: 'A-1' }),
      201,
    );
    const id = created.id;
    expectEventsOf(await newEvents(), [client(id, 'client.create')], clinicianUser, {
      method: 'POST',
      url: '/api/v1/clients',
    });

    const second = await expectJson<{ id: string }>(
      await clinician.request('POST', '/api/v1/clients', { displayName: 'Audit Subject Two' }),
      201,
    );
    await newEvents();
    const list = await expectJson<{ items: Array<{ id: string }> }>(
      await clinician.request('GET', '/api/v1/clients?q=audit%20subject'),
      200,
    );
    expect(list.items.map((item) => item.id)).toEqual([id, second.id]);
    // Each client shown is a disclosure of that client.
    expectEventsOf(await newEvents(), [client(id, 'client.list'), client(second.id, 'client.list')], clinicianUser, {
      method: 'GET',
      url: '/api/v1/clients',
    });
    expect((await clinician.request('GET', '/api/v1/clients?q=nobody-by-this-name')).status).toBe(200);
    expect(await newEvents()).toEqual([]);

    await expectJson(await clinician.request('GET', `/api/v1/clients/${id}`), 200);
    expectEventsOf(await newEvents(), [client(id, 'client.read')], clinicianUser, {
      method: 'GET',
      url: '/api/v1/clients/:id',
    });

    await expectJson(await clinician.request('PATCH', `/api/v1/clients/${id}`, { birthYear: 1980 }), 200);
    expectEventsOf(await newEvents(), [client(id, 'client.update')], clinicianUser, {
      method: 'PATCH',
      url: '/api/v1/clients/:id',
    });

    const assessment = await expectJson<{ id: string }>(
      await clinician.request('POST', `/api/v1/clients/${id}/assessments`, assessmentDocument()),
      201,
    );
    const onAssessment = (action: string): EventFacts => ({
      action,
      resourceType: 'assessment',
      resourceId: assessment.id,
      clientId: id,
      outcome: 'success',
    });
    expectEventsOf(await newEvents(), [onAssessment('assessment.create')], clinicianUser, {
      method: 'POST',
      url: '/api/v1/clients/:id/assessments',
    });

    await expectJson(await clinician.request('GET', `/api/v1/clients/${id}/assessments`), 200);
    expectEventsOf(await newEvents(), [client(id, 'assessment.list')], clinicianUser, {
      method: 'GET',
      url: '/api/v1/clients/:id/assessments',
    });

    await expectJson(await clinician.request('GET', `/api/v1/assessments/${assessment.id}`), 200);
    expectEventsOf(await newEvents(), [onAssessment('assessment.read')], clinicianUser, {
      method: 'GET',
      url: '/api/v1/assessments/:id',
    });

    await expectJson(
      await clinician.request('PUT', `/api/v1/assessments/${assessment.id}`, assessmentDocument(), {
        'if-match': '"1"',
      }),
      200,
    );
    expectEventsOf(await newEvents(), [onAssessment('assessment.update')], clinicianUser, {
      method: 'PUT',
      url: '/api/v1/assessments/:id',
    });

    await expectJson(await clinician.request('GET', `/api/v1/assessments/${assessment.id}/versions/1`), 200);
    expectEventsOf(await newEvents(), [onAssessment('assessment.read')], clinicianUser, {
      method: 'GET',
      url: '/api/v1/assessments/:id/versions/:version',
    });

    await expectJson(await clinician.request('POST', `/api/v1/clients/${id}/archive`), 200);
    expectEventsOf(await newEvents(), [client(id, 'client.archive')], clinicianUser, {
      method: 'POST',
      url: '/api/v1/clients/:id/archive',
    });

    // An archived client is listed only when asked for, and then disclosed like any other.
    const listed = async (archived: string): Promise<string[]> =>
      (
        await expectJson<{ items: Array<{ id: string }> }>(
          await clinician.request('GET', `/api/v1/clients?q=audit%20subject&archived=${archived}`),
          200,
        )
      ).items.map((item) => item.id);
    expect(await listed('exclude')).toEqual([second.id]);
    expectEventsOf(await newEvents(), [client(second.id, 'client.list')], clinicianUser, {
      method: 'GET',
      url: '/api/v1/clients',
    });
    expect(await listed('include')).toEqual([id, second.id]);
    expectEventsOf(await newEvents(), [client(id, 'client.list'), client(second.id, 'client.list')], clinicianUser, {
      method: 'GET',
      url: '/api/v1/clients',
    });
    expect(await listed('only')).toEqual([id]);
    expectEventsOf(await newEvents(), [client(id, 'client.list')], clinicianUser, {
      method: 'GET',
      url: '/api/v1/clients',
    });

    await expectJson(await clinician.request('POST', `/api/v1/clients/${id}/restore`), 200);
    expectEventsOf(await newEvents(), [client(id, 'client.restore')], clinicianUser, {
      method: 'POST',
      url: '/api/v1/clients/:id/restore',
    });

    // The stateless recommendation stores nothing about anyone, so there is nothing to record.
    await expectJson(await clinician.request('POST', '/api/v1/recommendations', assessmentDocument()), 200);
    expect(await newEvents()).toEqual([]);
  });

  it('leaves no success event, and no change, when a request fails', async () => {
    const client = await expectJson<{ id: string }>(
      await clinician.request('POST', '/api/v1/clients', { displayName: 'Failing Requests' }),
      201,
    );
    const assessment = await expectJson<{ id: string }>(
      await clinician.request('POST', `/api/v1/clients/${client.id}/assessments`, assessmentDocument()),
      201,
    );
    await newEvents();

    await expectProblem(
      await clinician.request('PUT', `/api/v1/assessments/${assessment.id}`, assessmentDocument(), {
        'if-match': '"7"',
      }),
      412,
      'version_conflict',
    );
    await expectProblem(
      await clinician.request('PATCH', `/api/v1/clients/${client.id}`, { displayName: '' }),
      400,
      'invalid_input',
    );
    await expectProblem(
      await clinician.request('POST', `/api/v1/clients/${client.id}/assessments`, { schema: 'nope' }),
      400,
      'invalid_input',
    );
    await expectJson(await clinician.request('POST', `/api/v1/clients/${client.id}/archive`), 200);
    await newEvents();
    await expectProblem(
      await clinician.request('POST', `/api/v1/clients/${client.id}/assessments`, assessmentDocument()),
      409,
      'conflict',
    );
    expect(await newEvents()).toEqual([]);
    const versions = await expectJson<{ items: Array<{ version: number }> }>(
      await clinician.request('GET', `/api/v1/clients/${client.id}/assessments`),
      200,
    );
    expect(versions.items.map((item) => item.version)).toEqual([1]);
  });

  it('writes the audit event in the transaction of the change: if it cannot be written, nothing happens', async () => {
    const db = server.database.handle.db;
    const target = await expectJson<{ id: string }>(
      await clinician.request('POST', '/api/v1/clients', { displayName: 'Atomic Subject' }),
      201,
    );
    if (dialect === 'sqlite') {
      await sql`create trigger test_audit_outage before insert on audit_events
        when new.action in ('client.create', 'client.update', 'client.read')
        begin select raise(abort, 'audit store unavailable'); end`.execute(db);
    } else {
      await sql`create function test_audit_outage() returns trigger language plpgsql as $$
        begin
          if new.action in ('client.create', 'client.update', 'client.read') then
            raise exception 'audit store unavailable';
          end if;
          return new;
        end $$`.execute(db);
      await sql`create trigger test_audit_outage before insert on audit_events
        for each row execute function test_audit_outage()`.execute(db);
    }
    try {
      await newEvents();
      const before = log.text().length;
      await expectProblem(
        await clinician.request('POST', '/api/v1/clients', { displayName: 'Never Stored' }),
        500,
        'internal',
      );
      const updated = await clinician.request('PATCH', `/api/v1/clients/${target.id}`, {
        displayName: 'Never Renamed',
      });
      await expectProblem(updated, 500, 'internal');
      // A read whose audit event cannot be written discloses nothing.
      const read = await clinician.request('GET', `/api/v1/clients/${target.id}`);
      const readText = await read.clone().text();
      await expectProblem(read, 500, 'internal');
      expect(readText).not.toContain('Atomic Subject');
      expect(await newEvents()).toEqual([]);
      expect(log.text().slice(before)).toContain('unexpected error');
    } finally {
      await sql`drop trigger test_audit_outage${sql.raw(dialect === 'postgres' ? ' on audit_events' : '')}`.execute(db);
      if (dialect === 'postgres') await sql`drop function test_audit_outage()`.execute(db);
    }
    const names = await expectJson<{ items: Array<{ displayName: string }> }>(
      await clinician.request('GET', '/api/v1/clients?q=never'),
      200,
    );
    expect(names.items).toEqual([]);
    expect((await getClient(db, org.id, target.id))?.displayName).toBe('Atomic Subject');
  });

  it('records attempts on another organisation’s client data as denied', async () => {
    const client = await expectJson<{ id: string }>(
      await clinician.request('POST', '/api/v1/clients', { displayName: 'Guarded Subject' }),
      201,
    );
    const assessment = await expectJson<{ id: string }>(
      await clinician.request('POST', `/api/v1/clients/${client.id}/assessments`, assessmentDocument()),
      201,
    );
    await newEvents();
    const denied = (action: string, resourceType: string, resourceId: string): EventFacts => ({
      action,
      resourceType,
      resourceId,
      clientId: null,
      outcome: 'denied',
    });
    const attempts: Array<{
      method: string;
      url: string;
      path: string;
      body?: unknown;
      headers?: Record<string, string>;
      expected: EventFacts;
    }> = [
      {
        method: 'GET',
        url: '/api/v1/clients/:id',
        path: `/api/v1/clients/${client.id}`,
        expected: denied('client.read', 'client', client.id),
      },
      {
        method: 'PATCH',
        url: '/api/v1/clients/:id',
        path: `/api/v1/clients/${client.id}`,
        body: { displayName: 'Taken' },
        expected: denied('client.update', 'client', client.id),
      },
      {
        method: 'POST',
        url: '/api/v1/clients/:id/archive',
        path: `/api/v1/clients/${client.id}/archive`,
        expected: denied('client.archive', 'client', client.id),
      },
      {
        method: 'POST',
        url: '/api/v1/clients/:id/restore',
        path: `/api/v1/clients/${client.id}/restore`,
        expected: denied('client.restore', 'client', client.id),
      },
      {
        method: 'POST',
        url: '/api/v1/clients/:id/assessments',
        path: `/api/v1/clients/${client.id}/assessments`,
        body: assessmentDocument(),
        expected: denied('assessment.create', 'client', client.id),
      },
      {
        method: 'GET',
        url: '/api/v1/clients/:id/assessments',
        path: `/api/v1/clients/${client.id}/assessments`,
        expected: denied('assessment.list', 'client', client.id),
      },
      {
        method: 'GET',
        url: '/api/v1/assessments/:id',
        path: `/api/v1/assessments/${assessment.id}`,
        expected: denied('assessment.read', 'assessment', assessment.id),
      },
      {
        method: 'GET',
        url: '/api/v1/assessments/:id/versions/:version',
        path: `/api/v1/assessments/${assessment.id}/versions/1`,
        expected: denied('assessment.read', 'assessment', assessment.id),
      },
      {
        method: 'PUT',
        url: '/api/v1/assessments/:id',
        path: `/api/v1/assessments/${assessment.id}`,
        body: assessmentDocument(),
        headers: { 'if-match': '"1"' },
        expected: denied('assessment.update', 'assessment', assessment.id),
      },
    ];
    for (const attempt of attempts) {
      await expectProblem(
        await other.request(attempt.method, attempt.path, attempt.body, attempt.headers),
        404,
        'not_found',
      );
      const events = await newEvents();
      // In the prober's log, without a client; and in the log of the clinic whose record was tried,
      // naming the client, with the prober as actor and the same request id.
      const theirs = events.filter((event) => event.organizationId === otherOrg.id);
      const ours = events.filter((event) => event.organizationId === org.id);
      expect(theirs.length + ours.length).toBe(events.length);
      expectEventsOf(theirs, [attempt.expected], otherUser, attempt);
      expect(ours).toHaveLength(1);
      expect(ours[0]).toMatchObject({
        ...attempt.expected,
        clientId: client.id,
        actorUserId: otherUser.id,
        actorKind: 'user',
        requestId: theirs[0]?.requestId,
        ip: '127.0.0.1',
      });
    }
    // Our admin sees every attempt on our client, in the client's own trail.
    const probes = await expectJson<{ items: Array<{ action: string; actorUserId: string; clientId: string }> }>(
      await admin.request('GET', `/api/v1/audit-events?outcome=denied&clientId=${client.id}`),
      200,
    );
    expect(probes.items.map((event) => event.action)).toEqual(
      attempts.map((attempt) => attempt.expected.action).reverse(),
    );
    expect(probes.items.every((event) => event.actorUserId === otherUser.id)).toBe(true);
    // The other organisation's admin sees the denials of their own user.
    const deniedLog = await expectJson<{ items: Array<{ action: string; actorUserId: string; outcome: string }> }>(
      await otherAdmin.request('GET', `/api/v1/audit-events?outcome=denied&actorUserId=${otherUser.id}`),
      200,
    );
    expect(deniedLog.items.map((event) => event.action)).toEqual(
      attempts.map((attempt) => attempt.expected.action).reverse(),
    );
    expect(deniedLog.items.every((event) => event.outcome === 'denied' && event.actorUserId === otherUser.id)).toBe(
      true,
    );
    expect((await getClient(server.database.handle.db, org.id, client.id))?.displayName).toBe('Guarded Subject');
  });

  it('lets admins filter the log by client, actor, action, outcome and time, and page it', async () => {
    const subject = await expectJson<{ id: string }>(
      await clinician.request('POST', '/api/v1/clients', { displayName: 'Filtered Subject' }),
      201,
    );
    const url = `/api/v1/clients/${subject.id}`;
    server.advance(10_000);
    const readAt = server.now();
    for (let i = 0; i < 3; i += 1) await expectJson(await clinician.request('GET', url), 200);
    await expectJson(await admin.request('PATCH', url, { externalRef: 'F-1' }), 200);
    await newEvents();

    type Listed = {
      items: Array<{ action: string; clientId: string | null; actorUserId: string | null; resourceType: string }>;
    };
    const byClient = await expectJson<Listed & { nextCursor: string | null }>(
      await admin.request('GET', `/api/v1/audit-events?clientId=${subject.id}`),
      200,
    );
    expect(byClient.items.map((event) => event.action)).toEqual([
      'client.update',
      'client.read',
      'client.read',
      'client.read',
      'client.create',
    ]);
    expect(byClient.items.every((event) => event.clientId === subject.id)).toBe(true);

    const reads = await expectJson<Listed>(
      await admin.request(
        'GET',
        `/api/v1/audit-events?clientId=${subject.id}&action=client.read&actorUserId=${clinicianUser.id}&outcome=success`,
      ),
      200,
    );
    expect(reads.items).toHaveLength(3);

    // Whole seconds, as a date picker sends them, bound the window as instants.
    const second = new Date(Math.floor(readAt.getTime() / 1000) * 1000).toISOString().replace('.000Z', 'Z');
    const fromSecond = await expectJson<Listed>(
      await admin.request('GET', `/api/v1/audit-events?clientId=${subject.id}&from=${second}`),
      200,
    );
    // The admin's own readings of this client's log are in it too (reading the log is audited).
    expect(fromSecond.items.map((event) => event.action).filter((action) => action !== 'audit.read')).toEqual([
      'client.update',
      'client.read',
      'client.read',
      'client.read',
    ]);
    const toSecond = await expectJson<Listed>(
      await admin.request('GET', `/api/v1/audit-events?clientId=${subject.id}&to=${second}`),
      200,
    );
    expect(toSecond.items.map((event) => event.action)).toEqual(['client.create']);

    const firstPage = await expectJson<Listed & { nextCursor: string }>(
      await admin.request('GET', `/api/v1/audit-events?clientId=${subject.id}&limit=2`),
      200,
    );
    const rest = await expectJson<Listed & { nextCursor: string | null }>(
      await admin.request('GET', `/api/v1/audit-events?clientId=${subject.id}&limit=10&cursor=${firstPage.nextCursor}`),
      200,
    );
    const notReadings = (event: { resourceType: string }) => event.resourceType !== 'audit-log';
    expect([...firstPage.items, ...rest.items].filter(notReadings)).toEqual(byClient.items.filter(notReadings));
    expect(rest.nextCursor).toBeNull();

    // Another organisation's admin sees none of it; a clinician may not look at all.
    const elsewhere = await expectJson<Listed>(
      await otherAdmin.request('GET', `/api/v1/audit-events?clientId=${subject.id}`),
      200,
    );
    expect(elsewhere.items).toEqual([]);
    await expectProblem(await clinician.request('GET', '/api/v1/audit-events'), 403, 'forbidden');
  });

  it('keeps client data out of the application log', async () => {
    const before = log.text().length;
    const created = await expectJson<{ id: string; displayName: string }>(
      await clinician.request('POST', '/api/v1/clients', {
        displayName: SECRET_NAME,
        externalRef: SECRET_REF,
        birthYear: 1977,
      }),
      201,
    );
    expect(created.displayName).toBe(SECRET_NAME);
    const id = created.id;
    const search = await expectJson<{ items: Array<{ id: string }> }>(
      await clinician.request('GET', `/api/v1/clients?q=${encodeURIComponent(SECRET_NAME)}`),
      200,
    );
    expect(search.items.map((item) => item.id)).toEqual([id]);
    await clinician.request('GET', `/api/v1/clients?q=${encodeURIComponent(SECRET_REF.toLowerCase())}`);
    await clinician.request('PATCH', `/api/v1/clients/${id}`, { displayName: `${SECRET_NAME} Jr` });
    await clinician.request('GET', `/api/v1/clients/${id}`);
    await clinician.request('POST', `/api/v1/clients/${id}/assessments`, {
      ...assessmentDocument(),
      notes: { d3: `${SECRET_NAME} reports low mood` },
    });
    // Refused requests carry the name too: in a bad body, an unknown field, a bad address, a bad query.
    await clinician.request('POST', '/api/v1/clients', { displayName: SECRET_NAME.repeat(20) });
    await clinician.request('POST', '/api/v1/clients', { displayName: 'X', [SECRET_NAME]: SECRET_REF });
    await send(server, clinician, 'POST', '/api/v1/clients', {
      raw: `{"displayName": "${SECRET_NAME}"`,
      headers: { 'content-type': 'application/json' },
    });
    await clinician.request('GET', `/api/v1/clients/${encodeURIComponent(SECRET_NAME)}`);
    await clinician.request('GET', `/api/v1/clients/${encodeURIComponent(SECRET_NAME)}%zz`);
    await clinician.request('GET', `/api/v1/no-such-route?name=${encodeURIComponent(SECRET_NAME)}`);
    await clinician.request('GET', `/api/v1/clients?q=${encodeURIComponent(SECRET_NAME)}&unknown=${SECRET_REF}`);
    await other.request('GET', `/api/v1/clients?q=${encodeURIComponent(SECRET_NAME)}`);

    const written = log.text().slice(before);
    expect(written).toContain('incoming request');
    expect(written.split('\n').filter(Boolean).length).toBeGreaterThan(20);
    for (const secret of [SECRET_NAME, SECRET_REF, 'Zebulon', 'Quartzfield']) {
      expect(written.toLowerCase()).not.toContain(secret.toLowerCase());
      expect(written).not.toContain(encodeURIComponent(secret));
    }
  });
});
