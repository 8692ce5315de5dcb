/**
 * Where check-in reminders go, set in the workspace (issue 14, item 3): the reminders were built
 * with an email address on the client, but no screen could set one, so in use none was ever sent.
 * The clinician adds a client with an address, changes it on the client page, sees a wrong one
 * refused in words, and clears it. axe on the form with its error.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getClient } from '../../src/storage/clients.js';
import { BROWSER_SKIP_REASON, expectNoAxeViolations, launchBrowser, workspacePage } from '../support/browser.js';
import { startTestServer, type TestServer } from '../support/server.js';

if (BROWSER_SKIP_REASON) console.log(BROWSER_SKIP_REASON);

describe.skipIf(BROWSER_SKIP_REASON !== undefined)('the reminder email in the workspace', () => {
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

  it('is set when the client is added, changed and cleared on the client page, and a wrong one is refused in words', async () => {
    const org = await server.addOrganization('Reminder Clinic (test)');
    const clinician = await server.addUser(org, 'clinician');
    const { context, page } = await workspacePage(browser, server.baseUrl, clinician.email);
    await page.getByRole('heading', { name: 'Clients' }).waitFor();

    await page.getByLabel('Name', { exact: true }).fill('Casey Moreno');
    await page.getByLabel('Email for check-in reminders (optional)').fill('casey.moreno@example.org');
    await page.getByRole('button', { name: 'Add client' }).click();
    await page.getByRole('heading', { name: 'Casey Moreno' }).waitFor();
    const clientId = page.url().split('/clients/')[1] ?? '';
    const field = page.getByLabel('Email for check-in reminders (optional)');
    expect(await field.inputValue()).toBe('casey.moreno@example.org');
    const stored = async () => (await getClient(server.database.handle.db, org.id, clientId))?.email ?? null;
    expect(await stored()).toBe('casey.moreno@example.org');

    await field.fill('not an address');
    await page.getByRole('button', { name: 'Save email' }).click();
    const error = page.locator('form.reminder-email [role="alert"]');
    await error.first().waitFor();
    expect(await error.first().textContent()).not.toMatch(/email:|invalid_format|\bz\./);
    await expectNoAxeViolations(page, 'the reminder email with an error');
    expect(await stored()).toBe('casey.moreno@example.org');

    await field.fill('casey.m@example.org');
    await page.getByRole('button', { name: 'Save email' }).click();
    await page.locator('form.reminder-email [role="status"]').getByText('Saved.').waitFor();
    expect(await stored()).toBe('casey.m@example.org');
    // The keyboard stays on the button just pressed, not thrown to the top of the page.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Save email');

    await field.fill('');
    await page.getByRole('button', { name: 'Save email' }).click();
    await page.locator('form.reminder-email [role="status"]').getByText('No reminders by email.').waitFor();
    expect(await stored()).toBeNull();
    await context.close();
  }, 90_000);
});
