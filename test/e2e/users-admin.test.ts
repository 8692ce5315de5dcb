/**
 * The admin's users screen in Chromium at 1280 px (issue 11, item 9): the admin adds a clinician and
 * gets a one-time link; the new user opens it in a browser of their own, chooses a password and is
 * signed in, then signs in again with it; the admin disables the account (the user's open page is
 * signed out) and enables it again. Disabling asks first, in a dialog that names the person and says
 * what happens (Escape or Cancel changes nothing); the admin's own row cannot be disabled. axe on the
 * users screen, the confirmation, the set-password page, and a used link.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BROWSER_SKIP_REASON,
  expectNoAxeViolations,
  launchBrowser,
  screenshotDir,
  signInToWorkspace,
} from '../support/browser.js';
import { startTestServer, type TestServer } from '../support/server.js';

if (BROWSER_SKIP_REASON) console.log(BROWSER_SKIP_REASON);

const NEW_PASSWORD = 'lantern orchard velvet compass';

describe.skipIf(BROWSER_SKIP_REASON !== undefined)('the users screen in the workspace', () => {
  let server: TestServer;
  let browser: Browser;
  const shots = screenshotDir('users-admin');

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('lets an admin add a user with a one-time link, which the user opens to choose a password', async () => {
    const org = await server.addOrganization('Harbor Recovery (users test)');
    const admin = await server.addUser(org, 'admin');

    const adminContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await adminContext.newPage();
    page.on('pageerror', (error) => {
      throw error;
    });
    await signInToWorkspace(page, server.baseUrl, admin.email);
    await page.getByRole('link', { name: 'Users' }).click();
    await page.getByRole('heading', { name: 'Users', exact: true }).waitFor();

    await page.getByLabel('Full name').fill('Robin Okafor');
    await page.getByLabel('Work email').fill('robin.okafor@example.org');
    await page.getByLabel('Role').selectOption({ label: 'Clinician' });
    await page.getByRole('button', { name: 'Add user and make a link' }).click();
    const linkBox = page.getByLabel('One-time link for Robin Okafor');
    await linkBox.waitFor();
    const link = await linkBox.inputValue();
    expect(link).toMatch(/\/app#\/set-password\/[\w-]{43}$/);
    const row = page.getByRole('row', { name: /Robin Okafor/ });
    await expect.poll(() => row.textContent()).toMatch(/Waiting for them to choose a password/);
    await expectNoAxeViolations(page);
    await page.screenshot({ path: `${shots}/users-1280.png`, fullPage: true });

    const userContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const userPage = await userContext.newPage();
    userPage.on('pageerror', (error) => {
      throw error;
    });
    await userPage.goto(link);
    await userPage.getByRole('heading', { name: 'Choose your password' }).waitFor();
    expect(await userPage.getByLabel('Email').inputValue()).toBe('robin.okafor@example.org');
    await expectNoAxeViolations(userPage);
    await userPage.screenshot({ path: `${shots}/set-password-1280.png`, fullPage: true });

    await userPage.getByLabel('New password').fill('short one');
    await userPage.getByLabel('The same password again').fill('short one');
    await userPage.getByRole('button', { name: 'Set my password and sign in' }).click();
    await userPage.getByText('Use at least 12 characters').waitFor();

    await userPage.getByLabel('New password').fill(NEW_PASSWORD);
    await userPage.getByLabel('The same password again').fill(NEW_PASSWORD);
    await userPage.getByRole('button', { name: 'Set my password and sign in' }).click();
    await userPage.getByRole('heading', { name: 'Clients' }).waitFor();
    expect(userPage.url()).not.toContain('set-password');
    expect(await userPage.locator('.who').textContent()).toContain('Robin Okafor');

    // Signed out, the new password signs them in again.
    await userPage.getByRole('button', { name: 'Sign out' }).click();
    await userPage.getByLabel('Email').fill('robin.okafor@example.org');
    await userPage.getByLabel('Password').fill(NEW_PASSWORD);
    await userPage.getByRole('button', { name: 'Sign in' }).click();
    await userPage.getByRole('heading', { name: 'Clients' }).waitFor();

    // The link works once: opened again, it says so in words.
    const again = await userContext.newPage();
    await again.goto(link);
    await again.getByText('This link has been used already').waitFor();
    await expectNoAxeViolations(again);
    await again.close();

    // The admin's list shows the account as in use now.
    await page.reload();
    await expect.poll(() => row.textContent()).toMatch(/Active/);
    // The role is changed in place.
    await page.getByLabel('Role of Robin Okafor').selectOption({ label: 'Admin' });
    await expect.poll(() => page.getByLabel('Role of Robin Okafor').inputValue()).toBe('admin');
    await page.getByLabel('Role of Robin Okafor').selectOption({ label: 'Clinician' });
    await expect.poll(() => page.getByLabel('Role of Robin Okafor').inputValue()).toBe('clinician');

    // The admin's own row offers no way to disable their own account.
    const own = page.getByRole('row', { name: /\(you\)/ });
    await expect.poll(() => own.textContent()).toContain(admin.displayName);
    expect(await own.getByRole('button').count()).toBe(0);

    // Disabling asks first, naming the person and what happens; Escape cancels and changes nothing.
    const disable = row.getByRole('button', { name: 'Disable Robin Okafor' });
    await disable.click();
    const dialog = page.getByRole('dialog', { name: 'Disable Robin Okafor’s account?' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toMatch(/signed out at once/);
    expect(await dialog.textContent()).toMatch(/cannot sign in until an admin enables/);
    // Focus moves into the dialog, onto the choice that changes nothing.
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Cancel');
    await expectNoAxeViolations(page);
    await page.screenshot({ path: `${shots}/disable-confirm-1280.png` });
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await row.textContent()).toMatch(/Active/);
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Disable Robin Okafor');
    await userPage.reload();
    await userPage.getByRole('heading', { name: 'Clients' }).waitFor();

    // Cancel by its button changes nothing either.
    await disable.click();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await row.textContent()).toMatch(/Active/);

    // Confirmed: the user's next call finds the session ended; the admin enables the account again.
    await disable.click();
    await dialog.getByRole('button', { name: 'Disable the account' }).click();
    await expect.poll(() => row.textContent()).toMatch(/Disabled/);
    await page.getByRole('status').filter({ hasText: 'Robin Okafor can no longer sign in' }).waitFor();
    await userPage.reload();
    await userPage.getByRole('heading', { name: 'Sign in to Stepdown' }).waitFor();
    await userPage.getByLabel('Email').fill('robin.okafor@example.org');
    await userPage.getByLabel('Password').fill(NEW_PASSWORD);
    await userPage.getByRole('button', { name: 'Sign in' }).click();
    await userPage.getByRole('alert').waitFor();

    await row.getByRole('button', { name: 'Enable' }).click();
    await expect.poll(() => row.textContent()).toMatch(/Active/);
    await userPage.getByRole('button', { name: 'Sign in' }).click();
    await userPage.getByRole('heading', { name: 'Clients' }).waitFor();
    await userContext.close();
    await adminContext.close();
  }, 120_000);
});
