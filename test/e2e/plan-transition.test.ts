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
import { rawPart } from '../support/plain-text.js';
import { BROWSER_SKIP_REASON, launchBrowser, signInToWorkspace } from '../support/browser.js';
import { expectJson, send } from '../support/http.js';
import { finalisedPlan } from '../support/plans.js';
import { signIn, startTestServer, type TestServer } from '../support/server.js';

if (BROWSER_SKIP_REASON) console.log(BROWSER_SKIP_REASON);

describe.skipIf(BROWSER_SKIP_REASON !== undefined)('plan@2 in the workspace in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let organizationId: string;
  let clinicianId: string;
  let clinicianEmail: string;

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
    const org = await server.addOrganization('Transition Clinic (test)');
    organizationId = org.id;
    const clinician = await server.addUser(org, 'clinician');
    clinicianId = clinician.id;
    clinicianEmail = clinician.email;
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    page.on('pageerror', (error) => {
      throw error;
    });
    await signInToWorkspace(page, server.baseUrl, clinician.email);
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
    // Every problem in words: no field path, option code or validator term.
    for (const item of await page.getByTestId('finalize-problems').locator('li').allTextContents()) {
      expect(rawPart(item), item).toBeUndefined();
    }
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

  it('a withdrawal choice that differs for another reason asks what the reason is, and takes it', async () => {
    const clientId = await clientWith('Riley Other', {
      schema: 'stepdown/assessment@1',
      population: 'adult',
      ratings: { d1: 0, d2: 0, d3: 1, d4: 1, d5: 2, d6: 1 },
    });
    await newPlan(clientId);
    await page.getByLabel(/^Withdrawal management chosen/).selectOption('residential');
    await page.getByLabel('Withdrawal reason').selectOption('other');
    await expect.poll(problems).toContain('Withdrawal management, other reason: say what the other reason is');
    await page.getByLabel('Withdrawal other reason').fill('Family asked for a bed nearby');
    await page.getByLabel('Withdrawal narrative').fill('A residential bed was free near her family.');
    await expect.poll(problems).not.toContain('Withdrawal management');
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
    await page.getByText('Appointment filled from the referral and saved as version 3.').waitFor();
    expect(await page.getByLabel('With (appointment 1)').inputValue()).toBe('Transition Browser IOP');
    await expect.poll(problems).not.toContain('Appointments: add an appointment');
    await expect.poll(problems).toContain('Medications: the assessment lists methadone');

    // An unsaved edit, then the appointment filled again at another time: the edit is kept (saved
    // first, as Finalise does), not dropped by the plan the server answers with.
    await page.getByRole('button', { name: 'Add a medication' }).click();
    await page.getByLabel('Medicine (medication 1)').fill('methadone');
    await page.getByLabel(/^Dose \(medication 1\)/).fill('80 mg daily');
    await page.getByLabel('Prescriber or dosing clinic (medication 1)').fill('Harbor OTP');
    await page.getByLabel('First session at Transition Browser IOP').fill(`${discharge}T19:00`);
    await page.getByRole('button', { name: 'Fill appointment from Transition Browser IOP' }).click();
    await page
      .getByText('Your changes were saved as version 4. Appointment filled from the referral and saved as version 5.')
      .waitFor();
    expect(await page.getByLabel('Medicine (medication 1)').inputValue()).toBe('methadone');
    expect(await page.getByLabel(/^Dose \(medication 1\)/).inputValue()).toBe('80 mg daily');
    expect(await page.getByLabel('Starts at (appointment 1, local time)').inputValue()).toBe(`${discharge}T19:00`);
    expect(await page.getByTestId('save-state').textContent()).toBe('Everything on this page is saved.');
    await expect.poll(problems).not.toContain('Medications: the assessment lists methadone');
    await page.reload();
    await page.getByRole('heading', { name: 'Discharge plan' }).waitFor();
    expect(await page.getByLabel(/^Dose \(medication 1\)/).inputValue()).toBe('80 mg daily');
  }, 90_000);

  it('offers the transition summary beside a full-plan consent naming a program the client was referred to, and only there', async () => {
    const session = await signIn(server, clinicianEmail);
    const { clientId, plan } = await finalisedPlan(server, session, 'Riley Transfer');
    const program = programFixture({ name: 'Receiving Browser IOP' });
    await ensureProgram(server.database.handle.db, program);
    await insertReferral(server.database.handle.db, {
      organizationId,
      clientId,
      programId: program.id,
      createdBy: clinicianId,
      now: server.now().toISOString(),
    });
    const day = (days: number) => new Date(server.now().getTime() + days * 86_400_000).toISOString().slice(0, 10);
    for (const recipient of ['Receiving Browser IOP', 'Dana Family']) {
      await expectJson(
        await send(server, session, 'POST', `/api/v1/clients/${clientId}/consents`, {
          json: {
            planId: plan.id,
            scope: 'full-plan',
            consentType: 'specific',
            patientName: 'Riley Transfer',
            discloser: 'Transition Clinic',
            recipient: { name: recipient, relationship: 'care' },
            purpose: 'Continuity of care after discharge',
            expiresOn: day(90),
            revocation: 'In writing, to the clinic.',
            signature: { signedBy: 'patient', name: 'Riley Transfer' },
            signedOn: day(0),
          },
        }),
        201,
      );
    }
    await page.goto(`${server.baseUrl}/app#/plans/${plan.id}`);
    const consents = page.getByTestId('consents');
    await consents.waitFor();
    const summaries = consents.getByRole('link', { name: /^Transition summary for/ });
    await expect
      .poll(() => summaries.allTextContents())
      .toEqual([
        'Transition summary for Receiving Browser IOP (PDF)',
        'Transition summary for Receiving Browser IOP (FHIR)',
      ]);
    for (const link of await summaries.all()) {
      const response = await page.request.get(`${server.baseUrl}${(await link.getAttribute('href')) ?? ''}`);
      expect(response.status()).toBe(200);
    }
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations.map((v) => v.id)).toEqual([]);
  });
});
