/**
 * Progress since discharge in Chromium, on the demo clinic: the clinician opens the caseload and
 * sees the demo's open safety alert first, opens that client, reads the chart (an image named by a
 * sentence) and its table and the signal with its basis, acknowledges the alert with a note, and
 * starts a reassessment pre-filled from the last assessment; on the caseload a second alert is
 * acknowledged in place (after the outcomes page has shown the demo episodes' figures and its CSV
 * has downloaded).
 * axe finds nothing on each new screen and state.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDefaultRuleSet } from '../../src/core/rulesets/index.js';
import { DEMO_CLINICIAN, DEMO_PASSWORD, seedDemo } from '../../src/server/seed.js';
import { BROWSER_SKIP_REASON, launchBrowser, screenshotDir, signInToWorkspace } from '../support/browser.js';
import { expectJson, send } from '../support/http.js';
import { signIn, startTestServer, type TestServer } from '../support/server.js';

if (BROWSER_SKIP_REASON) console.log(BROWSER_SKIP_REASON);

describe.skipIf(BROWSER_SKIP_REASON !== undefined)('progress, caseload and outcomes in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  const shots = screenshotDir('progress');

  beforeAll(async () => {
    server = await startTestServer();
    expect(await seedDemo(server.database.handle.db, loadDefaultRuleSet(), server.now())).toBe(true);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function axe(page: Page, where: string): Promise<void> {
    const results = await new AxeBuilder({ page }).analyze();
    const summary = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    expect(summary, `axe on ${where}`).toEqual([]);
  }

  async function signedInPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.on('pageerror', (error) => {
      throw error;
    });
    await signInToWorkspace(page, server.baseUrl, DEMO_CLINICIAN, { password: DEMO_PASSWORD });
    await page.getByRole('heading', { name: 'Clients' }).waitFor();
    return page;
  }

  async function acknowledgements(): Promise<Array<{ note: string | null; clientId: string }>> {
    return server.database.handle.db
      .selectFrom('measure_alerts')
      .select(['note', 'client_id as clientId'])
      .where('acknowledged_at', 'is not', null)
      .where('acknowledged_by', 'is not', null)
      .execute();
  }

  it('from the caseload to the client: chart, table, signal, acknowledgement, reassessment', async () => {
    const page = await signedInPage();

    // The caseload: the open safety alert comes first.
    await page.getByRole('link', { name: 'Caseload' }).click();
    await page.getByRole('heading', { name: 'Caseload' }).waitFor();
    const firstRow = page.locator('table.caseload tbody tr').first();
    await expect.poll(() => firstRow.textContent()).toContain('Sam Okafor (demo)');
    expect(await firstRow.textContent()).toContain('1 open alert');
    await page.screenshot({ path: join(shots, 'caseload.png'), fullPage: true });
    await axe(page, 'caseload');
    await page.getByLabel(/^Open safety alert \(1\)$/).check();
    expect(await page.locator('table.caseload tbody tr').count()).toBe(1);
    await axe(page, 'caseload, open alerts only');

    // The client: the PHQ-9 chart is an image named by a sentence, with the same numbers in a table.
    await page.getByRole('link', { name: 'Sam Okafor (demo)' }).click();
    await page.getByRole('heading', { name: 'Progress since discharge' }).waitFor();
    const chart = page.getByRole('img', { name: /^PHQ-9: 1 result, on .+: 12 \(Moderate\)\.$/ });
    await chart.waitFor();
    const table = page.getByRole('table', { name: 'PHQ-9 results, oldest first' });
    expect(await table.locator('tbody tr').count()).toBe(1);
    expect(await table.locator('tbody td').nth(1).textContent()).toBe('12');
    // The signal says why, with its rule and the rule set.
    const signal = page.getByTestId('signal');
    expect(await signal.textContent()).toContain('Thoughts of death or self-harm on PHQ-9 item 9');
    expect(await signal.textContent()).toContain('safety.phq9-item9');
    expect(await page.getByTestId('signal-ruleset').textContent()).toMatch(
      /stepdown-signals \d+\.\d+\.\d+ sha256:[0-9a-f]{64}\. A signal never changes a level of care or a plan by itself/,
    );
    await page.screenshot({ path: join(shots, 'client-progress.png'), fullPage: true });
    await axe(page, 'client progress with an open alert');

    // Acknowledge: a note is required, then the alert closes and the acknowledgement is recorded.
    await page.getByRole('button', { name: 'Acknowledge alert' }).click();
    await page.getByText('Write what was done before acknowledging the alert.').waitFor();
    await axe(page, 'acknowledgement without a note');
    await page
      .getByLabel(/What was done \(required\)/)
      .fill('Called Sam the same day: no plan or intent; safety plan reviewed; seen tomorrow.');
    await page.getByRole('button', { name: 'Acknowledge alert' }).click();
    await page.getByText('Alert acknowledged with your note.').waitFor();
    await expect.poll(() => page.getByRole('button', { name: 'Acknowledge alert' }).count()).toBe(0);
    expect((await acknowledgements()).map((a) => a.note)).toContain(
      'Called Sam the same day: no plan or intent; safety plan reviewed; seen tomorrow.',
    );
    const audited = await server.database.handle.db
      .selectFrom('audit_events')
      .select(['actor_kind'])
      .where('action', '=', 'measure-alert.acknowledge')
      .where('actor_kind', '=', 'user')
      .execute();
    expect(audited).toHaveLength(1);
    await axe(page, 'client progress after acknowledging');

    // Reassess now: a new assessment pre-filled from the last one (Sam's D3 was rated 3).
    await page.getByRole('link', { name: 'Reassess now' }).click();
    await page.getByRole('heading', { name: 'Reassessment' }).waitFor();
    expect(await page.getByTestId('prefilled-from').textContent()).toContain('Pre-filled from the assessment saved');
    const d3 = page.getByRole('group', { name: /^D3 / }).locator('input[type=radio]');
    expect(await d3.nth(3).isChecked()).toBe(true);
    await axe(page, 'reassessment');
    await d3.nth(2).check();
    await page.getByRole('button', { name: 'Save assessment' }).click();
    await page.getByRole('heading', { name: 'Basis of this recommendation' }).waitFor();
    const assessments = await server.database.handle.db
      .selectFrom('assessments as a')
      .innerJoin('clients as c', 'c.id', 'a.client_id')
      .select('a.id')
      .where('c.display_name', '=', 'Sam Okafor (demo)')
      .execute();
    expect(assessments).toHaveLength(2);
    await page.context().close();
  }, 90_000);

  it('shows a client’s weeks of check-ins as charts with reliable change and the reassessment date', async () => {
    const page = await signedInPage();
    await page.getByRole('link', { name: 'Jordan Rivera (demo)' }).click();
    await page.getByRole('heading', { name: 'Progress since discharge' }).waitFor();
    const phq = page.getByRole('img', { name: /^PHQ-9: 4 results from/ });
    await phq.waitFor();
    const name = (await phq.getAttribute('aria-labelledby')) ?? '';
    const summary = await page.locator(`#${name}`).textContent();
    expect(summary).toMatch(/First 13 \(Moderate\), latest 5 \(Mild\): 8 points lower, reliably better/);
    expect(summary).toMatch(/Reassess by [A-Z][a-z]{2} \d{1,2}, \d{4}\.$/);
    expect(await page.getByRole('table', { name: 'PHQ-9 results, oldest first' }).locator('tbody tr').count()).toBe(4);
    expect(await page.getByRole('img', { name: /^Readiness rulers: 8 results/ }).count()).toBe(1);
    await page.screenshot({ path: join(shots, 'client-charts.png'), fullPage: true });
    await axe(page, 'client with eight weeks of check-ins');
    await page.context().close();
  }, 90_000);

  it('shows the clinic’s outcomes with their definitions, and downloads them as CSV', async () => {
    const page = await signedInPage();
    await page.getByRole('link', { name: 'Outcomes' }).click();
    await page.getByRole('heading', { name: 'Outcomes', exact: true }).waitFor();
    await expect.poll(() => page.getByTestId('outcomes-scope').textContent()).toMatch(/^2 episodes: discharged /);
    const firstSession = page.getByTestId('figure-first-session-7-days');
    expect(await firstSession.locator('td').nth(0).textContent()).toBe('50%');
    expect(await firstSession.locator('td').nth(1).textContent()).toBe('1 of 2');
    expect(await firstSession.locator('td').nth(2).textContent()).toContain('Of the episodes whose seventh day');
    expect(await page.getByTestId('figure-phq9-remission').locator('td').nth(0).textContent()).toBe('100%');
    await page.screenshot({ path: join(shots, 'outcomes.png'), fullPage: true });
    await axe(page, 'outcomes');

    // One clinician: the demo clinician finalised every demo plan.
    await page.getByLabel('Clinician').selectOption({ label: 'Demo Clinician' });
    await page.getByRole('button', { name: 'Show' }).click();
    await expect.poll(() => page.getByTestId('outcomes-scope').textContent()).toMatch(/, Demo Clinician$/);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^outcomes-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync(await download.path(), 'utf8').split('\r\n');
    expect(csv[0]).toBe('from,to,clinician,figure,label,count,of,percent,definition');
    expect(csv.find((line) => line.includes(',first-session-7-days,'))).toMatch(/"Demo Clinician",.*,1,2,50,/);
    await page.context().close();
  }, 90_000);

  it('acknowledges an alert from the caseload screen, with a note', async () => {
    // A new alert for Robin, sent as a clinician would enter it.
    const api = await signIn(server, DEMO_CLINICIAN, DEMO_PASSWORD);
    const clients = await expectJson<{ items: Array<{ id: string; displayName: string }> }>(
      await send(server, api, 'GET', '/api/v1/clients?limit=100'),
      200,
    );
    const robin = clients.items.find((c) => c.displayName === 'Robin Hale (demo)');
    await expectJson(
      await send(server, api, 'POST', `/api/v1/clients/${robin?.id ?? ''}/measures`, {
        json: { instrument: 'phq-9', answers: [2, 2, 2, 1, 1, 1, 1, 1, 2], takenAt: server.now().toISOString() },
      }),
      201,
    );
    const page = await signedInPage();
    await page.getByRole('link', { name: 'Caseload' }).click();
    // Robin is first: Sam's alert was acknowledged in the first test.
    const firstRow = page.locator('table.caseload tbody tr').first();
    await expect.poll(() => firstRow.textContent()).toContain('Robin Hale (demo)');
    await firstRow.getByRole('button', { name: 'Review and acknowledge' }).click();
    await page.getByLabel(/What was done \(required\)/).waitFor();
    await page.screenshot({ path: join(shots, 'caseload-alert.png'), fullPage: true });
    await axe(page, 'caseload with an alert open for review');
    await page.getByLabel(/What was done \(required\)/).fill('Reached Robin by phone; crisis line number given.');
    await page.getByRole('button', { name: 'Acknowledge alert' }).click();
    await page.getByText('Alert acknowledged for Robin Hale (demo), with your note.').waitFor();
    await expect.poll(() => page.getByText('open alert').count()).toBe(0);
    expect(await acknowledgements()).toContainEqual({
      note: 'Reached Robin by phone; crisis line number given.',
      clientId: robin?.id,
    });
    await axe(page, 'caseload after acknowledging');
    await page.context().close();
  }, 90_000);
});
