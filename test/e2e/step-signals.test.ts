/**
 * Step signals on the client's page in Chromium at 1280 px, on the demo clinic: Robin (used again
 * after a week without, and no check-ins since) has step-up signals, each saying when it was raised
 * and offering "Reassess now" and "Mark as acted on, with a note". A note is required; once given,
 * the signal shows it was acted on, with the note, and the row is kept as acted on (audited). Then
 * "Reassess now" and saving the new assessment closes the others as reassessed. axe finds nothing
 * in each state.
 */
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDefaultRuleSet } from '../../src/core/rulesets/index.js';
import { DEMO_CLINICIAN, DEMO_PASSWORD, seedDemo } from '../../src/server/seed.js';
import { BROWSER_SKIP_REASON, launchBrowser, screenshotDir, signInToWorkspace } from '../support/browser.js';
import { startTestServer, type TestServer } from '../support/server.js';

if (BROWSER_SKIP_REASON) console.log(BROWSER_SKIP_REASON);

const NOTE = 'Called Robin: lost the evening shift; back in group Thursday, naloxone checked.';

describe.skipIf(BROWSER_SKIP_REASON !== undefined)('step signals on the client page in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  const shots = screenshotDir('step-signals');

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

  const keptStates = async () =>
    (
      await server.database.handle.db
        .selectFrom('step_signals as s')
        .innerJoin('clients as c', 'c.id', 's.client_id')
        .select(['s.rule_id', 's.note', 's.acknowledged_at', 's.reassessed_at', 's.reassessment_id'])
        .where('c.display_name', '=', 'Robin Hale (demo)')
        .where('s.cleared_at', 'is', null)
        .execute()
    ).sort((a, b) => a.rule_id.localeCompare(b.rule_id));

  it('shows when each step signal was raised, takes a note, and closes the rest with a reassessment', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.on('pageerror', (error) => {
      throw error;
    });
    await signInToWorkspace(page, server.baseUrl, DEMO_CLINICIAN, { password: DEMO_PASSWORD });
    await page.getByRole('heading', { name: 'Clients' }).waitFor();
    await page.getByRole('link', { name: 'Robin Hale (demo)' }).click();
    await page.getByRole('heading', { name: 'Progress since discharge' }).waitFor();

    const returnToUse = page.getByTestId('signal').filter({ hasText: 'step-up.return-to-use' });
    await returnToUse.waitFor();
    // Raised by the check-in of 30 days ago, when it was sent; not acted on yet.
    expect(await returnToUse.getByTestId('signal-raised').textContent()).toMatch(/^Raised .+, not acted on yet\.$/);
    expect(await returnToUse.getByRole('link', { name: 'Reassess now' }).count()).toBe(1);
    const stepSignals = await page.getByTestId('signal').filter({ hasText: 'Step up' }).count();
    expect(stepSignals).toBeGreaterThanOrEqual(2);
    expect(await page.getByRole('button', { name: 'Mark as acted on' }).count()).toBe(stepSignals);
    await page.screenshot({ path: join(shots, 'open-step-signals.png'), fullPage: true });
    await axe(page, 'client page with open step signals');

    // A note is required.
    const form = returnToUse.getByRole('form', { name: 'Mark the signal step-up.return-to-use as acted on' });
    await form.getByRole('button', { name: 'Mark as acted on' }).click();
    await form.getByText('Write what was done before marking the signal as acted on.').waitFor();
    await axe(page, 'marking a signal without a note');
    await form.getByLabel(/What was done \(required\)/).fill(NOTE);
    await form.getByRole('button', { name: 'Mark as acted on' }).click();
    await page.getByText('Signal marked as acted on with your note.').waitFor();
    await returnToUse.getByTestId('signal-closed').waitFor();
    expect(await returnToUse.getByTestId('signal-closed').textContent()).toMatch(new RegExp(`^Acted on .+: ${NOTE}$`));
    expect(await returnToUse.getByRole('button', { name: 'Mark as acted on' }).count()).toBe(0);
    const acted = (await keptStates()).find((row) => row.rule_id === 'step-up.return-to-use');
    expect([acted?.note, acted?.acknowledged_at === null]).toEqual([NOTE, false]);
    const audited = await server.database.handle.db
      .selectFrom('audit_events')
      .select('actor_kind')
      .where('action', '=', 'step-signal.acknowledge')
      .where('actor_kind', '=', 'user')
      .execute();
    expect(audited).toHaveLength(1);
    await page.screenshot({ path: join(shots, 'acted-on.png'), fullPage: true });
    await axe(page, 'client page after marking a signal acted on');

    // Reassess now from another open signal: saving the new assessment closes the rest as reassessed.
    const other = page
      .getByTestId('signal')
      .filter({ hasText: 'Step up' })
      .filter({ hasNotText: 'step-up.return-to-use' });
    await other.first().getByRole('link', { name: 'Reassess now' }).click();
    await page.getByRole('heading', { name: 'Reassessment' }).waitFor();
    await page.getByRole('button', { name: 'Save assessment' }).click();
    await page.getByRole('heading', { name: 'Basis of this recommendation' }).waitFor();
    const kept = await keptStates();
    const [assessment] = await server.database.handle.db
      .selectFrom('assessments as a')
      .innerJoin('clients as c', 'c.id', 'a.client_id')
      .select('a.id')
      .where('c.display_name', '=', 'Robin Hale (demo)')
      .orderBy('a.created_at', 'desc')
      .execute();
    for (const row of kept.filter((r) => r.rule_id !== 'step-up.return-to-use')) {
      expect([row.rule_id, row.reassessment_id]).toEqual([row.rule_id, assessment?.id]);
    }
    expect(kept.find((r) => r.rule_id === 'step-up.return-to-use')?.reassessed_at).toBeNull();

    // Back on the client's page, the others say they were reassessed.
    const robin = await server.database.handle.db
      .selectFrom('clients')
      .select('id')
      .where('display_name', '=', 'Robin Hale (demo)')
      .executeTakeFirstOrThrow();
    await page.goto(`${server.baseUrl}/app#/clients/${robin.id}`);
    await page.getByRole('heading', { name: 'Progress since discharge' }).waitFor();
    const reassessed = page.getByTestId('signal-closed').filter({ hasText: 'Reassessed' });
    await expect.poll(() => reassessed.count()).toBe(stepSignals - 1);
    expect(await page.getByRole('button', { name: 'Mark as acted on' }).count()).toBe(0);
    await axe(page, 'client page after a reassessment');
    await context.close();
  }, 120_000);
});
