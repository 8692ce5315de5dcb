import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateOrganization } from '../../src/storage/organizations.js';
import { BROWSER_SKIP_REASON, launchBrowser, expectNoAxeViolations } from '../support/browser.js';
import { expectJson, send } from '../support/http.js';
import { finalisedPlan, type PlanBody } from '../support/plans.js';
import { type Session, signIn, startTestServer, type TestServer } from '../support/server.js';

const PHONE = { viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

if (BROWSER_SKIP_REASON) console.log(BROWSER_SKIP_REASON);

describe.skipIf(BROWSER_SKIP_REASON !== undefined)('share pages in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let session: Session;
  let plan: PlanBody;
  let shareCode: string;
  let consentCode: string;

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
    const org = await server.addOrganization('Harbor Recovery Clinic');
    await updateOrganization(server.database.handle.db, org.id, {
      phone: '(555) 014-2200',
      address: '12 Harbor Way, Springfield',
    });
    session = await signIn(server, (await server.addUser(org, 'clinician')).email);
    const finalised = await finalisedPlan(server, session, 'Jordan Rivera');
    plan = finalised.plan;
    shareCode = (
      await expectJson<{ code: string }>(await send(server, session, 'POST', `/api/v1/plans/${plan.id}/share`), 201)
    ).code;
    const day = (offset: number) => new Date(server.now().getTime() + offset * 86_400_000).toISOString().slice(0, 10);
    consentCode = (
      await expectJson<{ code: string }>(
        await send(server, session, 'POST', `/api/v1/clients/${finalised.clientId}/consents`, {
          json: {
            planId: plan.id,
            scope: 'plan-summary',
            consentType: 'specific',
            patientName: 'Jordan Rivera',
            discloser: 'Harbor Recovery Clinic',
            recipient: { name: 'Sam Rivera', relationship: 'brother' },
            purpose: 'To help me with my recovery at home',
            expiresOn: day(30),
            revocation: 'In writing, to Harbor Recovery Clinic.',
            signature: { signedBy: 'patient', name: 'Jordan Rivera' },
            signedOn: day(0),
          },
        }),
        201,
      )
    ).code;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** A fresh phone with no session, recording console errors (CSP violations are reported there) and requests. */
  async function phone(): Promise<{ page: Page; errors: string[]; requests: string[]; close: () => Promise<void> }> {
    const context = await browser.newContext(PHONE);
    const page = await context.newPage();
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('request', (request) => requests.push(request.url()));
    return { page, errors, requests, close: () => context.close() };
  }

  it('shows the plan styled, with no CSP violation, and records the acknowledgement without any script', async () => {
    const { page, errors, requests, close } = await phone();
    try {
      await page.goto(`${server.baseUrl}/share/${shareCode}`);
      await expect.poll(() => page.locator('h1').textContent()).toBe('Your plan after treatment');
      // The style sheet applied: the crisis bar is dark red, not the browser's default.
      const crisisBackground = await page
        .locator('header.crisis')
        .evaluate((el) => getComputedStyle(el).backgroundColor);
      expect(crisisBackground).toBe('rgb(122, 0, 0)');
      expect(await page.locator('a[href="tel:988"]').count()).toBe(1);
      expect(await page.locator('footer.clinic').textContent()).toContain('(555) 014-2200');
      await expectNoAxeViolations(page);
      expect(await page.evaluate(() => document.scripts.length)).toBe(0);

      await page.getByRole('button', { name: 'I understand why this is recommended' }).click();
      await page.waitForURL(`${server.baseUrl}/share/${shareCode}?lang=en`);
      await expect.poll(() => page.locator('[role="status"]').textContent()).toContain('Thank you.');
      expect(errors).toEqual([]);
      expect(requests.every((url) => url.startsWith(server.baseUrl))).toBe(true);
    } finally {
      await close();
    }
    const read = await expectJson<PlanBody>(await send(server, session, 'GET', `/api/v1/plans/${plan.id}`), 200);
    expect(read.acknowledgements.map((ack) => [ack.via, ack.language])).toEqual([['share', 'en']]);
  });

  it('reads in Spanish through the language link', async () => {
    const { page, errors, close } = await phone();
    try {
      await page.goto(`${server.baseUrl}/share/${shareCode}`);
      await page.getByRole('link', { name: 'En español' }).click();
      await expect.poll(() => page.locator('h1').textContent()).toBe('Su plan después del tratamiento');
      expect(await page.locator('html').getAttribute('lang')).toBe('es');
      await expectNoAxeViolations(page);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it('shows a recipient the summary with the Part 2 notice, styled, with no CSP violation', async () => {
    const { page, errors, requests, close } = await phone();
    try {
      await page.goto(`${server.baseUrl}/share/consent/${consentCode}`);
      await expect.poll(() => page.locator('#notice').textContent()).toContain('42 CFR 2.32');
      const border = await page.locator('.notice').evaluate((el) => getComputedStyle(el).borderTopStyle);
      expect(border).toBe('solid');
      expect(await page.locator('body').textContent()).not.toContain('Buprenorphine');
      await expectNoAxeViolations(page);
      expect(errors).toEqual([]);
      expect(requests.every((url) => url.startsWith(server.baseUrl))).toBe(true);
    } finally {
      await close();
    }
  });
});
