/**
 * The admin's audit log in Chromium at 1280 px: events newest first by when they happened (back-dated
 * ones written last included); the admin filters the log by user and action, reads
 * names and the clinic's local time (not ids and UTC), and exports the filtered events as CSV. axe on
 * the screen; a screenshot at 1280 px.
 */
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertAuditEvents } from '../../src/storage/audit.js';
import { updateOrganization } from '../../src/storage/organizations.js';
import { BROWSER_SKIP_REASON, launchBrowser, screenshotDir, signInToWorkspace } from '../support/browser.js';
import { expectJson, send } from '../support/http.js';
import { signIn, startTestServer, type TestServer } from '../support/server.js';

if (BROWSER_SKIP_REASON) console.log(BROWSER_SKIP_REASON);

describe.skipIf(BROWSER_SKIP_REASON !== undefined)('the audit log in the workspace', () => {
  let server: TestServer;
  let browser: Browser;
  const shots = screenshotDir('audit-log');

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('lets an admin filter the log by user and action, and export it', async () => {
    const org = await server.addOrganization('Lakeside Recovery (test)');
    await updateOrganization(server.database.handle.db, org.id, { timeZone: 'America/Denver' });
    const admin = await server.addUser(org, 'admin');
    const clinicianUser = await server.addUser(org, 'clinician');
    const clinician = await signIn(server, clinicianUser.email);
    await expectJson(
      await send(server, clinician, 'POST', '/api/v1/clients', {
        json: { displayName: 'Ines Ortega', externalRef: 'LK-7' },
      }),
      201,
    );

    // Back-dated events written last (as the demo seed and an import write them) take their place in time.
    const backDated = [3, 1, 2].map((days) => new Date(Date.now() - days * 86_400_000).toISOString());
    await insertAuditEvents(
      server.database.handle.db,
      backDated.map((at) => ({
        at,
        organizationId: org.id,
        actorUserId: null,
        actorKind: 'system' as const,
        action: 'client.read' as const,
        resourceType: 'client',
        resourceId: null,
        clientId: null,
        outcome: 'success' as const,
        ip: null,
        requestId: null,
      })),
    );

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.on('pageerror', (error) => {
      throw error;
    });
    await signInToWorkspace(page, server.baseUrl, admin.email);
    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();
    await page.locator('table.audit tbody tr').first().waitFor();
    const shownTimes = await page
      .locator('table.audit tbody time')
      .evaluateAll((times) => times.map((time) => time.getAttribute('datetime') ?? ''));
    expect(shownTimes.length).toBeGreaterThanOrEqual(5);
    expect(shownTimes).toEqual([...shownTimes].sort().reverse());
    expect(shownTimes.slice(-3)).toEqual([...backDated].sort().reverse());

    await page.getByLabel(/^User/).selectOption({ label: clinicianUser.displayName });
    await page.getByLabel('What was done').selectOption({ label: 'Added a client' });
    await page.getByRole('button', { name: 'Show' }).click();
    await page.getByText('1 event shown.').waitFor();
    const row = page.locator('table.audit tbody tr');
    expect(await row.count()).toBe(1);
    const text = (await row.textContent()) ?? '';
    expect(text).toContain(clinicianUser.displayName);
    expect(text).toContain('Ines Ortega (LK-7)');
    expect(text).toContain('Added a client');
    expect(text).not.toContain('client.create');
    expect(text).toMatch(/M[SD]T/);
    expect(text).not.toContain(clinicianUser.id);
    await new AxeBuilder({ page }).analyze().then((results) => {
      expect(results.violations.map((v) => v.id)).toEqual([]);
    });
    await page.screenshot({ path: `${shots}/audit-log-1280.png`, fullPage: true });

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Export these events (CSV)' }).click(),
    ]);
    const path = await download.path();
    const { readFileSync } = await import('node:fs');
    const csv = readFileSync(path, 'utf8').trim().split('\r\n');
    expect(csv).toHaveLength(2);
    expect(csv[0]).toContain(',Action,What was done,');
    expect(csv[1]).toContain(',client.create,"Added a client",');
    expect(csv[1]).toContain('"Ines Ortega"');
    await context.close();
  });
});
