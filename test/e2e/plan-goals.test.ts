/**
 * Goals met in the workspace (issue 14, item 4: the step-down readiness signal reads "goals met",
 * which only the API could set). At 1280 px a clinician opens a client whose plan is finalised,
 * marks a goal met with a note, reloads and finds it kept with the count (which the plan shows
 * too); a save while the browser is offline keeps the choice and the note and goes through on
 * "Try again"; a note too long is refused in words and kept; with every goal met (after five weeks
 * without use) the step-down readiness signal appears on the same page. A client whose plan is
 * still a draft is told why there is nothing to mark; an archived client's goals are shown without
 * the forms; an amendment that rewrites a met goal leaves it not met, with a note saying why. axe
 * finds nothing on each. A full-page screenshot goes to the system's temp folder.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_SKIP_REASON, expectNoAxeViolations, launchBrowser, signInToWorkspace } from '../support/browser.js';
import { expectJson, send } from '../support/http.js';
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
import { signIn, startTestServer, type TestServer } from '../support/server.js';

if (BROWSER_SKIP_REASON) console.log(BROWSER_SKIP_REASON);

const DAY = 86_400_000;

describe.skipIf(BROWSER_SKIP_REASON !== undefined)('plan goals in the workspace', () => {
  let server: TestServer;
  let browser: Browser;
  let email: string;
  let clientId: string;
  let draftOnlyClientId: string;
  let archivedClientId: string;
  let amended: { clientId: string; planId: string; version: number };

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
    const org = await server.addOrganization('Goals Clinic (test)');
    email = (await server.addUser(org, 'clinician')).email;
    const session = await signIn(server, email);
    ({ clientId } = await clientWithAssessment(server, session, undefined, 'Gale Ortiz'));
    const draft = await draftPlan(server, session, clientId);
    const reassessBy = dayFromNow(server, 60);
    const goal = (id: string, text: string) => ({
      id,
      template: null,
      text,
      measure: 'Said at a session',
      targetDate: reassessBy,
    });
    const saved: PlanBody = await savePlan(server, session, draft, {
      ...completed(documentOf(draft), reassessBy),
      goals: [
        goal('g-meetings', 'Go to three support meetings a week.'),
        goal('g-sponsor', 'Call my sponsor every Sunday.'),
        goal('g-work', 'Keep my job.'),
      ],
    });
    await expectJson(
      await send(server, session, 'POST', `/api/v1/plans/${saved.id}/finalize`, {
        json: { version: saved.version, attestation: true },
      }),
      200,
    );
    for (let week = 5; week >= 1; week--) {
      await expectJson(
        await send(server, session, 'POST', `/api/v1/clients/${clientId}/measures`, {
          json: {
            instrument: 'recovery-check',
            answers: [0, 0, 2, 2, 0, 0, 0, 3, 2, 3, 3],
            takenAt: new Date(server.now().getTime() - week * 7 * DAY).toISOString(),
          },
        }),
        201,
      );
    }
    ({ clientId: draftOnlyClientId } = await clientWithAssessment(server, session, undefined, 'Dale Draft'));
    await draftPlan(server, session, draftOnlyClientId);
    ({ clientId: archivedClientId } = await finalisedPlan(server, session, 'Ari Archived'));
    await expectJson(await send(server, session, 'POST', `/api/v1/clients/${archivedClientId}/archive`), 200);
    const toAmend = await finalisedPlan(server, session, 'Amari Amend');
    amended = { clientId: toAmend.clientId, planId: toAmend.plan.id, version: toAmend.plan.version };
    await expectJson(
      await send(server, session, 'PUT', `/api/v1/plans/${toAmend.plan.id}/goals/g1/status`, {
        json: { met: true, note: 'Has three people to call' },
      }),
      200,
    );
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('marks a goal met, keeps it on reload with the count, survives a failed save, and feeds the signal', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.on('pageerror', (error) => {
      throw error;
    });
    await signInToWorkspace(page, server.baseUrl, email, { hash: `#/clients/${clientId}` });
    await page.getByRole('heading', { name: 'Gale Ortiz' }).waitFor();
    const count = page.getByTestId('goals-met-count');
    await count.waitFor();
    expect(await count.textContent()).toBe('0 of 3 goals met');
    const goals = page.getByTestId('goal-status');
    expect(await goals.locator('.goal-words').allTextContents()).toEqual([
      'Goal 1: Go to three support meetings a week.',
      'Goal 2: Call my sponsor every Sunday.',
      'Goal 3: Keep my job.',
    ]);
    await expect.poll(() => page.getByTestId('plan-goals').textContent()).toContain('step-down readiness signal');

    const first = page.getByRole('form', { name: 'Mark goal 1' });
    await first.getByLabel('Met', { exact: true }).check();
    await first.getByLabel('Note for goal 1 (optional): what shows it').fill('Went to 12 meetings in 4 weeks');
    await first.getByRole('button', { name: 'Save goal 1' }).click();
    await first.getByRole('status').getByText('Saved: goal 1 is marked met.').waitFor();
    expect(await count.textContent()).toBe('1 of 3 goals met');
    // The keyboard stays where the work was: on the button just pressed, not thrown to the page's top.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Save goal 1');
    await page.keyboard.press('Enter');
    await first.getByRole('status').getByText('Nothing to save: goal 1 is already marked met.').waitFor();
    await expectNoAxeViolations(page, 'the plan goals after a save');

    await page.reload();
    await page.getByRole('heading', { name: 'Gale Ortiz' }).waitFor();
    await count.waitFor();
    expect(await count.textContent()).toBe('1 of 3 goals met');
    const kept = goals.first();
    expect(await kept.locator('.tag').textContent()).toBe('Met');
    expect(await kept.getByLabel('Met', { exact: true }).isChecked()).toBe(true);
    expect(await kept.textContent()).toContain('Note: Went to 12 meetings in 4 weeks');
    expect(await kept.textContent()).toMatch(/Marked met by clinician \d+ on /);

    // The connection drops: nothing typed is lost, and "Try again" saves it once it is back.
    const second = page.getByRole('form', { name: 'Mark goal 2' });
    await second.getByLabel('Met', { exact: true }).check();
    const note = second.getByLabel('Note for goal 2 (optional): what shows it');
    await note.fill('Calls every week, says his sponsor');
    await context.setOffline(true);
    await second.getByRole('button', { name: 'Save goal 2' }).click();
    await second
      .getByRole('alert')
      .getByText(/Not saved: the server cannot be reached/)
      .waitFor();
    expect(await note.inputValue()).toBe('Calls every week, says his sponsor');
    expect(await second.getByLabel('Met', { exact: true }).isChecked()).toBe(true);
    expect(await count.textContent()).toBe('1 of 3 goals met');
    await expectNoAxeViolations(page, 'the plan goals with a failed save');
    await context.setOffline(false);
    await second.getByRole('button', { name: 'Try again: save goal 2' }).click();
    await second.getByRole('status').getByText('Saved: goal 2 is marked met.').waitFor();
    expect(await count.textContent()).toBe('2 of 3 goals met');
    expect(await second.getByRole('alert').count()).toBe(0);

    // A note longer than the server takes (past the field's own limit) is refused in words, and kept.
    const third = page.getByRole('form', { name: 'Mark goal 3' });
    await third.getByLabel('Met', { exact: true }).check();
    const long = third.getByLabel('Note for goal 3 (optional): what shows it');
    await long.evaluate((field) => field.removeAttribute('maxlength'));
    await long.fill('Still at the same job. '.repeat(90));
    await third.getByRole('button', { name: 'Save goal 3' }).click();
    await third.getByRole('alert').getByText('Not saved: see the problem below.').waitFor();
    const fieldProblem = await third.locator('.error').allTextContents();
    expect(fieldProblem).toContain('must be at most 2000 characters');
    expect(fieldProblem.join(' ')).not.toMatch(/too_big|\bnote\b:|<=/);
    expect(await long.inputValue()).toBe('Still at the same job. '.repeat(90));
    expect(await count.textContent()).toBe('2 of 3 goals met');
    await expectNoAxeViolations(page, 'the plan goals with a refused note');
    await long.fill('Same job for 10 weeks');
    await third.getByRole('button', { name: 'Save goal 3' }).click();
    await third.getByRole('status').getByText('Saved: goal 3 is marked met.').waitFor();
    expect(await count.textContent()).toBe('3 of 3 goals met');
    // The signals below read the goals again without a reload.
    await page.getByTestId('signal').filter({ hasText: 'goals are met' }).waitFor();
    await page.screenshot({ path: join(tmpdir(), 'goals-ui-1280.png'), fullPage: true });
    await page.getByTestId('plan-goals').screenshot({ path: join(tmpdir(), 'goals-ui-1280-goals.png') });
    await expectNoAxeViolations(page, 'the plan goals, all met');

    // The plan itself says how many of its goals are met, and where to mark them.
    await page.getByRole('link', { name: 'open the plan' }).click();
    const summary = page.getByTestId('plan-goals-summary');
    await summary.waitFor();
    expect(await summary.textContent()).toContain('3 of 3 goals met in finalised version 2.');
    await summary.getByRole('link', { name: 'Mark goals met on the client’s page.' }).click();
    await page.getByRole('heading', { name: 'Gale Ortiz' }).waitFor();
    await context.close();
  }, 120_000);

  it('says why there is nothing to mark while the plan is a draft, and shows an archived client’s goals without the forms', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await signInToWorkspace(page, server.baseUrl, email, { hash: `#/clients/${draftOnlyClientId}` });
    await page.getByRole('heading', { name: 'Dale Draft' }).waitFor();
    const words = page.getByTestId('goals-not-final');
    await words.waitFor();
    expect(await words.textContent()).toContain('The plan is not finalised yet, so there is nothing to mark.');
    expect(await page.getByTestId('goal-status').count()).toBe(0);
    await expectNoAxeViolations(page, 'the plan goals before finalising');

    // An archived client's goals can be read, not changed.
    await page.goto(`${server.baseUrl}/app#/clients/${archivedClientId}`);
    await page.getByRole('heading', { name: 'Ari Archived' }).waitFor();
    await page.getByTestId('goals-met-count').waitFor();
    expect(await page.getByTestId('goals-met-count').textContent()).toBe('0 of 1 goal met');
    expect(await page.getByTestId('goal-status').count()).toBe(1);
    expect(await page.getByRole('form', { name: 'Mark goal 1' }).count()).toBe(0);
    await expectNoAxeViolations(page, 'the plan goals of an archived client');
    await context.close();
  }, 60_000);

  it('takes "met" away when an amendment changes a goal’s words, and says why on the client page', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.on('pageerror', (error) => {
      throw error;
    });
    await signInToWorkspace(page, server.baseUrl, email, { hash: `#/plans/${amended.planId}` });
    const summary = page.getByTestId('plan-goals-summary');
    await summary.waitFor();
    expect(await summary.textContent()).toContain(`1 of 1 goal met in finalised version ${amended.version}.`);
    await page.getByLabel('Goal 1', { exact: true }).fill('Find a room in a sober living home.');
    await page.getByRole('button', { name: 'Save as a new draft version' }).click();
    await page.getByText('Everything on this page is saved.').waitFor();
    await page.getByLabel(/I reviewed the recommendation/).check();
    await page.getByRole('button', { name: `Finalise and sign version ${amended.version + 1}` }).click();
    await page.getByText('Finalised. This version is now locked.').waitFor();

    await page.goto(`${server.baseUrl}/app#/clients/${amended.clientId}`);
    await page.getByRole('heading', { name: 'Amari Amend' }).waitFor();
    const count = page.getByTestId('goals-met-count');
    await count.waitFor();
    expect(await count.textContent()).toBe('0 of 1 goal met');
    const goal = page.getByTestId('goal-status').first();
    expect(await goal.locator('.goal-words').textContent()).toBe('Goal 1: Find a room in a sober living home.');
    expect(await goal.locator('.tag').textContent()).toBe('Not met yet');
    const note = (await goal.locator('.goal-note').textContent()) ?? '';
    expect(note).toContain('“I will build a group of sober people I can count on.”');
    expect(note).toContain(`Version ${amended.version + 1} changed the words`);
    expect(note).toContain('Has three people to call');
    await expectNoAxeViolations(page, 'the plan goals after an amendment changed a goal');
    await context.close();
  }, 90_000);
});
