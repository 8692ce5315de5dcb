/**
 * The page the waiting-room poster's QR code opens, in Chromium on a 320 px phone: both languages,
 * the crisis numbers as links, the decision aid one tap away, no horizontal scrolling, and no axe
 * violations.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_SKIP_REASON, expectNoAxeViolations, launchBrowser } from '../support/browser.js';
import { startTestServer, type TestServer } from '../support/server.js';

const PHONE = { viewport: { width: 320, height: 640 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

if (BROWSER_SKIP_REASON) console.log(BROWSER_SKIP_REASON);

describe.skipIf(BROWSER_SKIP_REASON !== undefined)('the check-in start page in Chromium', () => {
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

  it('reads on a phone in English and Spanish, with crisis help, and passes axe', async () => {
    const context = await browser.newContext(PHONE);
    const page = await context.newPage();
    await page.goto(`${server.baseUrl}/check-in`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Check in from your phone');
    await expect(page.getByRole('heading', { level: 2 }).textContent()).resolves.toBe('Responda desde su teléfono');
    expect(await page.locator('a[href="tel:988"]').count()).toBe(2);
    expect(await page.locator('a[href="tel:911"]').count()).toBe(2);
    expect(await page.locator('a[href="/"]').count()).toBe(2);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    // Styled like the other client pages (it was the browser's bare serif page): the shared stylesheet
    // loads from this server and sets the page's type.
    expect(await page.evaluate(() => getComputedStyle(document.body).fontFamily)).not.toMatch(/^"?Times/);
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('main') as Element).maxWidth)).not.toBe(
      'none',
    );
    await expectNoAxeViolations(page, 'the check-in start page');
    await context.close();
  });
});
