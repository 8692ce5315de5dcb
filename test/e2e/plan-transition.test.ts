/**
 * plan@2 in the workspace, in Chromium against the real server: the plan leads with the first step;
 * an urgent recommendation's plan cannot be finalised until the urgent evaluation is recorded, a
 * MOUD client's plan until its medications are, and any plan until an appointment within 7 days of
 * discharge (or a coded reason) is there; each problem is named in plain words and the Finalise
 * button stays off. An accepted referral fills the appointment in one click. axe on the editor.
 */
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAssessment } from '../../src/core/assessment.js';
import { recommendPlacement } from '../../src/core/engine.js';
import { loadDefaultRuleSet } from '../../src/core/rulesets/index.js';
import { insertAssessment } from '../../src/storage/assessments.js';
import { insertClient } from '../../src/storage/clients.js';
import { changeReferralStatus, insertReferral } from '../../src/storage/referrals.js';
import { ensureProgram, programFixture } from '../fixtures/programs.js';
import { BROWSER_SKIP_REASON, launchBrowser } from '../support/browser.js';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../support/server.js';

if (BROWSER_SKIP_REASON) console.log(BROWSER_SKIP_REASON);

describe.skipIf(BROWSER_SKIP_REASON !== undefined)('plan@2 in the workspace in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let organizationId: string;
  let clinicianId: string;

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
    const org = await server.addOrganization('Transition Clinic (test)');
    organizationId = org.id;
    const clinician = await server.addUser(org, 'clinician');
    clinicianId = clinician.id;
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    page.on('pageerror', (error) => {
      throw error;
    });
    await page.goto(`${server.baseUrl}/app`);
    await page.getByLabel('Email').fill(clinician.email);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Clients' }).waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** A client with one stored assessment, as the server would have saved it. */
  async function clientWith(displayName: string, document: Record<string, unknown>): Promise<string> {
    const db = server.database.handle.db;
    const now = server.now().toISOString();
    const client = await insertClient(db, { organizationId, displayName, createdBy: clinicianId, now });
    const parsed = parseAssessment(document);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    const ruleset = loadDefaultRuleSet();
    await insertAssessment(
      db,
      { organizationId, clientId: client.id },
      {
        document,
        recommendation: recommendPlacement(parsed.value, ruleset),
        ruleset: { id: ruleset.id, version: ruleset.version, hash: ruleset.hash },
        createdBy: clinicianId,
        now,
      },
    );
    return client.id;
  }

  async function newPlan(clientId: string): Promise<void> {
    await page.goto(`${server.baseUrl}/app#/clients/${clientId}`);
    await page.getByRole('button', { name: 'New discharge plan' }).click();
    await page.getByRole('heading', { name: 'Discharge plan' }).waitFor();
  }

  const problems = () => page.getByTestId('finalize-problems').textContent();

  it('an urgent plan leads with the urgent evaluation and cannot be finalised without it', async () => {
    const clientId = await clientWith('Casey Urgent', {
      schema: 'stepdown/assessment@1',
      population: 'adult',
      ratings: { d1: 0, d2: 0, d3: 4, d4: 1, d5: 2, d6: 1 },
      flags: { imminentDanger: true },
    });
    await newPlan(clientId);
    await expect.poll(() => page.getByTestId('plan-first-step').textContent()).toMatch(/^First: Urgent evaluation/);
    await expect.poll(problems).toContain('Urgent evaluation: the recommendation was urgent');
    await expect.poll(problems).toContain('Discharge date: set the discharge date');
    expect(await page.getByRole('button', { name: /Finalise and sign|Save and finalise/ }).isDisabled()).toBe(true);
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations.map((v) => v.id)).toEqual([]);

    await page.getByLabel('Evaluated on').fill(`${server.now().toISOString().slice(0, 10)}T09:30`);
    await page.getByLabel('Evaluated by').fill('Crisis team, Dr. Osei');
    await page.getByLabel('What the evaluation found').fill('No current intent after review.');
    await expect.poll(problems).not.toContain('Urgent evaluation');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Saved as version 2.').waitFor();
  });

  it('a MOUD client’s plan names the missing medications, and an accepted referral fills the appointment in one click', async () => {
    const clientId = await clientWith('Morgan Methadone', {
      schema: 'stepdown/assessment@2',
      population: 'adult',
      ratings: { d1: 0, d2: 0, d3: 1, d4: 1, d5: 2, d6: 1 },
      facts: { substances: ['opioids'], currentMedications: [{ name: 'methadone', prescriber: 'Harbor OTP' }] },
    });
    const program = programFixture({ name: 'Transition Browser IOP' });
    await ensureProgram(server.database.handle.db, program);
    const referral = await insertReferral(server.database.handle.db, {
      organizationId,
      clientId,
      programId: program.id,
      createdBy: clinicianId,
      now: server.now().toISOString(),
    });
    await changeReferralStatus(server.database.handle.db, organizationId, referral.id, {
      from: 'sent',
      to: 'accepted',
      changedBy: clinicianId,
      now: server.now().toISOString(),
    });
    await newPlan(clientId);
    // The draft lists methadone from the assessment; removing it names the field.
    expect(await page.getByLabel('Medicine (medication 1)').inputValue()).toBe('methadone');
    // The referral search sends the plan's medicine, and says so.
    expect(await page.getByTestId('search-medications').textContent()).toContain('programs that keep: methadone');
    // A taper asks for its clinical reason; continuing does not.
    expect(await page.getByLabel('Clinical reason for the taper (medication 1)').count()).toBe(0);
    await page.getByLabel('After discharge (medication 1)').selectOption('taper');
    await page.getByLabel('Clinical reason for the taper (medication 1)').waitFor();
    await page.getByLabel('After discharge (medication 1)').selectOption('continue');
    await page.getByRole('button', { name: 'Remove medication 1' }).click();
    await expect.poll(problems).toContain('Medications: the assessment lists methadone');
    expect(await page.getByRole('button', { name: /Finalise and sign|Save and finalise/ }).isDisabled()).toBe(true);

    // Save, then fill the appointment from the accepted referral.
    const discharge = server.now().toISOString().slice(0, 10);
    await page.getByLabel('Discharge date').fill(discharge);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Saved as version 2.').waitFor();
    await page.getByLabel('First session at Transition Browser IOP').fill(`${discharge}T18:00`);
    await page.getByRole('button', { name: 'Fill appointment from Transition Browser IOP' }).click();
    await page.getByText('Appointment filled from the referral and saved as a new version.').waitFor();
    expect(await page.getByLabel('With (appointment 1)').inputValue()).toBe('Transition Browser IOP');
    await expect.poll(problems).not.toContain('First appointment');
    await expect.poll(problems).toContain('Medications: the assessment lists methadone');
  });
});
