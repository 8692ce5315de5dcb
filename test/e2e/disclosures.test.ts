/**
 * The accounting of disclosures on the client page, in Chromium at 1280 px (issue 11, item 9): the
 * clinician asks who the client's records were shared with and reads each disclosure (to whom,
 * what, when, why, how) in words and in the clinic's time, with the PDF for the client in their
 * language one click away. axe on the section; a screenshot at 1280 px.
 */
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateOrganization } from '../../src/storage/organizations.js';
import { BROWSER_SKIP_REASON, launchBrowser, screenshotDir, signInToWorkspace } from '../support/browser.js';
import { expectJson, send } from '../support/http.js';
import { dayFromNow, finalisedPlan } from '../support/plans.js';
import { signIn, startTestServer, type TestServer } from '../support/server.js';

if (BROWSER_SKIP_REASON) console.log(BROWSER_SKIP_REASON);

describe.skipIf(BROWSER_SKIP_REASON !== undefined)('the accounting of disclosures in the workspace', () => {
  let server: TestServer;
  let browser: Browser;
  const shots = screenshotDir('disclosures');

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows who the client’s records were shared with, and offers the PDF in their language', async () => {
    const org = await server.addOrganization('Harbor Recovery (disclosures test)');
    await updateOrganization(server.database.handle.db, org.id, { timeZone: 'America/Chicago' });
    const clinicianUser = await server.addUser(org, 'clinician');
    const clinician = await signIn(server, clinicianUser.email);
    const { clientId, plan } = await finalisedPlan(server, clinician, 'Lucía Dávila');
    await expectJson(
      await send(server, clinician, 'PATCH', `/api/v1/clients/${clientId}`, { json: { preferredLanguage: 'es' } }),
      200,
    );
    const consent = await expectJson<{ code: string }>(
      await send(server, clinician, 'POST', `/api/v1/clients/${clientId}/consents`, {
        json: {
          planId: plan.id,
          scope: 'plan-summary',
          consentType: 'specific',
          patientName: 'Lucía Dávila',
          discloser: 'Harbor Recovery',
          recipient: { name: 'Marta Dávila', relationship: 'sister' },
          purpose: 'To help me at home',
          expiresOn: dayFromNow(server, 60, 'America/Chicago'),
          revocation: 'In writing, to the clinic.',
          signature: { signedBy: 'patient', name: 'Lucía Dávila' },
          signedOn: dayFromNow(server, 0, 'America/Chicago'),
        },
      }),
      201,
    );
    await (await send(server, null, 'GET', `/share/consent/${consent.code}`)).text();

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.on('pageerror', (error) => {
      throw error;
    });
    await signInToWorkspace(page, server.baseUrl, clinicianUser.email, { hash: `#/clients/${clientId}` });
    await page.getByRole('heading', { name: 'Lucía Dávila' }).waitFor();

    await page.getByRole('button', { name: 'Show who their records were shared with' }).click();
    const table = page.getByRole('table', { name: 'Who their records were shared with' });
    await table.waitFor();
    const row = table.locator('tbody tr');
    expect(await row.count()).toBe(1);
    const text = (await row.textContent()) ?? '';
    expect(text).toContain('Marta Dávila (sister)');
    expect(text).toContain('Summary of the discharge plan');
    expect(text).toContain('To help me at home');
    expect(text).toContain('They opened their private link');
    expect(text).toMatch(/C[SD]T/);
    const pdf = page.getByRole('link', { name: 'Print this list for the client (Spanish)' });
    expect(await pdf.getAttribute('href')).toBe(`/api/v1/clients/${clientId}/disclosures/pdf?lang=es`);
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    await page.getByRole('heading', { name: 'Shared under consents' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${shots}/disclosures-1280.png`, fullPage: true });
    await context.close();
  });
});
