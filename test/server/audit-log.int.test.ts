/**
 * The audit log as an admin reads it, over HTTP on SQLite and PostgreSQL: each event with the names
 * of the user and the client (not only ids), filtered; reading the log and exporting it are
 * themselves audited; the CSV export carries the clinic's local time beside UTC, and is for admins only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionWords, isAuditAction } from '../../src/core/audit-actions.js';
import { loadDefaultRuleSet } from '../../src/core/rulesets/index.js';
import { formatDateTime } from '../../src/core/time-zone.js';
import { DEMO_ADMIN, DEMO_PASSWORD, seedDemo } from '../../src/server/seed.js';
import { insertAuditEvents } from '../../src/storage/audit.js';
import { updateOrganization } from '../../src/storage/organizations.js';
import { testDialects } from '../support/databases.js';
import { expectJson, expectProblem, send } from '../support/http.js';
import { type Session, signIn, startTestServer, type TestServer } from '../support/server.js';

interface Event {
  at: string;
  action: string;
  actorName: string | null;
  clientName: string | null;
  clientId: string | null;
}

describe.each(testDialects())('the audit log for admins on %s', (dialect) => {
  let server: TestServer;
  let admin: Session;
  let clinician: Session;
  let clinicianId: string;
  let clientId: string;

  beforeAll(async () => {
    server = await startTestServer(dialect);
    const org = await server.addOrganization();
    await updateOrganization(server.database.handle.db, org.id, { timeZone: 'America/Chicago' });
    admin = await signIn(server, (await server.addUser(org, 'admin')).email);
    const user = await server.addUser(org, 'clinician');
    clinicianId = user.id;
    clinician = await signIn(server, user.email);
    clientId = (
      await expectJson<{ id: string }>(
        await send(server, clinician, 'POST', '/api/v1/clients', { json: { displayName: 'Noor Haddad' } }),
        201,
      )
    ).id;
    await expectJson(await send(server, clinician, 'GET', `/api/v1/clients/${clientId}`), 200);
  });
  afterAll(async () => {
    await server.close();
  });

  it("names each event's user and client, and audits the reading", async () => {
    const page = await expectJson<{ items: Event[] }>(
      await send(server, admin, 'GET', `/api/v1/audit-events?clientId=${clientId}&actorUserId=${clinicianId}`),
      200,
    );
    expect(page.items.map((event) => event.action)).toEqual(['client.read', 'client.create']);
    for (const event of page.items) {
      expect(event.clientName).toBe('Noor Haddad');
      expect(event.actorName).toMatch(/^clinician/);
    }
    const reads = await expectJson<{ items: Event[] }>(
      await send(server, admin, 'GET', '/api/v1/audit-events?action=audit.read'),
      200,
    );
    expect(reads.items.length).toBeGreaterThanOrEqual(1);
    expect(reads.items[0]?.clientId).toBe(clientId);
  });

  it('lists back-dated events by when they happened, and pages through equal times without loss', async () => {
    const org = await server.addOrganization();
    const reader = await signIn(server, (await server.addUser(org, 'admin')).email);
    const day = (n: number, minute = 0) => new Date(Date.UTC(2025, 0, n, 9, minute)).toISOString();
    // Written in this order, as a seed or an import back-dates them: the newest is not the last written.
    const written = [day(3), day(1), day(5), day(1), day(3), day(2), day(5), day(4, 30), day(1)];
    await insertAuditEvents(
      server.database.handle.db,
      written.map((at, index) => ({
        at,
        organizationId: org.id,
        actorUserId: null,
        actorKind: 'system' as const,
        action: 'client.read',
        resourceType: 'client',
        resourceId: null,
        clientId: null,
        outcome: 'success' as const,
        ip: null,
        requestId: `backdated-${index}`,
      })),
    );
    const query = `action=client.read&to=${encodeURIComponent(day(6))}`;
    const whole = await expectJson<{ items: Array<Event & { requestId: string }> }>(
      await send(server, reader, 'GET', `/api/v1/audit-events?${query}`),
      200,
    );
    expect(whole.items.map((event) => event.at)).toEqual([...written].sort().reverse());
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: Array<{ requestId: string }>; nextCursor: string | null } = await expectJson(
        await send(
          server,
          reader,
          'GET',
          `/api/v1/audit-events?${query}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        ),
        200,
      );
      paged.push(...page.items.map((event) => event.requestId));
      cursor = page.nextCursor;
    } while (cursor !== null && paged.length <= written.length);
    expect(paged).toEqual(whole.items.map((event) => event.requestId));
    expect(new Set(paged).size).toBe(written.length);
  });

  it('exports the filtered log as CSV with local and UTC times, audited; admins only', async () => {
    const response = await send(server, admin, 'GET', `/api/v1/audit-events/export?clientId=${clientId}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/csv');
    expect(response.headers.get('content-disposition')).toMatch(/attachment; filename="audit-log-.*\.csv"/);
    const lines = (await response.text()).trim().split('\r\n');
    expect(lines[0]).toBe(
      'Time (clinic),Time (UTC),User,Action,What was done,Outcome,Client,Record number,Resource,Resource id,IP address',
    );
    const created = lines.find((line) => line.includes('client.create'));
    // The code stays for machines; beside it, the words the screen shows, from the same table.
    expect(created).toContain(`,client.create,"${actionWords('client.create')}",success,`);
    expect(actionWords('client.create')).toBe('Added a client');
    for (const line of lines.slice(1)) {
      const code = /,([a-z-]+(?:\.[a-z-]+)+),/.exec(line)?.[1] ?? '';
      expect(isAuditAction(code), line).toBe(true);
      expect(line).toContain(`,${code},"${actionWords(code)}",`);
    }
    const events = await expectJson<{ items: Event[] }>(
      await send(server, admin, 'GET', `/api/v1/audit-events?clientId=${clientId}&action=client.create`),
      200,
    );
    const at = events.items[0]?.at ?? '';
    expect(created).toContain(`"${formatDateTime(at, 'America/Chicago')}",${at},`);
    expect(created).toContain('Noor Haddad');
    const exports = await expectJson<{ items: Event[] }>(
      await send(server, admin, 'GET', '/api/v1/audit-events?action=audit.export'),
      200,
    );
    expect(exports.items).toHaveLength(1);
    await expectProblem(await send(server, clinician, 'GET', '/api/v1/audit-events/export'), 403, 'forbidden');
  });
});

describe.each(testDialects())('the demo clinic’s audit log on %s', (dialect) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(dialect);
    expect(await seedDemo(server.database.handle.db, loadDefaultRuleSet(), server.now())).toBe(true);
  });
  afterAll(async () => {
    await server.close();
  });

  it('reads newest first by when each event happened, though the seed writes back-dated events out of order', async () => {
    const written = await server.database.handle.db
      .selectFrom('audit_events')
      .select(['at'])
      .where('organization_id', 'is not', null)
      .orderBy('seq')
      .execute();
    // The seed writes events back-dated by weeks after later ones: insertion order is not time order.
    expect(written.some((row, i) => i > 0 && row.at < (written[i - 1]?.at ?? ''))).toBe(true);

    const admin = await signIn(server, DEMO_ADMIN, DEMO_PASSWORD);
    const shown: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: Event[]; nextCursor: string | null } = await expectJson(
        await send(
          server,
          admin,
          'GET',
          `/api/v1/audit-events?limit=25${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        ),
        200,
      );
      shown.push(...page.items.map((event) => event.at));
      cursor = page.nextCursor;
    } while (cursor !== null && shown.length < 10_000);
    expect(shown.length).toBeGreaterThanOrEqual(written.length);
    expect(shown).toEqual([...shown].sort().reverse());
  });
});
