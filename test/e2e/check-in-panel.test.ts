/**
 * A client's check-ins on the client page (issue 14, item 3): the schedule and the check-in link
 * were API-only, so a clinician could neither see when check-ins start nor give a client a link.
 * At 1280 px the clinician sees that nothing is asked before a plan, changes the schedule (a wrong
 * number refused in words beside the field, what was typed kept), and makes a link in Spanish,
 * shown once with a QR code of exactly that link; the client opens it on a 320 px phone in Spanish.
 * axe on each state.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { qrMatrix, qrSvg } from '../../src/core/qr-code.js';
import { getMeasureSchedule } from '../../src/storage/check-ins.js';
import { BROWSER_SKIP_REASON, expectNoAxeViolations, launchBrowser, workspacePage } from '../support/browser.js';
import { startTestServer, type TestServer } from '../support/server.js';

const PHONE = { viewport: { width: 320, height: 640 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

if (BROWSER_SKIP_REASON) console.log(BROWSER_SKIP_REASON);

describe.skipIf(BROWSER_SKIP_REASON !== undefined)('check-ins on the client page', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows when check-ins start, takes a changed schedule, and gives the client a link with its QR code', async () => {
    const org = await server.addOrganization('Check-in Clinic (test)');
    const clinician = await server.addUser(org, 'clinician');
    const { context, page } = await workspacePage(browser, server.baseUrl, clinician.email);
    await page.getByRole('heading', { name: 'Clients' }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Dana Quintero');
    await page.getByRole('button', { name: 'Add client' }).click();
    await page.getByRole('heading', { name: 'Dana Quintero' }).waitFor();
    const clientId = page.url().split('/clients/')[1] ?? '';

    // No plan yet: nothing is asked, and the page says so.
    const panel = page.locator('section.check-in-panel');
    await panel.getByText('No check-ins are asked until a plan is finalised').waitFor();
    expect(await panel.getByRole('row').filter({ hasText: 'PHQ-9' }).textContent()).toContain(
      'After a plan is finalised',
    );
    await expectNoAxeViolations(page, 'the check-ins panel before a plan');

    // A wrong number is refused beside its field, and what was typed stays.
    await panel.getByRole('button', { name: 'Change the schedule' }).click();
    await panel.getByLabel('PHQ-9: every').fill('0');
    await panel.getByRole('button', { name: 'Remove GAD-7' }).click();
    await panel.getByLabel('Add').selectOption('audit-c');
    await panel.getByRole('button', { name: 'Add to the schedule' }).click();
    await panel.getByRole('button', { name: 'Save the schedule' }).click();
    const error = panel.locator('.schedule-row [role="alert"]');
    await error.first().waitFor();
    expect(await error.first().textContent()).not.toMatch(/items\.|everyDays|too_small/);
    expect(await panel.getByLabel('PHQ-9: every').inputValue()).toBe('0');
    await expectNoAxeViolations(page, 'the schedule form with an error');
    expect(await getMeasureSchedule(server.database.handle.db, org.id, clientId)).toBeUndefined();

    await panel.getByLabel('PHQ-9: every').fill('7');
    await panel.getByRole('button', { name: 'Save the schedule' }).click();
    await panel.getByText('Schedule saved. It applies now.').waitFor();
    await panel.getByText('A schedule set for this client. It applies now').waitFor();
    expect((await getMeasureSchedule(server.database.handle.db, org.id, clientId))?.entries).toEqual([
      { instrument: 'recovery-check', everyDays: 7 },
      { instrument: 'readiness', everyDays: 7 },
      { instrument: 'phq-9', everyDays: 7 },
      { instrument: 'audit-c', everyDays: 7 },
    ]);
    // Kept: after a reload the table shows the saved schedule, each now due.
    await page.reload();
    await panel.getByRole('row').filter({ hasText: 'AUDIT-C' }).getByText('Due now').waitFor();
    expect(await panel.getByRole('row').filter({ hasText: 'GAD-7' }).count()).toBe(0);

    // A link in Spanish, shown once, with a QR code of exactly that link.
    await panel.getByLabel('Language the page opens in').selectOption('es');
    await panel.getByRole('button', { name: 'Make a check-in link' }).click();
    const url = (await panel.getByTestId('check-in-url').textContent()) ?? '';
    expect(url).toMatch(new RegExp(`^${server.baseUrl}/check-in/[A-Za-z0-9_-]{43}$`));
    expect(await panel.getByText(/It asks: Weekly recovery check, Readiness rulers, PHQ-9, AUDIT-C\./).count()).toBe(1);
    const qr = panel.getByRole('img', { name: /QR code of the check-in link/ });
    expect(await qr.getAttribute('src')).toBe(`data:image/svg+xml,${encodeURIComponent(qrSvg(qrMatrix(url), 180))}`);
    await expectNoAxeViolations(page, 'the check-ins panel with a link');
    await context.close();

    // The client opens it on a phone: in Spanish, asking what the schedule says is due.
    const phone = await browser.newContext(PHONE);
    const phonePage = await phone.newPage();
    await phonePage.goto(url);
    await phonePage.getByRole('heading', { level: 1, name: 'Su control' }).waitFor();
    expect(await phonePage.evaluate(() => document.documentElement.lang)).toBe('es');
    await expectNoAxeViolations(phonePage, 'the check-in page opened from the link');
    await phone.close();
  }, 120_000);
});
