/**
 * A client's accounting of disclosures (issue 11, item 9; 42 CFR 2.24 and 2.25), on SQLite and
 * PostgreSQL: every disclosure under a consent (a family member opening the plan with their link,
 * the transition summary given to the next program), to whom, what, when and why, oldest first;
 * attempts under a revoked consent disclosed nothing and are not listed; another organisation
 * sees nothing. Reading the list and printing it are audited. The PDF for the client is in their
 * language (English or Spanish), read back with pdftotext.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DisclosureListResponse } from '../../src/core/api/disclosures.js';
import { listAuditEventsOfClient } from '../../src/storage/audit.js';
import { ensureProgram, programFixture } from '../fixtures/programs.js';
import { testDialects } from '../support/databases.js';
import { expectJson, expectProblem, send } from '../support/http.js';
import { pdfText } from '../support/pdf.js';
import { dayFromNow, finalisedPlan, type PlanBody } from '../support/plans.js';
import { type Session, signIn, startTestServer, type TestServer } from '../support/server.js';

describe.each(testDialects())('the accounting of disclosures on %s', (dialect) => {
  let server: TestServer;
  let clinician: Session;
  let other: Session;
  let plan: PlanBody;
  let clientId: string;
  const receiving = programFixture({ name: 'Eastside IOP' });

  const consent = async (recipient: { name: string; relationship: string }, scope: string, purpose: string) =>
    expectJson<{ id: string; code: string }>(
      await send(server, clinician, 'POST', `/api/v1/clients/${clientId}/consents`, {
        json: {
          planId: plan.id,
          scope,
          consentType: 'specific',
          patientName: 'Lucía Dávila',
          discloser: 'Harbor Recovery Clinic',
          recipient,
          purpose,
          expiresOn: dayFromNow(server, 90),
          revocation: 'In writing, to the clinic.',
          signature: { signedBy: 'patient', name: 'Lucía Dávila' },
          signedOn: dayFromNow(server, 0),
        },
      }),
      201,
    );

  beforeAll(async () => {
    server = await startTestServer(dialect);
    const org = await server.addOrganization('Harbor Recovery Clinic');
    const clinicianUser = await server.addUser(org, 'clinician');
    clinician = await signIn(server, clinicianUser.email);
    other = await signIn(server, (await server.addUser(await server.addOrganization(), 'clinician')).email);
    const made = await finalisedPlan(server, clinician, 'Lucía Dávila');
    plan = made.plan;
    clientId = made.clientId;
    await expectJson(
      await send(server, clinician, 'PATCH', `/api/v1/clients/${clientId}`, {
        json: { preferredLanguage: 'es', externalRef: 'HR-204' },
      }),
      200,
    );

    // The sister opens the plan summary twice with her link.
    const sister = await consent(
      { name: 'Marta Dávila', relationship: 'sister' },
      'plan-summary',
      'To help me at home',
    );
    for (let time = 0; time < 2; time += 1) {
      const page = await send(server, null, 'GET', `/share/consent/${sister.code}`);
      expect(page.status).toBe(200);
      await page.text();
    }
    // A friend's consent is revoked before he opens it: nothing is disclosed to him.
    const friend = await consent({ name: 'Tomás Ruiz', relationship: 'friend' }, 'plan-summary', 'Support');
    await send(server, clinician, 'POST', `/api/v1/consents/${friend.id}/revoke`);
    const refused = await send(server, null, 'GET', `/share/consent/${friend.code}`);
    expect(refused.status).toBeGreaterThanOrEqual(400);
    await refused.text();

    // The clinician gives the next program its transition summary.
    await ensureProgram(server.database.handle.db, receiving);
    await expectJson(
      await send(server, clinician, 'POST', `/api/v1/clients/${clientId}/referrals`, {
        json: { programId: receiving.id },
      }),
      201,
    );
    const program = await consent(
      { name: 'Eastside IOP', relationship: 'treatment program' },
      'full-plan',
      'Continuity of care after discharge',
    );
    const summary = await send(
      server,
      clinician,
      'GET',
      `/api/v1/plans/${plan.id}/pdf?audience=receiving&consent=${program.id}`,
    );
    expect(summary.status).toBe(200);
    await summary.arrayBuffer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('lists every disclosure under a consent, oldest first: to whom, what, when, why, and how', async () => {
    const list = await expectJson<DisclosureListResponse>(
      await send(server, clinician, 'GET', `/api/v1/clients/${clientId}/disclosures`),
      200,
    );
    expect(
      list.items.map((item) => [item.recipient.name, item.kind, item.way, item.purpose, item.disclosedBy !== null]),
    ).toEqual([
      ['Marta Dávila', 'plan-summary', 'recipient-link', 'To help me at home', false],
      ['Marta Dávila', 'plan-summary', 'recipient-link', 'To help me at home', false],
      ['Eastside IOP', 'transition-summary', 'sent-by-clinic', 'Continuity of care after discharge', true],
    ]);
    expect(list.items[0]?.recipient.relationship).toBe('sister');
    expect(list.items[0]?.planId).toBe(plan.id);
    expect(list.items.every((item, index) => index === 0 || item.at >= (list.items[index - 1]?.at ?? ''))).toBe(true);
    expect(Date.parse(list.to)).toBeGreaterThanOrEqual(Date.parse(list.items.at(-1)?.at ?? ''));
    expect(Date.parse(list.from)).toBeLessThanOrEqual(Date.parse(list.items[0]?.at ?? ''));

    const actions = (await listAuditEventsOfClient(server.database.handle.db, clientId)).map(
      (event) => `${event.action}:${event.outcome}`,
    );
    expect(actions.at(-1)).toBe('disclosures.read:success');
  });

  it('prints the list for the client in their language, and in English when asked', async () => {
    const spanish = await send(server, clinician, 'GET', `/api/v1/clients/${clientId}/disclosures/pdf`);
    expect(spanish.status).toBe(200);
    expect(spanish.headers.get('content-type')).toBe('application/pdf');
    expect(spanish.headers.get('content-disposition')).toMatch(
      /filename="disclosures-HR-204-es-\d{4}-\d{2}-\d{2}\.pdf"/,
    );
    expect(spanish.headers.get('content-disposition')).not.toMatch(/D.vila/);
    const es = pdfText(await spanish.arrayBuffer()).text;
    expect(es).toContain('Con quién compartimos sus registros');
    expect(es).toContain('Para: Lucía Dávila');
    expect(es).toContain('Marta Dávila (sister)');
    expect(es).toContain('Una versión corta de su plan de alta');
    expect(es).toContain('Eastside IOP');
    expect(es).toContain('Sus derechos');
    expect(es).toContain('988');
    expect(es).not.toContain('Tomás Ruiz');

    const english = await send(server, clinician, 'GET', `/api/v1/clients/${clientId}/disclosures/pdf?lang=en`);
    expect(english.status).toBe(200);
    const en = pdfText(await english.arrayBuffer()).text;
    expect(en).toContain('Who we shared your records with');
    expect(en).toContain('A summary of your plan for your next program');
    expect(en).toContain('They opened the private link your consent gave them.');
    expect(en).toContain('Continuity of care after discharge');

    const actions = (await listAuditEventsOfClient(server.database.handle.db, clientId)).map(
      (event) => `${event.action}:${event.outcome}`,
    );
    expect(actions.filter((action) => action === 'disclosures.export.pdf:success')).toHaveLength(2);
  });

  it('shows another organisation nothing, and records the attempt', async () => {
    await expectProblem(await send(server, other, 'GET', `/api/v1/clients/${clientId}/disclosures`), 404, 'not_found');
    await expectProblem(
      await send(server, other, 'GET', `/api/v1/clients/${clientId}/disclosures/pdf`),
      404,
      'not_found',
    );
    const actions = (await listAuditEventsOfClient(server.database.handle.db, clientId)).map(
      (event) => `${event.action}:${event.outcome}`,
    );
    expect(actions).toContain('disclosures.read:denied');
  });

  it('says a client with no disclosures has none', async () => {
    const { clientId: lone } = await finalisedPlan(server, clinician, 'Noor Haddad');
    const list = await expectJson<DisclosureListResponse>(
      await send(server, clinician, 'GET', `/api/v1/clients/${lone}/disclosures`),
      200,
    );
    expect(list.items).toEqual([]);
    const response = await send(server, clinician, 'GET', `/api/v1/clients/${lone}/disclosures/pdf`);
    expect(pdfText(await response.arrayBuffer()).text).toContain(
      'We have not shared your records with anyone in this time.',
    );
  });
});
