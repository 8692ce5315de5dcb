/**
 * Safety findings lead every screen they appear on. On the client page of someone with a finalised
 * plan, the plan's goals (three forms, most of a screen) were placed above "Progress since
 * discharge", so an open safety alert (PHQ-9 item 9 above 0) sat below the fold behind them. The
 * open alert must come before the goals, the check-ins and everything else below the client's name.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_SKIP_REASON, launchBrowser, workspacePage } from '../support/browser.js';
import { expectJson, send } from '../support/http.js';
import { finalisedPlan } from '../support/plans.js';
import { signIn, startTestServer, type TestServer } from '../support/server.js';

if (BROWSER_SKIP_REASON) console.log(BROWSER_SKIP_REASON);

describe.skipIf(BROWSER_SKIP_REASON !== undefined)('the client page with an open safety alert', () => {
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

  it('shows the open alert before the plan goals and the check-ins', async () => {
    const org = await server.addOrganization('Safety First Clinic (test)');
    const user = await server.addUser(org, 'clinician');
    const session = await signIn(server, user.email);
    const { clientId } = await finalisedPlan(server, session, 'Morgan Ellis', { dischargeInDays: -3 });
    await expectJson(
      await send(server, session, 'POST', `/api/v1/clients/${clientId}/measures`, {
        json: { instrument: 'phq-9', answers: [1, 1, 1, 1, 1, 1, 1, 1, 1], takenAt: server.now().toISOString() },
      }),
      201,
    );
    const { context, page } = await workspacePage(browser, server.baseUrl, user.email, {
      hash: `#/clients/${clientId}`,
    });
    const alert = page.getByRole('heading', { name: /Open safety alert/ });
    const goals = page.getByRole('heading', { name: 'Plan goals' });
    const checkIns = page.getByRole('heading', { name: 'Check-ins', exact: true });
    await Promise.all([alert.waitFor(), goals.waitFor(), checkIns.waitFor()]);
    const top = async (locator: typeof alert) => (await locator.boundingBox())?.y ?? Number.POSITIVE_INFINITY;
    expect(await top(alert)).toBeLessThan(await top(goals));
    expect(await top(alert)).toBeLessThan(await top(checkIns));
    // On a laptop screen it is in view without scrolling.
    expect(await top(alert)).toBeLessThan(900);
    await context.close();
  }, 90_000);
});
