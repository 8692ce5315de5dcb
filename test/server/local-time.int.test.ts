/**
 * Local time over HTTP, on SQLite and PostgreSQL: a clinic in New York at 8:30 pm. Its admin sets
 * the time zone (validated: a made-up zone is refused by name); "today" for a consent's date signed
 * is New York's day, not UTC's tomorrow; a consent's last day reads the same in the API, on the
 * recipient's page and in FHIR; the client PDF's date and the clinical PDF's times are New York's.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatPlanDate } from '../../src/core/plans/words.js';
import { addCalendarDays, formatDateTime } from '../../src/core/time-zone.js';
import { testDialects } from '../support/databases.js';
import { expectJson, expectProblem, send } from '../support/http.js';
import { finalisedPlan, type PlanBody } from '../support/plans.js';
import { anonymous, type Session, signIn, startTestServer, type TestServer } from '../support/server.js';

const ZONE = 'America/New_York';

function pdfText(bytes: ArrayBuffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'stepdown-pdf-'));
  try {
    const file = join(dir, 'plan.pdf');
    writeFileSync(file, Buffer.from(bytes));
    return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe.each(testDialects())('local time on %s', (dialect) => {
  let server: TestServer;
  let admin: Session;
  let clinician: Session;
  let plan: PlanBody;
  let clientId: string;
  /** New York's date at the test's 8:30 pm; UTC is already on the next day. */
  let today: string;

  beforeAll(async () => {
    server = await startTestServer(dialect);
    // Move the server's clock to 01:30 UTC tomorrow: 8:30 pm (EST) or 9:30 pm (EDT) in New York today.
    const now = server.now();
    const target = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1, 1, 30);
    server.advance(target - now.getTime());
    today = new Date(target - 86_400_000).toISOString().slice(0, 10);
    const org = await server.addOrganization();
    admin = await signIn(server, (await server.addUser(org, 'admin')).email);
    clinician = await signIn(server, (await server.addUser(org, 'clinician')).email);
    ({ clientId, plan } = await finalisedPlan(server, clinician, 'Jordan Rivera'));
  });
  afterAll(async () => {
    await server.close();
  });

  it("lets an admin set the organisation's time zone, and refuses one Intl does not know", async () => {
    const problem = await expectProblem(
      await send(server, admin, 'PATCH', '/api/v1/organization', { json: { timeZone: 'America/Springfield' } }),
      400,
      'invalid_input',
    );
    expect(problem.errors?.map((issue) => issue.path)).toEqual(['timeZone']);
    const changed = await expectJson<{ timeZone: string }>(
      await send(server, admin, 'PATCH', '/api/v1/organization', { json: { timeZone: ZONE } }),
      200,
    );
    expect(changed.timeZone).toBe(ZONE);
    expect(
      (await expectJson<{ timeZone: string }>(await send(server, clinician, 'GET', '/api/v1/organization'), 200))
        .timeZone,
    ).toBe(ZONE);
    await expectProblem(
      await send(server, clinician, 'PATCH', '/api/v1/organization', { json: { timeZone: 'UTC' } }),
      403,
      'forbidden',
    );
  });

  it("takes New York's today at 8:30 pm for a consent's date signed, not UTC's tomorrow", async () => {
    const body = (signedOn: string, expiresOn: string) => ({
      planId: plan.id,
      scope: 'plan-summary',
      consentType: 'specific',
      patientName: 'Jordan Rivera',
      discloser: 'Harbor Recovery Clinic',
      recipient: { name: 'Sam Rivera', relationship: 'brother' },
      purpose: 'To help me with my recovery at home',
      expiresOn,
      revocation: 'You can take this back at any time, in writing, by telling Harbor Recovery Clinic.',
      signature: { signedBy: 'patient', name: 'Jordan Rivera' },
      signedOn,
    });
    const tomorrow = addCalendarDays(today, 1);
    const refused = await expectProblem(
      await send(server, clinician, 'POST', `/api/v1/clients/${clientId}/consents`, {
        json: body(tomorrow, addCalendarDays(today, 30)),
      }),
      400,
      'invalid_input',
    );
    expect(refused.errors?.map(({ path, message }) => ({ path, message }))).toEqual([
      { path: 'signedOn', message: 'cannot be in the future' },
    ]);

    const lastDay = addCalendarDays(today, 30);
    const created = await expectJson<{ id: string; code: string; expiresOn: string; signedOn: string }>(
      await send(server, clinician, 'POST', `/api/v1/clients/${clientId}/consents`, { json: body(today, lastDay) }),
      201,
    );
    expect(created.signedOn).toBe(today);
    expect(created.expiresOn).toBe(lastDay);
    // The same last day on every screen: the list, the recipient's page, FHIR.
    const list = await expectJson<{ items: Array<{ id: string; expiresOn: string }> }>(
      await send(server, clinician, 'GET', `/api/v1/clients/${clientId}/consents`),
      200,
    );
    expect(list.items.find((item) => item.id === created.id)?.expiresOn).toBe(lastDay);
    const page = await (await anonymous(server, 'GET', `/share/consent/${created.code}`)).text();
    expect(page).toContain(formatPlanDate(lastDay, 'en'));
    const fhir = await expectJson<{ provision: { period: { end: string } } }>(
      await send(server, clinician, 'GET', `/fhir/R4/Consent/${created.id}`),
      200,
    );
    expect(fhir.provision.period.end).toBe(lastDay);
  });

  it("prints New York's date on the client PDF and New York's times on the clinical PDF", async () => {
    const client = pdfText(
      await (
        await send(server, clinician, 'GET', `/api/v1/plans/${plan.id}/pdf?audience=client&lang=en`)
      ).arrayBuffer(),
    );
    expect(client).toContain(`on ${formatPlanDate(today, 'en')}`);
    const clinical = pdfText(
      await (await send(server, clinician, 'GET', `/api/v1/plans/${plan.id}/pdf?audience=clinician`)).arrayBuffer(),
    );
    expect(clinical).toContain(formatDateTime(plan.createdAt, ZONE));
    expect(clinical).toContain(formatDateTime(plan.finalizedAt ?? '', ZONE));
    expect(clinical).not.toContain(plan.createdAt);
  });
});
