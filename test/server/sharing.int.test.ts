/**
 * Sharing a finalised plan, on SQLite and PostgreSQL: the client's private link (a long random
 * code, stored only as a hash; the page is plain HTML under the strict CSP; the acknowledgement
 * form only from the page itself), Part 2 consents (every element required; the recipient sees
 * exactly the consent's scope with the 42 CFR 2.32 notice, only while the consent is in force;
 * expiry by a moved clock and revocation give 410 at once), the clinic's contact details on every
 * page, and the audit event of every view, refusal and change.
 */
import { createHash } from 'node:crypto';
import { decidingReasons } from '../../src/core/plans/client-reasons.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSENT_SCOPE_DESCRIPTIONS, PART2_NOTICE } from '../../src/core/plans/consent.js';
import { SAFETY_TEXT } from '../../src/core/plans/safety.js';
import { listAuditEvents, listAuditEventsOfClient } from '../../src/storage/audit.js';
import type { Organization } from '../../src/storage/records.js';
import { testDialects } from '../support/databases.js';
import { expectJson, expectProblem, send } from '../support/http.js';
import { documentOf, finalisedPlan, type PlanBody, savePlan } from '../support/plans.js';
import { type Session, signIn, startTestServer, type TestServer } from '../support/server.js';

const DAY = 86_400_000;

interface Page {
  status: number;
  html: string;
  headers: Headers;
}

