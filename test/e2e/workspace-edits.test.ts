/**
 * The workspace a clinician can trust all day, in a real browser against the real server: the
 * client timeline names programs and recipients in words (never "undefined"); an unsaved edit is in
 * the version Finalise locks; leaving with unsaved changes asks first; a session that ends mid-edit
 * asks to sign in again over the page and then saves; a save refused because the same person saved
 * in another tab says so and puts the changes back on request; a newer assessment is offered to the
 * plan, and finalising on the older one needs a confirmation; consents stay listed and revocable
 * during an amendment, and the header gives the client's acknowledgement per version. axe checks
 * each new state.
 */
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ZIP, insertDemoPrograms } from '../../src/server/demo-programs.js';
import type { Organization, User } from '../../src/storage/records.js';
import { deleteSessionsOfUser } from '../../src/storage/sessions.js';
import { BROWSER_SKIP_REASON, launchBrowser, screenshotDir } from '../support/browser.js';
import { assessmentDocument, expectJson, send } from '../support/http.js';
import {
  clientWithAssessment,
  completed,
  dayFromNow,
  documentOf,
  draftPlan,
  finalisedPlan,
  type PlanBody,
  savePlan,
} from '../support/plans.js';
import { type Session, signIn, startTestServer, TEST_PASSWORD, type TestServer } from '../support/server.js';

if (BROWSER_SKIP_REASON) console.log(BROWSER_SKIP_REASON);

const PHP_RATINGS = { d1: 0, d2: 0, d3: 3, d4: 1, d5: 2, d6: 1 };

