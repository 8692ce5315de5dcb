import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateOrganization } from '../../src/storage/organizations.js';
import {
  BROWSER_SKIP_REASON,
  launchBrowser,
  screenshotDir,
  expectNoAxeViolations,
  signInToWorkspace,
} from '../support/browser.js';
import { assessmentDocument, expectJson, send } from '../support/http.js';
import { completed, dayFromNow, documentOf, draftPlan, type PlanBody, savePlan } from '../support/plans.js';
import { signIn, startTestServer, type TestServer } from '../support/server.js';

if (BROWSER_SKIP_REASON) console.log(BROWSER_SKIP_REASON);

describe.skipIf(BROWSER_SKIP_REASON !== undefined)('who and when in the workspace', () => {
  let server: TestServer;
  let browser: Browser;
  const shots = screenshotDir('who-and-when');
  /** New York's date at 8:30 pm; UTC (and the browser) are on the next day. */
  let newYorkToday: string;
  let target: number;

  beforeAll(async () => {
    server = await startTestServer();
    const now = server.now();
    target = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1, 1, 30);
    server.advance(target - now.getTime());
    newYorkToday = new Date(target - 86_400_000).toISOString().slice(0, 10);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('tells clients apart, warns of a duplicate, and shows New York time', async () => {
    const org = await server.addOrganization('Hudson Recovery (test)');
    await updateOrganization(server.database.handle.db, org.id, { timeZone: 'America/New_York' });
    const clinician = await server.addUser(org, 'clinician');
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: 'UTC' });
    await context.clock.setFixedTime(new Date(target));
    const page = await context.newPage();
    page.on('pageerror', (error) => {
      throw error;
    });

    await signInToWorkspace(page, server.baseUrl, clinician.email);
    await page.getByRole('heading', { name: 'Clients' }).waitFor();

    // The first client, with a record number and a date of birth.
    const addClient = async (name: string, ref: string, born: string) => {
      await page.getByLabel('Name', { exact: true }).fill(name);
      await page.getByLabel('Record number (optional)').fill(ref);
      await page.getByLabel('Date of birth (optional)').fill(born);
      await page.getByRole('button', { name: 'Add client' }).click();
    };
    await addClient('María Dávila', 'MRN-88', '1984-05-17');
    await page.getByRole('heading', { name: 'María Dávila' }).waitFor();
    const firstUrl = page.url();
    await page.getByText('Record MRN-88 · Born May 17, 1984').waitFor();

    // The same name and date of birth again: a warning naming her, before anything is added.
    await page.getByRole('link', { name: 'Clients' }).first().click();
    await page.getByRole('heading', { name: 'Clients' }).waitFor();
    await addClient('maria davila', 'MRN-99', '1984-05-17');
    await page.getByRole('heading', { name: 'This may be someone already in your clients' }).waitFor();
    const warning = page.getByRole('alert').filter({ hasText: 'already recorded for' });
    await expect(warning.getByRole('link', { name: 'María Dávila' }).getAttribute('href')).resolves.toBe(
      `#${new URL(firstUrl).hash.slice(1)}`,
    );
    expect(await warning.textContent()).toContain('Record MRN-88 · Born May 17, 1984');
    await expectNoAxeViolations(page, 'possible duplicate warning');
    await page.screenshot({ path: `${shots}/duplicate-warning-1280.png`, fullPage: true });
    await page.getByRole('button', { name: 'Add anyway: this is someone else' }).click();
    await page.getByRole('heading', { name: 'maria davila' }).waitFor();

    // "davila" finds both, accents or not.
    await page.getByRole('link', { name: 'Clients' }).first().click();
    await page.getByLabel('Search by name or record number').fill('davila');
    await page.getByText('2 clients').or(page.getByText('2 active clients')).first().waitFor();
    const listed = await page.locator('.client-list li').allTextContents();
    expect(listed.some((text) => text.includes('María Dávila'))).toBe(true);
    expect(listed.some((text) => text.includes('maria davila'))).toBe(true);

    // A finalised plan for the first client, through the API as the same clinician.
    const clientId = new URL(firstUrl).hash.split('/').pop() ?? '';
    const api = await signIn(server, clinician.email);
    await expectJson(
      await send(server, api, 'POST', `/api/v1/clients/${clientId}/assessments`, { json: assessmentDocument() }),
      201,
    );
    const draft = await draftPlan(server, api, clientId);
    const saved = await savePlan(server, api, draft, completed(documentOf(draft), dayFromNow(server, 60)));
    const plan = await expectJson<PlanBody>(
      await send(server, api, 'POST', `/api/v1/plans/${saved.id}/finalize`, {
        json: { version: saved.version, attestation: true },
      }),
      200,
    );

    // The plan page says whose plan it is, and so does the tab.
    await page.goto(`${server.baseUrl}/app#/plans/${plan.id}`);
    await page.getByRole('heading', { name: 'Discharge plan' }).waitFor();
    const identity = page.locator('.client-identity');
    await identity.getByText('María Dávila').waitFor();
    expect(await identity.textContent()).toContain('Record MRN-88 · Born May 17, 1984');
    await expect.poll(() => page.title()).toContain('María Dávila (MRN-88)');

    // The consent's date signed is New York's today, not the browser's (UTC) tomorrow.
    const signed = page.getByLabel('Date signed');
    expect(await signed.inputValue()).toBe(newYorkToday);
    await expectNoAxeViolations(page, 'plan page with the client identity');
    await page.screenshot({ path: `${shots}/plan-identity-1280.png` });

    // The PDF links give files named by record number and version.
    const pdfLink = page.getByRole('link', { name: 'Client PDF (English)' });
    const response = await page.request.get(new URL((await pdfLink.getAttribute('href')) ?? '', server.baseUrl).href);
    expect(response.headers()['content-disposition']).toContain(`plan-MRN-88-v${plan.version}-client-en.pdf`);

    // The timeline reads New York time, in words.
    await page.goto(firstUrl);
    await page.getByRole('heading', { name: 'Timeline' }).waitFor();
    const timeline = (await page.locator('.timeline').textContent()) ?? '';
    // "Dec 6, 2026, 8:30 PM EST": New York's evening, not UTC's "Dec 7 ... 01:30".
    expect(timeline).toContain(
      new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', dateStyle: 'medium' }).format(target),
    );
    expect(timeline).toMatch(/ PM E[SD]T/);
    expect(timeline).not.toContain('undefined');
    await expectNoAxeViolations(page, 'client page');
    await page.screenshot({ path: `${shots}/client-timeline-1280.png`, fullPage: true });
    await context.close();
  });
});