describe.each(testDialects())('sharing and consent on %s', (dialect) => {
  let server: TestServer;
  let org: Organization;
  let clinician: Session;
  let admin: Session;
  let clinicianEmail: string;
  let adminEmail: string;

  beforeAll(async () => {
    server = await startTestServer(dialect);
    org = await server.addOrganization('Harbor Recovery Clinic');
    clinicianEmail = (await server.addUser(org, 'clinician')).email;
    adminEmail = (await server.addUser(org, 'admin')).email;
    clinician = await signIn(server, clinicianEmail);
    admin = await signIn(server, adminEmail);
    await expectJson(
      await send(server, admin, 'PATCH', '/api/v1/organization', {
        json: { phone: '(555) 014-2200', address: '12 Harbor Way, Springfield', email: 'care@harbor.example' },
      }),
      200,
    );
  });
  afterAll(async () => {
    await server.close();
  });

  /** A page as a phone without any session gets it. */
  async function open(path: string): Promise<Page> {
    const response = await fetch(`${server.baseUrl}${path}`, { redirect: 'manual' });
    return { status: response.status, html: await response.text(), headers: response.headers };
  }

  function expectSafePage(page: Page): void {
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('cache-control')).toBe('no-store');
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    // Nothing the policy would block: no script at all, no inline style, no event handler attribute.
    expect(page.html).not.toMatch(/<script/i);
    expect(page.html).not.toMatch(/<style/i);
    expect(page.html).not.toMatch(/\sstyle=/i);
    expect(page.html).not.toMatch(/\son[a-z]+=/i);
    expect(page.html).toContain('<link rel="stylesheet" href="/share/assets/share.css">');
    // The crisis numbers and the clinic's contact details on every page.
    expect(page.html).toContain('href="tel:988"');
    expect(page.html).toContain('Harbor Recovery Clinic');
    expect(page.html).toContain('(555) 014-2200');
    expect(page.html).toContain('12 Harbor Way, Springfield');
  }

  async function events(clientId: string): Promise<string[]> {
    return (await listAuditEventsOfClient(server.database.handle.db, clientId)).map(
      (event) => `${event.action}:${event.outcome}:${event.actorKind}`,
    );
  }

  describe('the client’s link', () => {
    it('is made only for a finalised plan, and only its hash is stored', async () => {
      const { plan } = await finalisedPlan(server, clinician);
      const share = await expectJson<{ code: string; url: string }>(
        await send(server, clinician, 'POST', `/api/v1/plans/${plan.id}/share`),
        201,
      );
      expect(share.code).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(share.url).toBe(`${server.baseUrl}/share/${share.code}`);
      const rows = await server.database.handle.db
        .selectFrom('plan_share_codes')
        .select('code_hash')
        .where('plan_id', '=', plan.id)
        .execute();
      expect(rows.map((row) => row.code_hash)).toEqual([createHash('sha256').update(share.code).digest('hex')]);
      expect(JSON.stringify(rows)).not.toContain(share.code);

      const draft = await expectJson<PlanBody>(
        await send(server, clinician, 'POST', `/api/v1/clients/${plan.clientId}/plans`, { json: {} }),
        201,
      );
      await expectProblem(await send(server, clinician, 'POST', `/api/v1/plans/${draft.id}/share`), 409, 'conflict');
    });

    it('opens the finalised plan in plain English or Spanish, under the strict CSP, with its style sheet', async () => {
      const { plan, clientId } = await finalisedPlan(server, clinician, 'Maria Lopez');
      const { code } = await expectJson<{ code: string }>(
        await send(server, clinician, 'POST', `/api/v1/plans/${plan.id}/share`),
        201,
      );
      const english = await open(`/share/${code}`);
      expect(english.status).toBe(200);
      expectSafePage(english);
      expect(english.headers.get('referrer-policy')).toBe('same-origin');
      expect(english.html).toContain('<html lang="en">');
      expect(english.html).toContain('Your plan after treatment');
      expect(english.html).toContain('Plan for Maria Lopez');
      expect(english.html).toContain('You and your care team chose: Intensive outpatient program (IOP).');
      expect(english.html).toContain(SAFETY_TEXT.en['never-use-alone'].title);
      expect(english.html).not.toContain('Private clinician note');
      expect(english.html).toContain(`<form method="post" action="/share/${code}/acknowledgement?lang=en">`);

      const spanish = await open(`/share/${code}?lang=es`);
      expectSafePage(spanish);
      expect(spanish.html).toContain('<html lang="es">');
      expect(spanish.html).toContain('Su plan después del tratamiento');
      expect(spanish.html).toContain('Teléfono');

      const css = await fetch(`${server.baseUrl}/share/assets/share.css`);
      expect(css.status).toBe(200);
      expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
      expect(await css.text()).toContain('.crisis');

      // An amendment in progress does not change what the client sees.
      await savePlan(server, clinician, plan, { ...documentOf(plan), selectedSetting: 'php' });
      expect((await open(`/share/${code}`)).html).toContain('Intensive outpatient program (IOP)');
      expect(await events(clientId)).toEqual(
        expect.arrayContaining(['plan.share.create:success:user', 'plan.share.view:success:anonymous']),
      );
    });

    it('records the acknowledgement from the page itself, and refuses a post from anywhere else', async () => {
      const { plan, clientId } = await finalisedPlan(server, clinician);
      const { code } = await expectJson<{ code: string }>(
        await send(server, clinician, 'POST', `/api/v1/plans/${plan.id}/share`),
        201,
      );
      const post = (headers: Record<string, string>) =>
        fetch(`${server.baseUrl}/share/${code}/acknowledgement?lang=es`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
          body: '',
          redirect: 'manual',
        });
      await expectProblem(await post({}), 403, 'csrf_failed');
      await expectProblem(await post({ origin: 'null' }), 403, 'csrf_failed');
      await expectProblem(await post({ origin: 'https://evil.example' }), 403, 'csrf_failed');
      await expectProblem(await post({ 'sec-fetch-site': 'cross-site' }), 403, 'csrf_failed');
      expect((await open(`/share/${code}`)).html).toContain('<form method="post"');

      const accepted = await post({ origin: server.baseUrl });
      expect(accepted.status).toBe(303);
      expect(accepted.headers.get('location')).toBe(`/share/${code}?lang=es`);
      const thanks = await open(`/share/${code}?lang=es`);
      expect(thanks.html).toContain('Gracias.');
      expect(thanks.html).not.toContain('<form method="post"');
      expect((await post({ 'sec-fetch-site': 'same-origin' })).status).toBe(303);

      const read = await expectJson<PlanBody>(await send(server, clinician, 'GET', `/api/v1/plans/${plan.id}`), 200);
      expect(read.acknowledgements.map((a) => [a.via, a.language, a.version])).toEqual([
        ['share', 'es', plan.version],
        ['share', 'es', plan.version],
      ]);
      expect(await events(clientId)).toContain('plan.share.acknowledge:success:anonymous');
    });

    it('stops working when sharing is turned off or a new code replaces it (410), and an unknown code is 404', async () => {
      const { plan, clientId } = await finalisedPlan(server, clinician);
      const first = await expectJson<{ code: string }>(
        await send(server, clinician, 'POST', `/api/v1/plans/${plan.id}/share`),
        201,
      );
      const second = await expectJson<{ code: string }>(
        await send(server, clinician, 'POST', `/api/v1/plans/${plan.id}/share`),
        201,
      );
      const replaced = await open(`/share/${first.code}`);
      expect(replaced.status).toBe(410);
      expectSafePage(replaced);
      expect(replaced.html).toContain('This plan is no longer available');
      expect((await open(`/share/${second.code}`)).status).toBe(200);
      expect(await expectJson(await send(server, clinician, 'DELETE', `/api/v1/plans/${plan.id}/share`), 200)).toEqual({
        revoked: 1,
      });
      expect((await open(`/share/${second.code}`)).status).toBe(410);
      const unknown = await open(`/share/${'A'.repeat(43)}`);
      expect(unknown.status).toBe(404);
      expect(unknown.html).toContain('We could not find this plan');
      expect((await open('/share/not-a-code')).status).toBe(404);
      expect(await events(clientId)).toEqual(
        expect.arrayContaining(['plan.share.revoke:success:user', 'plan.share.view:denied:anonymous']),
      );
    });
  });

  describe('Part 2 consents', () => {
    function consentBody(planId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
      const today = server.now().toISOString().slice(0, 10);
      return {
        planId,
        scope: 'plan-summary',
        consentType: 'specific',
        patientName: 'Jordan Rivera',
        discloser: 'Harbor Recovery Clinic',
        recipient: { name: 'Sam Rivera', relationship: 'brother' },
        purpose: 'To help me with my recovery at home',
        expiresOn: new Date(server.now().getTime() + 30 * DAY).toISOString().slice(0, 10),
        revocation: 'You can take this back at any time, in writing, by telling Harbor Recovery Clinic.',
        signature: { signedBy: 'patient', name: 'Jordan Rivera' },
        signedOn: today,
        ...overrides,
      };
    }

    async function consent(
      planId: string,
      clientId: string,
      overrides: Record<string, unknown> = {},
    ): Promise<{ id: string; code: string; url: string; status: string }> {
      return expectJson(
        await send(server, clinician, 'POST', `/api/v1/clients/${clientId}/consents`, {
          json: consentBody(planId, overrides),
        }),
        201,
      );
    }

    it('needs every element of a Part 2 consent, named by path', async () => {
      const { plan, clientId } = await finalisedPlan(server, clinician);
      for (const field of ['patientName', 'discloser', 'purpose', 'expiresOn', 'revocation', 'signedOn', 'scope']) {
        const body = consentBody(plan.id);
        delete body[field];
        const problem = await expectProblem(
          await send(server, clinician, 'POST', `/api/v1/clients/${clientId}/consents`, { json: body }),
          400,
          'invalid_input',
        );
        expect(problem.errors?.map((e) => e.path)).toEqual([field]);
      }
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ recipient: { name: 'Sam Rivera' } }, 'recipient.relationship'],
        [{ signature: { signedBy: 'representative', name: 'Pat Rivera' } }, 'signature.representativeAuthority'],
        [{ consentType: 'legal-proceedings' }, 'consentType'],
        [{ scope: 'everything' }, 'scope'],
        [
          { expiresOn: server.now().toISOString().slice(0, 10), signedOn: server.now().toISOString().slice(0, 10) },
          'expiresOn',
        ],
        [{ signedOn: new Date(server.now().getTime() + 2 * DAY).toISOString().slice(0, 10) }, 'signedOn'],
        [{ expiresOn: new Date(server.now().getTime() + 400 * DAY).toISOString().slice(0, 10) }, 'expiresOn'],
        [{ purpose: '   ' }, 'purpose'],
      ];
      for (const [overrides, path] of cases) {
        const problem = await expectProblem(
          await send(server, clinician, 'POST', `/api/v1/clients/${clientId}/consents`, {
            json: consentBody(plan.id, overrides),
          }),
          400,
          'invalid_input',
        );
        expect(
          problem.errors?.map((e) => e.path),
          JSON.stringify(overrides),
        ).toEqual([path]);
      }
      const other = await finalisedPlan(server, clinician);
      const foreign = await expectProblem(
        await send(server, clinician, 'POST', `/api/v1/clients/${clientId}/consents`, {
          json: consentBody(other.plan.id),
        }),
        400,
        'invalid_input',
      );
      expect(foreign.errors?.map((e) => e.path)).toEqual(['planId']);
    });

    it('shows the recipient exactly the summary the consent names, with the Part 2 notice', async () => {
      const { plan, clientId } = await finalisedPlan(server, clinician);
      const made = await consent(plan.id, clientId);
      expect(made.status).toBe('active');
      expect(made.url).toBe(`${server.baseUrl}/share/consent/${made.code}`);
      const page = await open(`/share/consent/${made.code}`);
      expect(page.status).toBe(200);
      expectSafePage(page);
      expect(page.html).toContain(PART2_NOTICE.en.title);
      expect(page.html).toContain('42 CFR part 2');
      expect(page.html).toContain('Sam Rivera (brother)');
      expect(page.html).toContain('To help me with my recovery at home');
      expect(page.html).toContain(CONSENT_SCOPE_DESCRIPTIONS['plan-summary'].en.replaceAll('’', '’'));
      // In the summary: the next step, goals, support groups, safety.
      expect(page.html).toContain('Intensive outpatient program (IOP)');
      expect(page.html).toContain('I will build a group of sober people I can count on.');
      expect(page.html).toContain('SMART Recovery');
      expect(page.html).toContain(SAFETY_TEXT.en.naloxone.title);
      // Not in the summary: reasons, services and medicines, contacts, the relapse plan, notes.
      for (const hidden of [
        ...plan.reasons.map((reason) => reason.clientText),
        'Buprenorphine',
        'Group therapy',
        'Dana Whitfield',
        '555-0101',
        'Payday weekends',
        'Pharmacy on 5th Street',
        'Private clinician note',
        '<form',
      ]) {
        expect(page.html).not.toContain(hidden.replaceAll("'", '&#39;'));
      }
      const spanish = await open(`/share/consent/${made.code}?lang=es`);
      expect(spanish.html).toContain(PART2_NOTICE.es.title);
      expect(await events(clientId)).toEqual(
        expect.arrayContaining(['consent.create:success:user', 'consent.disclose:success:anonymous']),
      );
    });

    it('shows the full plan when the consent names the full plan', async () => {
      const { plan, clientId } = await finalisedPlan(server, clinician);
      const made = await consent(plan.id, clientId, { scope: 'full-plan' });
      const page = await open(`/share/consent/${made.code}`);
      expect(page.status).toBe(200);
      const decided = decidingReasons(plan.reasons, plan)[0]?.clientText ?? '';
      expect(decided).not.toBe('');
      for (const shown of ['Buprenorphine', 'Dana Whitfield', 'Payday weekends', decided]) {
        expect(page.html).toContain(shown.replaceAll("'", '&#39;'));
      }
      expect(page.html).not.toContain('Private clinician note');
      expect(page.html).toContain(CONSENT_SCOPE_DESCRIPTIONS['full-plan'].en);
    });

    it('stops at once when revoked (410), and the clinician sees it revoked', async () => {
      const { plan, clientId } = await finalisedPlan(server, clinician);
      const made = await consent(plan.id, clientId);
      expect((await open(`/share/consent/${made.code}`)).status).toBe(200);
      const revoked = await expectJson<{ status: string; revokedAt: string }>(
        await send(server, clinician, 'POST', `/api/v1/consents/${made.id}/revoke`),
        200,
      );
      expect(revoked.status).toBe('revoked');
      const gone = await open(`/share/consent/${made.code}`);
      expect(gone.status).toBe(410);
      expectSafePage(gone);
      expect(gone.html).toContain('This plan is no longer available');
      expect(gone.html).not.toContain('SMART Recovery');
      const list = await expectJson<{ items: Array<{ id: string; status: string }> }>(
        await send(server, clinician, 'GET', `/api/v1/clients/${clientId}/consents`),
        200,
      );
      expect(list.items.map((item) => [item.id, item.status])).toEqual([[made.id, 'revoked']]);
      expect(JSON.stringify(list)).not.toContain(made.code);
      expect(await events(clientId)).toEqual(
        expect.arrayContaining([
          'consent.revoke:success:user',
          'consent.list:success:user',
          'consent.disclose:denied:anonymous',
        ]),
      );
    });

    it('stops when it expires: open through its last day, 410 after (moved clock)', async () => {
      const { plan, clientId } = await finalisedPlan(server, clinician);
      const lastDay = new Date(server.now().getTime() + 2 * DAY).toISOString().slice(0, 10);
      const made = await consent(plan.id, clientId, { expiresOn: lastDay });
      expect((await open(`/share/consent/${made.code}`)).status).toBe(200);
      const start = server.now().getTime();
      // Noon of the last day: still in force.
      server.advance(Date.parse(`${lastDay}T12:00:00Z`) - start);
      expect((await open(`/share/consent/${made.code}`)).status).toBe(200);
      // The next day: over.
      server.advance(DAY);
      expect((await open(`/share/consent/${made.code}`)).status).toBe(410);
      // Sessions idle for a day and a half are gone too: sign in again.
      clinician = await signIn(server, clinicianEmail);
      admin = await signIn(server, adminEmail);
      const list = await expectJson<{ items: Array<{ status: string; expiresOn: string }> }>(
        await send(server, clinician, 'GET', `/api/v1/clients/${clientId}/consents`),
        200,
      );
      expect(list.items[0]).toMatchObject({ status: 'expired', expiresOn: lastDay });
    });

    it('shows nothing until the plan is finalised, and an unknown code is not found', async () => {
      const { plan, clientId } = await finalisedPlan(server, clinician);
      const draft = await expectJson<PlanBody>(
        await send(server, clinician, 'POST', `/api/v1/clients/${clientId}/plans`, { json: {} }),
        201,
      );
      const made = await consent(draft.id, clientId);
      const notReady = await open(`/share/consent/${made.code}`);
      expect(notReady.status).toBe(404);
      expect(notReady.html).toContain('This plan is not ready yet');
      expect((await open(`/share/consent/${'B'.repeat(43)}`)).status).toBe(404);
      expect(plan.status).toBe('final');
    });
  });

  it('refuses a name another organisation has: 409 naming the field, and nothing changes', async () => {
    const taken = await server.addOrganization('Lakeside Recovery Center');
    const updates = async () =>
      (await listAuditEvents(server.database.handle.db, org.id, { limit: 500, action: 'organization.update' })).items
        .length;
    const before = await updates();
    const problem = await expectProblem(
      await send(server, admin, 'PATCH', '/api/v1/organization', { json: { name: taken.name, phone: '555-0000' } }),
      409,
      'conflict',
    );
    expect(problem.errors).toEqual([{ in: 'body', path: 'name', message: 'already taken' }]);
    expect(await updates()).toBe(before);
    const read = await expectJson<{ name: string; phone: string }>(
      await send(server, admin, 'GET', '/api/v1/organization'),
      200,
    );
    expect(read).toMatchObject({ name: 'Harbor Recovery Clinic', phone: '(555) 014-2200' });
    // Its own name is no conflict.
    await expectJson(
      await send(server, admin, 'PATCH', '/api/v1/organization', { json: { name: 'Harbor Recovery Clinic' } }),
      200,
    );
    expect(await updates()).toBe(before + 1);
  });

  it('lets only an admin change the clinic’s details, and every page shows the change', async () => {
    await expectProblem(
      await send(server, clinician, 'PATCH', '/api/v1/organization', { json: { phone: '555-9999' } }),
      403,
      'forbidden',
    );
    const read = await expectJson<{ name: string; phone: string }>(
      await send(server, clinician, 'GET', '/api/v1/organization'),
      200,
    );
    expect(read).toMatchObject({ name: 'Harbor Recovery Clinic', phone: '(555) 014-2200' });
    await expectProblem(await send(server, admin, 'PATCH', '/api/v1/organization', { json: {} }), 400, 'invalid_input');
    const { plan } = await finalisedPlan(server, clinician);
    const { code } = await expectJson<{ code: string }>(
      await send(server, clinician, 'POST', `/api/v1/plans/${plan.id}/share`),
      201,
    );
    await expectJson(
      await send(server, admin, 'PATCH', '/api/v1/organization', { json: { phone: '(555) 014-7777' } }),
      200,
    );
    expect((await open(`/share/${code}`)).html).toContain('(555) 014-7777');
    await expectJson(
      await send(server, admin, 'PATCH', '/api/v1/organization', { json: { phone: '(555) 014-2200' } }),
      200,
    );
  });
});
