/**
 * A real browser for end-to-end tests: Debian's Chromium driven by Playwright (playwright-core,
 * no browser download). When Chromium is not installed the browser tests print why and are
 * skipped; CI installs it and fails on any skip.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { TEST_PASSWORD } from './server.js';

export const CHROMIUM = process.env.STEPDOWN_CHROMIUM ?? '/usr/bin/chromium';

export const BROWSER_SKIP_REASON = existsSync(CHROMIUM)
  ? undefined
  : `browser tests skipped: no Chromium at ${CHROMIUM} (install the Debian package "chromium", or set STEPDOWN_CHROMIUM)`;

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

/** Where browser tests save their screenshots (git-ignored). */
export function screenshotDir(suite: string): string {
  const dir = join(process.cwd(), 'test-results', 'screenshots', suite);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Fails with each axe-core violation on the page as it is now (rule and elements), naming where. */
export async function expectNoAxeViolations(page: Page, where = 'this page'): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(summary, `axe on ${where}`).toEqual([]);
}

/**
 * Opens the workspace at `hash` (the client list when empty) and signs in there through the sign-in
 * form, as a clinician would; the page then shows what `hash` names.
 */
export async function signInToWorkspace(
  page: Page,
  baseUrl: string,
  email: string,
  options: { password?: string; hash?: string } = {},
): Promise<void> {
  await page.goto(`${baseUrl}/app${options.hash ?? ''}`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(options.password ?? TEST_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/**
 * A clinician's laptop: a new browser context at 1280 x 900, a page on which any uncaught script
 * error fails the test, signed in to the workspace as `email` (at `hash`, when given).
 */
export async function workspacePage(
  browser: Browser,
  baseUrl: string,
  email: string,
  options: { hash?: string } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.on('pageerror', (error) => {
    throw error;
  });
  await signInToWorkspace(page, baseUrl, email, options);
  return { context, page };
}