describe.skipIf(BROWSER_SKIP_REASON !== undefined)('workspace edits and shares in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  /** One clinician for most tests (each with clients of its own): sign-in is rate-limited per address. */
  let org: Organization;
  let user: User;
  let http: Session;
  const shots = screenshotDir('workspace-edits');

  beforeAll(async () => {
    server = await startTestServer();
    await insertDemoPrograms(server.database.handle.db, new Date());
    browser = await launchBrowser();
    org = await server.addOrganization();
    user = await server.addUser(org, 'clinician');
    http = await signIn(server, user.email);
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

  /**
   * A browser page signed in with an HTTP session's cookie (the sign-in screen itself is tried in
   * workspace.test.ts), on the workspace's `hash` address.
   */
  async function pageFor(session: Session, hash: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const [name, value] = session.cookie.split(/=(.*)/s);
    await context.addCookies([{ name: name ?? '', value: value ?? '', url: server.baseUrl }]);
    const page = await context.newPage();
    page.on('pageerror', (error) => {
      throw error;
    });
    await page.goto(`${server.baseUrl}/app#${hash}`);
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    return page;
  }

  /** Opens a plan as the browser's signed-in user and waits until it is drawn. */
  async function openPlan(page: Page, planId: string): Promise<void> {
    await page.goto(`${server.baseUrl}/app#/plans/${planId}`);
    await page.getByRole('heading', { name: 'Discharge plan' }).waitFor();
  }

  async function readPlan(session: Session, planId: string): Promise<PlanBody> {
    return expectJson<PlanBody>(await send(server, session, 'GET', `/api/v1/plans/${planId}`), 200);
  }

  function consentBody(planId: string, recipient: string): Record<string, unknown> {
    return {
      planId,
      scope: 'plan-summary',
      consentType: 'specific',
      patientName: 'Jordan Rivera',
      discloser: 'Riverside Recovery (test)',
      recipient: { name: recipient, relationship: 'sister' },
      purpose: 'To help me with my recovery at home',
      expiresOn: dayFromNow(server, 60),
      revocation: 'You can take this back at any time, in writing, by telling the clinic.',
      signature: { signedBy: 'patient', name: 'Jordan Rivera' },
      signedOn: dayFromNow(server, 0),
    };
  }

  it('names programs and recipients on the client timeline, with statuses in words and no "undefined"', async () => {
    const { clientId, plan } = await finalisedPlan(server, http, 'Robin Timeline');
    const programs = await expectJson<{ items: Array<{ id: string; name: string }> }>(
      await send(server, http, 'GET', `/api/v1/programs?setting=iop&zip=${DEMO_ZIP}&radiusMiles=25`),
      200,
    );
    const program = programs.items[0];
    if (!program) throw new Error('no demo program near the demo ZIP code');
    const referral = await expectJson<{ id: string }>(
      await send(server, http, 'POST', `/api/v1/clients/${clientId}/referrals`, { json: { programId: program.id } }),
      201,
    );
    for (const status of ['accepted', 'first-session-attended']) {
      await expectJson(
        await send(server, http, 'PATCH', `/api/v1/referrals/${referral.id}`, { json: { status } }),
        200,
      );
    }
    await expectJson(
      await send(server, http, 'POST', `/api/v1/clients/${clientId}/consents`, {
        json: consentBody(plan.id, 'Dana Timeline'),
      }),
      201,
    );

    const page = await pageFor(http, `/clients/${clientId}`);
    await page.getByRole('heading', { name: 'Robin Timeline' }).waitFor();
    const timeline = page.locator('ol.timeline');
    await expect.poll(() => timeline.locator('li').count()).toBeGreaterThanOrEqual(4);
    const entries = await timeline.locator('li').allTextContents();
    expect(entries.some((text) => text.includes(`Went to the first session at ${program.name}`))).toBe(true);
    expect(entries.some((text) => /Consent to share with Dana Timeline: in force until/.test(text))).toBe(true);
    expect(entries.some((text) => /Version 2, finalised: Intensive outpatient/.test(text))).toBe(true);
    const main = (await page.locator('main').textContent()) ?? '';
    expect(main).not.toMatch(/undefined|null|NaN|first-session-attended/);
    await page.screenshot({ path: join(shots, 'client-timeline.png'), fullPage: true });
    await axe(page, 'client page with a referral and a consent');
    await page.context().close();
  }, 90_000);

  it('finalises exactly what is on the page: an unsaved edit is saved first, and leaving asks first', async () => {
    const page = await pageFor(http, '/clients');
    const { clientId } = await clientWithAssessment(server, http);
    const draft = await draftPlan(server, http, clientId);
    const saved = await savePlan(server, http, draft, completed(documentOf(draft), dayFromNow(server, 30)));
    await openPlan(page, saved.id);
    await page.getByText('Everything on this page is saved.').waitFor();

    const notes = page.getByLabel('Clinician notes (never shown to the client)');
    await notes.fill('Edited just before signing: call the sister on Friday.');
    await page.getByText('You have changes that are not saved yet.').waitFor();

    // Leaving by a link in the page asks first; staying keeps the edit on the page.
    const asked: string[] = [];
    page.once('dialog', (dialog) => {
      asked.push(dialog.message());
      void dialog.dismiss();
    });
    await page.getByRole('link', { name: 'Back to the client' }).click();
    await expect
      .poll(() => asked)
      .toEqual(['You have changes to this plan that are not saved. Leave without saving them?']);
    expect(page.url()).toContain(`#/plans/${saved.id}`);
    expect(await notes.inputValue()).toBe('Edited just before signing: call the sister on Friday.');
    // So does going back in the browser's history.
    page.once('dialog', (dialog) => {
      asked.push(dialog.type());
      void dialog.dismiss();
    });
    await page.evaluate(() => window.history.back());
    await expect.poll(() => asked.length).toBe(2);
    await expect.poll(() => page.url()).toContain(`#/plans/${saved.id}`);
    expect(await notes.inputValue()).toBe('Edited just before signing: call the sister on Friday.');

    await page.getByLabel(/I reviewed the recommendation/).check();
    const finalise = page.getByRole('button', { name: `Save and finalise version ${saved.version + 1}` });
    expect(await finalise.isEnabled()).toBe(true);
    await axe(page, 'plan with unsaved changes, ready to finalise');
    await page.screenshot({ path: join(shots, 'unsaved-then-finalise.png'), fullPage: true });
    await finalise.click();
    await page.getByText(`Your changes were saved as version ${saved.version + 1}. Finalised.`).waitFor();
    await page.getByText('Everything on this page is saved.').waitFor();

    const final = await readPlan(http, saved.id);
    expect(final).toMatchObject({
      version: saved.version + 1,
      status: 'final',
      notes: 'Edited just before signing: call the sister on Friday.',
    });
    expect(await page.getByTestId('plan-acknowledgement').textContent()).toBe('Not yet acknowledged by the client');
    await axe(page, 'plan just finalised');

    // Nothing unsaved now: leaving asks nothing.
    page.once('dialog', (dialog) => {
      asked.push('unexpected');
      void dialog.dismiss();
    });
    await page.getByRole('link', { name: 'Back to the client' }).click();
    await page.getByRole('heading', { name: 'Jordan Rivera' }).waitFor();
    expect(asked).not.toContain('unexpected');
    await page.context().close();
  }, 90_000);

  it('asks to sign in again over the page when the session ends mid-edit, then saves the edit', async () => {
    // A clinician of their own: all their sessions end.
    const alone = await server.addUser(org, 'clinician');
    const aloneHttp = await signIn(server, alone.email);
    const page = await pageFor(aloneHttp, '/clients');
    const { clientId } = await clientWithAssessment(server, aloneHttp);
    const draft = await draftPlan(server, aloneHttp, clientId);
    await openPlan(page, draft.id);
    await page.getByLabel('Reassess by (required)').fill(dayFromNow(server, 45));
    await page.getByLabel('Clinician notes (never shown to the client)').fill('Written while the session ran out.');

    // The session ends (idle too long, or signed out elsewhere): every session of the user is gone.
    await deleteSessionsOfUser(server.database.handle.db, alone.id);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Sign in again to carry on' });
    await dialog.waitFor();
    expect(await dialog.getByLabel('Email').inputValue()).toBe(alone.email);
    expect(await dialog.getByLabel('Email').getAttribute('readonly')).not.toBeNull();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('type'))).toBe('password');
    await page.screenshot({ path: join(shots, 'sign-in-again.png'), fullPage: true });
    await axe(page, 'sign-in dialog over the plan');
    // A wrong password says so in the dialog and keeps it open.
    await dialog.getByLabel('Password').fill('not the password');
    await dialog.getByRole('button', { name: 'Sign in and carry on' }).click();
    await dialog.getByRole('alert').waitFor();
    await dialog.getByLabel('Password').fill(TEST_PASSWORD);
    await dialog.getByRole('button', { name: 'Sign in and carry on' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByText('Saved as version 2.').waitFor();
    await page.getByText('Everything on this page is saved.').waitFor();

    // Read with the browser's new session.
    const saved = (await (await page.request.get(`${server.baseUrl}/api/v1/plans/${draft.id}`)).json()) as PlanBody;
    expect(saved).toMatchObject({
      version: 2,
      notes: 'Written while the session ran out.',
      reassessBy: dayFromNow(server, 45),
    });
    await axe(page, 'plan saved after signing in again');
    await page.context().close();
  }, 90_000);

  it('says when the same person saved in another tab, and puts the changes back on the newer version', async () => {
    const page = await pageFor(http, '/clients');
    const { clientId } = await clientWithAssessment(server, http);
    const draft = await draftPlan(server, http, clientId);
    await openPlan(page, draft.id);
    await page.getByLabel('Clinician notes (never shown to the client)').fill('From this tab.');

    // The same person, in another tab, adds a support group and saves first.
    const otherTab = await signIn(server, user.email);
    await savePlan(server, otherTab, draft, {
      ...documentOf(draft),
      supportGroups: [{ name: 'SMART Recovery', when: 'Mondays 7 pm', where: 'Library' }],
    });
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const notice = page.getByRole('region', { name: 'Not saved: this plan changed since you opened it' });
    await notice.waitFor();
    expect(await notice.textContent()).toMatch(
      /You saved version 2 of this plan on .* in another tab or window, after this page was opened\. Your changes are still on this page\./,
    );
    await axe(page, 'plan save refused: saved in another tab');
    await page.screenshot({ path: join(shots, 'saved-in-another-tab.png'), fullPage: true });
    await notice.getByRole('button', { name: 'Reload and re-apply my changes' }).click();
    await page
      .getByText('Loaded version 2 and put back your changes to clinician notes. Check them, then save.')
      .waitFor();
    expect(await page.getByLabel('Clinician notes (never shown to the client)').inputValue()).toBe('From this tab.');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Saved as version 3.').waitFor();
    const saved = await readPlan(http, draft.id);
    expect(saved.notes).toBe('From this tab.');
    expect(saved.supportGroups).toEqual([{ name: 'SMART Recovery', when: 'Mondays 7 pm', where: 'Library' }]);
    await page.context().close();
  }, 90_000);

  it('offers the newer assessment to the plan, keeps the rest, and asks for the reason the difference now needs', async () => {
    const page = await pageFor(http, '/clients');
    const { clientId, assessmentId } = await clientWithAssessment(server, http);
    const draft = await draftPlan(server, http, clientId);
    const saved = await savePlan(server, http, draft, completed(documentOf(draft), dayFromNow(server, 30)));
    await expectJson(
      await send(server, http, 'PUT', `/api/v1/assessments/${assessmentId}`, {
        json: assessmentDocument({ ratings: PHP_RATINGS }),
        headers: { 'if-match': '"1"' },
      }),
      200,
    );
    await openPlan(page, saved.id);
    const notice = page.getByRole('region', { name: 'The client has a newer assessment' });
    await notice.waitFor();
    expect(await notice.textContent()).toMatch(/now recommends Partial hospitalization \(PHP\)\./);
    expect(await page.getByTestId('plan-recommended').textContent()).toBe('Intensive outpatient (IOP)');
    // Finalising on the older assessment needs its own confirmation.
    await page.getByLabel(/I reviewed the recommendation/).check();
    const finalise = page.getByRole('button', { name: `Finalise and sign version ${saved.version}` });
    expect(await finalise.isDisabled()).toBe(true);
    await page.getByLabel(/I finalise this plan on the earlier assessment/).check();
    expect(await finalise.isEnabled()).toBe(true);
    await page.getByLabel(/I finalise this plan on the earlier assessment/).uncheck();
    await axe(page, 'plan with a newer assessment');
    await page.screenshot({ path: join(shots, 'newer-assessment.png'), fullPage: true });

    await notice.getByRole('button', { name: 'Take the new recommendation' }).click();
    await page
      .getByText(/The plan now follows the newer assessment: Partial hospitalization \(PHP\) is recommended/)
      .waitFor();
    await expect.poll(() => page.getByTestId('plan-recommended').textContent()).toBe('Partial hospitalization (PHP)');
    expect(await page.getByTestId('newer-assessment').count()).toBe(0);
    // Everything else was kept: the goals and the reassessment date the clinician wrote.
    expect(await page.getByLabel('Reassess by (required)').inputValue()).toBe(saved.reassessBy);
    // The selected setting is still IOP, so the reason for the difference is now required.
    expect(await page.getByLabel(/^Selected setting/).inputValue()).toBe('iop');
    const problems = page.getByTestId('finalize-problems');
    await problems.waitFor();
    expect(await problems.textContent()).toMatch(
      /Level of care, reason: the selected setting differs from the recommended one/,
    );
    await axe(page, 'plan after taking the new recommendation');
    await page.getByLabel('Reason').selectOption('client-preference');
    await page.getByLabel('Narrative').fill('Keeps her job; will step up if cravings rise.');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText(`Saved as version ${saved.version + 2}.`).waitFor();
    await page.getByLabel(/I reviewed the recommendation/).check();
    await page.getByRole('button', { name: `Finalise and sign version ${saved.version + 2}` }).click();
    await page.getByText('Finalised. This version is now locked.').waitFor();
    const final = await readPlan(http, saved.id);
    expect(final).toMatchObject({
      status: 'final',
      assessment: { id: assessmentId, version: 2 },
      recommendedSetting: 'php',
      selectedSetting: 'iop',
      variance: { reason: 'client-preference' },
      confirmedNewerAssessment: null,
    });
    await page.context().close();
  }, 90_000);

  it('finalises on the earlier assessment only once confirmed, and shows the confirmation with the version', async () => {
    const page = await pageFor(http, '/clients');
    const { clientId, assessmentId } = await clientWithAssessment(server, http);
    const draft = await draftPlan(server, http, clientId);
    const saved = await savePlan(server, http, draft, completed(documentOf(draft), dayFromNow(server, 30)));
    await expectJson(
      await send(server, http, 'PUT', `/api/v1/assessments/${assessmentId}`, {
        json: assessmentDocument({ ratings: PHP_RATINGS }),
        headers: { 'if-match': '"1"' },
      }),
      200,
    );
    await openPlan(page, saved.id);
    await page.getByTestId('newer-assessment').waitFor();
    await page.getByLabel(/I finalise this plan on the earlier assessment/).check();
    await page.getByLabel(/I reviewed the recommendation/).check();
    await page.getByRole('button', { name: `Finalise and sign version ${saved.version}` }).click();
    await page.getByText('Finalised. This version is now locked.').waitFor();
    expect(await page.getByTestId('plan-header').textContent()).toMatch(
      /Finalised on an earlier assessment: the clinician confirmed knowing of version 2 of the client’s assessment/,
    );
    expect(await readPlan(http, saved.id)).toMatchObject({
      status: 'final',
      recommendedSetting: 'iop',
      confirmedNewerAssessment: { id: assessmentId, version: 2 },
    });
    await axe(page, 'plan finalised on an earlier assessment');
    await page.context().close();
  }, 90_000);

  it('keeps consents listed and revocable during an amendment, and gives the acknowledgement per version', async () => {
    const page = await pageFor(http, '/clients');
    const { clientId, plan } = await finalisedPlan(server, http, 'Jordan Amends');
    await expectJson(
      await send(server, http, 'POST', `/api/v1/plans/${plan.id}/acknowledgement`, { json: { version: plan.version } }),
      201,
    );
    for (const recipient of ['Dana Amends', 'Sam Amends']) {
      await expectJson(
        await send(server, http, 'POST', `/api/v1/clients/${clientId}/consents`, {
          json: consentBody(plan.id, recipient),
        }),
        201,
      );
    }
    // An amendment: a new draft on top of the finalised version.
    const amendment = await savePlan(server, http, plan, { ...documentOf(plan), notes: 'Amending after a relapse.' });
    expect(amendment).toMatchObject({ status: 'draft', amends: plan.version });

    await openPlan(page, plan.id);
    const header = page.getByTestId('plan-acknowledgement');
    await expect
      .poll(() => header.textContent())
      .toMatch(/^Amends finalised version 2, which the client acknowledged on .*; this draft is not acknowledged$/);
    expect(await page.getByTestId('plan-header').textContent()).not.toMatch(/Client acknowledged/);
    const onPlan = page.getByTestId('consents');
    await onPlan.waitFor();
    expect(await onPlan.textContent()).toMatch(/Dana Amends \(sister\): the plan summary\. In force until/);
    await onPlan.getByRole('button', { name: 'Revoke consent for Sam Amends' }).click();
    await expect.poll(() => onPlan.textContent()).toMatch(/Sam Amends \(sister\): the plan summary\. Revoked on/);
    await axe(page, 'plan amendment with its consents');
    await page.screenshot({ path: join(shots, 'amendment-consents.png'), fullPage: true });

    // The client page lists every consent, whatever state the plan is in, and revokes from there too.
    await page.getByRole('link', { name: 'Back to the client' }).click();
    await page.getByRole('heading', { name: 'Jordan Amends' }).waitFor();
    const onClient = page.getByTestId('consents');
    await onClient.waitFor();
    expect(await onClient.textContent()).toMatch(
      /Dana Amends \(sister\): the plan summary of the discharge plan\. In force/,
    );
    await onClient.getByRole('button', { name: 'Revoke consent for Dana Amends' }).click();
    await expect.poll(() => onClient.textContent()).toMatch(/Dana Amends \(sister\).*Revoked on/);
    expect(await onClient.getByRole('button', { name: /^Revoke consent/ }).count()).toBe(0);
    await expect
      .poll(() => page.locator('ol.timeline').textContent())
      .toMatch(/Consent to share with Dana Amends: revoked on/);
    await axe(page, 'client page after revoking a consent during an amendment');
    const consents = await expectJson<{ items: Array<{ recipient: { name: string }; status: string }> }>(
      await send(server, http, 'GET', `/api/v1/clients/${clientId}/consents`),
      200,
    );
    expect(consents.items.map((c) => `${c.recipient.name} ${c.status}`).sort()).toEqual([
      'Dana Amends revoked',
      'Sam Amends revoked',
    ]);
    await page.context().close();
  }, 90_000);
});
