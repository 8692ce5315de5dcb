import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateOrganization } from '../../src/storage/organizations.js';
import { BROWSER_SKIP_REASON, launchBrowser, expectNoAxeViolations } from '../support/browser.js';
import { expectJson, send } from '../support/http.js';
import { type Session, signIn, startTestServer, type TestServer } from '../support/server.js';

const PHONE = { viewport: { width: 320, height: 640 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
const CLINIC_PHONE = '(555) 014-2200';

const WORDS = {
  en: {
    title: 'Your check-in',
    offline: 'You are offline',
    sent: 'Thank you. Your answers were sent',
    help: 'Please talk to someone today',
  },
  es: {
    title: 'Su control',
    offline: 'No tiene internet',
    sent: 'Gracias. Sus respuestas se enviaron',
    help: 'Hable hoy con alguien',
  },
} as const;

if (BROWSER_SKIP_REASON) console.log(BROWSER_SKIP_REASON);

describe.skipIf(BROWSER_SKIP_REASON !== undefined)('the check-in page in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let clinician: Session;

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
    const org = await server.addOrganization('Harbor Recovery Clinic');
    await updateOrganization(server.database.handle.db, org.id, { phone: CLINIC_PHONE });
    clinician = await signIn(server, (await server.addUser(org, 'clinician')).email);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it.each(['en', 'es'] as const)(
    'is answered offline and sent on reconnecting, with crisis help for item 9 (%s)',
    async (language) => {
      const words = WORDS[language];
      const client = await expectJson<{ id: string }>(
        await send(server, clinician, 'POST', '/api/v1/clients', {
          json: { displayName: `Check-in ${language}`, preferredLanguage: language },
        }),
        201,
      );
      const link = await expectJson<{ path: string }>(
        await send(server, clinician, 'POST', `/api/v1/clients/${client.id}/check-in-links`, {
          json: { instruments: ['phq-9', 'readiness'] },
        }),
        201,
      );
      const context = await browser.newContext(PHONE);
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error' && /Content Security Policy/.test(message.text())) problems.push(message.text());
      });
      try {
        await page.goto(`${server.baseUrl}${link.path}`);
        await page.getByRole('heading', { level: 1, name: words.title }).waitFor();
        expect(await page.evaluate(() => document.documentElement.lang)).toBe(language);
        await expectNoAxeViolations(page);

        for (let number = 1; number <= 8; number++) await page.locator(`#phq-9-${number} input[value="1"]`).check();
        expect(await page.locator('.safety-help').count()).toBe(0);
        // The crisis bar (call, text and chat 988, and 911) is still on screen this far down.
        const bar = page.locator('aside.crisis');
        expect(await bar.locator('a[href^="https://988lifeline.org/chat"]').count()).toBe(1);
        expect(await bar.evaluate((element) => element.getBoundingClientRect().top)).toBe(0);
        expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(500);
        await page.locator('#phq-9-9 input[value="1"]').check();
        const help = page.locator('.safety-help');
        await help.waitFor();
        expect(await help.textContent()).toContain(words.help);
        expect(await help.locator('a[href="tel:988"]').count()).toBe(1);
        expect(await help.locator('a[href="tel:5550142200"]').textContent()).toBe(CLINIC_PHONE);
        await expectNoAxeViolations(page);

        // The signal goes mid-way: the rest is answered offline, and sending waits for the connection.
        await context.setOffline(true);
        await page.locator('#readiness-importance input[value="8"]').check();
        await page.locator('#readiness-confidence input[value="5"]').check();
        await page.locator('button.send').click();
        await page.locator('.status-offline').filter({ hasText: words.offline }).waitFor();
        const kept = await page.evaluate((): string | undefined => {
          const key = Object.keys(localStorage).find((name) => name.startsWith('stepdown-check-in:'));
          return key === undefined ? undefined : (localStorage.getItem(key) ?? undefined);
        });
        expect(JSON.parse(kept ?? '{}') as unknown).toMatchObject({
          answers: { 'phq-9': { 9: 1 }, readiness: { importance: 8, confidence: 5 } },
          sent: false,
        });
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);

        await context.setOffline(false);
        await page.locator('.status-sent').filter({ hasText: words.sent }).waitFor({ timeout: 15_000 });
        await expectNoAxeViolations(page);
        expect(problems).toEqual([]);

        const { items } = await expectJson<{
          items: Array<{ instrument: string; total: number | null; via: string; alerts: unknown[] }>;
        }>(await send(server, clinician, 'GET', `/api/v1/clients/${client.id}/measures`), 200);
        expect(items.map((m) => [m.instrument, m.total, m.via, m.alerts.length]).sort()).toEqual([
          ['phq-9', 9, 'check-in', 1],
          ['readiness', null, 'check-in', 0],
        ]);
      } finally {
        await context.close();
      }
    },
  );
});
