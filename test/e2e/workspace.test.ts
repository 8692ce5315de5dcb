/**
 * The clinician workspace in a real browser, against the real server: sign in, add a client, assess
 * (the live preview equals the stored recommendation), read the basis, build a plan with a variance
 * reason, finalise it, download both PDFs, export FHIR; the client opens the plan with their link; a
 * family member opens it under a consent, then cannot after revocation, nor after expiry; an
 * archived client offers only Restore; archiving asks first, and the client list shows archived
 * clients only when asked, marked in words. axe checks every workspace screen.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIMENSIONS } from '../../src/core/dimensions.js';
import defaultRules from '../../src/core/rulesets/stepdown-default.json' with { type: 'json' };
import { DEMO_ZIP, insertDemoPrograms } from '../../src/server/demo-programs.js';
import { archiveClient, getClient, insertClient } from '../../src/storage/clients.js';
import { BROWSER_SKIP_REASON, launchBrowser, screenshotDir, signInToWorkspace } from '../support/browser.js';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../support/server.js';

if (BROWSER_SKIP_REASON) console.log(BROWSER_SKIP_REASON);

describe.skipIf(BROWSER_SKIP_REASON !== undefined)('clinician workspace in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  const shots = screenshotDir('workspace');

  beforeAll(async () => {
    server = await startTestServer();
    await insertDemoPrograms(server.database.handle.db, new Date());
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

  async function pdfText(page: Page, url: string, file: string): Promise<string> {
    const response = await page.request.get(url);
    expect(response.status(), url).toBe(200);
    expect(response.headers()['content-type']).toContain('application/pdf');
    const path = join(shots, file);
    writeFileSync(path, await response.body());
    return execFileSync('pdftotext', [path, '-'], { encoding: 'utf8' });
  }

  it('takes a client from assessment to a finalised, shared plan', async () => {
    const org = await server.addOrganization('Riverside Recovery (test)');
    const clinician = await server.addUser(org, 'clinician');
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.on('pageerror', (error) => {
      throw error;
    });

    // Sign in.
    await page.goto(`${server.baseUrl}/app`);
    await axe(page, 'sign-in');
    await page.getByLabel('Email').fill(clinician.email);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Clients' }).waitFor();

    // Add a client.
    await page.getByLabel('Name', { exact: true }).fill('Robin Vale');
    await page.getByRole('button', { name: 'Add client' }).click();
    await page.getByRole('heading', { name: 'Robin Vale' }).waitFor();
    await axe(page, 'client page');
    const clientUrl = page.url();

    // Assess: the live preview is computed in the browser by the core engine.
    await page.getByRole('link', { name: 'New assessment' }).click();
    const ratings: Record<string, number> = { d1: 0, d2: 1, d3: 2, d4: 1, d5: 3, d6: 1 };
    for (const [id, rating] of Object.entries(ratings)) {
      const name = DIMENSIONS[id as keyof typeof DIMENSIONS].name;
      await page
        .getByRole('group', { name: `${id.toUpperCase()} ${name}` })
        .locator('input[type=radio]')
        .nth(rating)
        .check();
    }
    await page.getByLabel(/Work, school or caregiving/).check();
    // The preview follows each answer as it is drawn: read it once it has caught up.
    const preview = 'Partial hospitalization (PHP)';
    await expect.poll(() => page.getByTestId('recommended-setting').textContent()).toBe(preview);
    await page.screenshot({ path: join(shots, 'assessment.png'), fullPage: true });
    await axe(page, 'assessment form');
    await page.getByRole('button', { name: 'Save assessment' }).click();

    // The basis view shows the stored recommendation, equal to the preview.
    await page.getByRole('heading', { name: 'Basis of this recommendation' }).waitFor();
    await expect.poll(() => page.getByTestId('recommended-setting').textContent()).toBe(preview);
    // The rule set in force, by id, version and hash (the version from the rule set itself, so a new
    // release of the rules does not break this test, and a wrong one does).
    expect(await page.getByTestId('ruleset').textContent()).toMatch(
      new RegExp(`^${defaultRules.id} ${defaultRules.version.replaceAll('.', '\\.')} sha256:[0-9a-f]{64}$`),
    );
    expect(await page.locator('main').textContent()).toContain('d5.severe');
    await page.screenshot({ path: join(shots, 'basis.png'), fullPage: true });
    await axe(page, 'basis view');

    // A plan: the client chooses IOP for work, so the variance needs a coded reason.
    await page.goto(clientUrl);
    await page.getByRole('button', { name: 'New discharge plan' }).click();
    await page.getByRole('heading', { name: 'Discharge plan' }).waitFor();
    await expect.poll(() => page.getByTestId('plan-recommended').textContent()).toBe('Partial hospitalization (PHP)');
    await page.getByLabel('Selected setting').selectOption('iop');
    await page.getByLabel('Reason').selectOption('client-preference');
    await page
      .getByLabel('Narrative')
      .fill('Keeps her day job; evening IOP with weekly check-ins; will step up if cravings rise.');
    await page.getByLabel('Goal template').selectOption('staying-abstinent');
    await page.getByRole('button', { name: 'Add goal from template' }).click();
    await page.getByLabel('Naloxone').selectOption('has-kit');
    await page.getByLabel('Medication for opioid or alcohol use disorder').selectOption('not-needed');
    const reassess = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel('Reassess by (required)').fill(reassess);
    // plan@2: the discharge date, a first appointment within 7 days, and the safety plan (d3 is 2).
    const today = new Date().toISOString().slice(0, 10);
    await page.getByLabel('Discharge date').fill(today);
    await page.getByRole('button', { name: 'Add an appointment' }).click();
    await page.getByLabel('With (appointment 1)').fill('Maple Street Recovery Center');
    await page.getByLabel('Phone (appointment 1)').fill('(555) 010-0111');
    await page.getByLabel('Starts at (appointment 1, local time)').fill(`${today}T18:00`);
    for (const [legend, add, value] of [
      ['Warning signs of a crisis', 'Add a crisis warning sign', 'Skipping meals'],
      ['Things I can do on my own', 'Add something to do on my own', 'Walk by the river'],
      ['People and places that help', 'Add a person or place', 'The library'],
      ['Making my surroundings safer', 'Add a way to be safer', 'No alcohol at home'],
    ] as const) {
      await page.getByRole('button', { name: add }).click();
      await page.getByLabel(`${legend} 1`).fill(value);
    }
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Saved as version 2.').waitFor();
    await axe(page, 'plan editor');
    await page.getByLabel(/I reviewed the recommendation/).check();
    await page.getByRole('button', { name: /Finalise and sign version 2/ }).click();
    await page.getByText('Finalised. This version is now locked.').waitFor();
    await page.screenshot({ path: join(shots, 'plan-final.png'), fullPage: true });
    const planId = page.url().split('/').pop() ?? '';

    // A referral from the matches: programs near the client whose sessions fit her free evenings.
    await page.getByLabel("Client's ZIP code").fill(DEMO_ZIP);
    for (const day of ['mon', 'wed', 'thu']) await page.getByLabel(`${day} evening`, { exact: true }).check();
    await page.getByRole('button', { name: 'Find programs' }).click();
    const matches = page.getByTestId('matches');
    await matches.locator('li').first().waitFor();
    expect(await matches.textContent()).toMatch(/fits your week/i);
    const refer = matches.getByRole('button', { name: /^Refer to / }).first();
    const programName = ((await refer.textContent()) ?? '').replace(/^Refer to /, '');
    await refer.click();
    await page.getByText(`${programName}: sent`).waitFor();
    await page.getByRole('button', { name: 'Mark accepted' }).click();
    await page.getByText(`${programName}: accepted`).waitFor();

    // Both PDFs, and the FHIR CarePlan.
    const clientPdf = await pdfText(
      page,
      `${server.baseUrl}/api/v1/plans/${planId}/pdf?audience=client&lang=en`,
      'client.pdf',
    );
    expect(clientPdf).toContain('Riverside Recovery (test)');
    expect(clientPdf).toMatch(/naloxone/i);
    const clinicalPdf = await pdfText(
      page,
      `${server.baseUrl}/api/v1/plans/${planId}/pdf?audience=clinician`,
      'clinical.pdf',
    );
    expect(clinicalPdf).toContain('d5.severe');
    expect(clinicalPdf).toMatch(/Client preference/i);
    const fhir = await page.request.get(`${server.baseUrl}/fhir/R4/CarePlan/${planId}`);
    expect(fhir.status()).toBe(200);
    expect(((await fhir.json()) as { resourceType: string }).resourceType).toBe('CarePlan');

    // The client's private link, opened on a phone with no session.
    await page.getByRole('button', { name: "Make the client's link" }).click();
    const shareUrl = (await page.getByTestId('share-url').textContent()) ?? '';
    const phone = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true });
    const clientPage = await phone.newPage();
    await clientPage.goto(shareUrl.replace(/^https?:\/\/[^/]+/, server.baseUrl));
    expect(await clientPage.locator('body').textContent()).toMatch(/Intensive outpatient/);
    await clientPage.screenshot({ path: join(shots, 'client-share.png'), fullPage: true });
    await clientPage.goto(`${shareUrl.replace(/^https?:\/\/[^/]+/, server.baseUrl)}?lang=es`);
    expect(await clientPage.evaluate(() => document.documentElement.lang)).toBe('es');

    // A family member, under a consent; then revoked.
    const consent = async (recipient: string, expiresOn: string): Promise<string> => {
      await page.getByLabel('Client name (as on the signed form)').fill('Robin Vale');
      await page.getByLabel('Who discloses (your program)').fill('Riverside Recovery (test)');
      await page.getByLabel('Recipient name').fill(recipient);
      await page.getByLabel('Recipient relationship').fill('Sister');
      await page.getByLabel('Signed by (name)').fill('Robin Vale');
      await page.getByLabel('Last day the consent is in force').fill(expiresOn);
      const shown = page.getByTestId('consent-url');
      const before = (await shown.count()) > 0 ? await shown.textContent() : null;
      await page.getByRole('button', { name: /Record consent/ }).click();
      // Wait for the new link: the one from the previous consent stays on screen until it is replaced.
      await expect.poll(async () => ((await shown.count()) > 0 ? await shown.textContent() : null)).not.toBe(before);
      const link = (await shown.textContent()) ?? '';
      return link.replace(/^https?:\/\/[^/]+/, server.baseUrl);
    };
    const familyLink = await consent('Dana Vale', new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10));
    const family = await phone.newPage();
    const allowed = await family.goto(familyLink);
    expect(allowed?.status()).toBe(200);
    expect(await family.locator('body').textContent()).toMatch(/42 CFR/);
    await page.getByRole('button', { name: 'Revoke' }).first().click();
    await page.getByText('revoked').first().waitFor();
    const refused = await family.goto(familyLink);
    expect(refused?.status()).toBe(410);
    // The consent as FHIR, from its link beside it: no longer in force.
    const consentHref = await page.getByRole('link', { name: 'FHIR Consent (JSON)' }).first().getAttribute('href');
    const consentFhir = await page.request.get(`${server.baseUrl}${consentHref ?? ''}`);
    expect(consentFhir.status()).toBe(200);
    expect(await consentFhir.json()).toMatchObject({ resourceType: 'Consent', status: 'inactive' });

    // Another consent, which runs out: after its last day the link stops working.
    const shortLink = await consent('Sam Vale', new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10));
    expect((await family.goto(shortLink))?.status()).toBe(200);
    server.advance(4 * 86_400_000);
    expect((await family.goto(shortLink))?.status()).toBe(410);

    await phone.close();
    await context.close();
  }, 180_000);

  it('shows an archived client with nothing to add, and restores them', async () => {
    const db = server.database.handle.db;
    const org = await server.addOrganization();
    const clinician = await server.addUser(org, 'clinician');
    const now = server.now().toISOString();
    const client = await insertClient(db, {
      organizationId: org.id,
      createdBy: clinician.id,
      displayName: 'Casey Archer',
      now,
    });
    await archiveClient(db, org.id, client.id, now);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.on('pageerror', (error) => {
      throw error;
    });
    await signInToWorkspace(page, server.baseUrl, clinician.email, { hash: `#/clients/${client.id}` });
    await page.getByRole('heading', { name: 'Casey Archer' }).waitFor();

    await page.getByText('This client is archived.').waitFor();
    expect(await page.getByRole('link', { name: 'New assessment' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'New discharge plan' }).count()).toBe(0);
    await page.screenshot({ path: join(shots, 'client-archived.png'), fullPage: true });
    await axe(page, 'archived client');
    await page.getByRole('button', { name: 'Restore' }).click();
    await page.getByRole('status').getByText('Restored.').waitFor();
    // The button is gone; the keyboard is on the next thing to do.
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('New assessment');
    expect(await page.getByText('This client is archived.').count()).toBe(0);
    expect((await getClient(db, org.id, client.id))?.archivedAt).toBeNull();
    await page.screenshot({ path: join(shots, 'client-restored.png'), fullPage: true });
    await axe(page, 'restored client');
    await context.close();
  }, 60_000);

  it('archives a client after a plain-words confirmation, lists them only when asked, and restores them', async () => {
    const db = server.database.handle.db;
    const org = await server.addOrganization();
    const clinician = await server.addUser(org, 'clinician');
    const now = server.now().toISOString();
    const jordan = await insertClient(db, {
      organizationId: org.id,
      createdBy: clinician.id,
      displayName: 'Jordan Pike',
      now,
    });
    await insertClient(db, { organizationId: org.id, createdBy: clinician.id, displayName: 'Lee Marsh', now });
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.on('pageerror', (error) => {
      throw error;
    });
    const focused = () => page.evaluate(() => document.activeElement?.textContent?.trim());
    const listStatus = page.getByRole('status');
    const clientLinks = () => page.locator('.client-list a').allTextContents();
    const toClientList = async () => {
      await page.getByRole('navigation', { name: 'Workspace' }).getByRole('link', { name: 'Clients' }).click();
      await page.getByRole('heading', { name: 'Clients' }).waitFor();
    };

    await signInToWorkspace(page, server.baseUrl, clinician.email);
    await listStatus.getByText('2 active clients.').waitFor();
    await page.getByRole('link', { name: 'Jordan Pike' }).click();
    await page.getByRole('heading', { name: 'Jordan Pike' }).waitFor();

    // Archive asks first, in plain words; Escape leaves everything as it was, keyboard on Archive.
    const archive = page.getByRole('button', { name: 'Archive', exact: true });
    expect(await archive.getAttribute('aria-expanded')).toBe('false');
    await archive.press('Enter');
    const question = page.getByRole('region', { name: 'Archive Jordan Pike?' });
    await question.waitFor();
    expect(await archive.getAttribute('aria-expanded')).toBe('true');
    await expect.poll(focused).toBe('Archive Jordan Pike?');
    const explanation = (await question.textContent()) ?? '';
    expect(explanation).toMatch(/keeps the record/);
    expect(explanation).toMatch(/read them and export them/);
    expect(explanation).toMatch(/no one can add an assessment or a plan, or change anything/);
    expect(explanation).toMatch(/To undo this, open the client and choose Restore/);
    await page.screenshot({ path: join(shots, 'archive-confirmation.png'), fullPage: true });
    await axe(page, 'archive confirmation');
    await page.keyboard.press('Escape');
    await question.waitFor({ state: 'detached' });
    await expect.poll(focused).toBe('Archive');
    expect((await getClient(db, org.id, jordan.id))?.archivedAt).toBeNull();

    // Confirmed: the page shows the archived state, announces it, and the keyboard is on Restore.
    await archive.click();
    await question.getByRole('button', { name: 'Archive Jordan Pike' }).click();
    await page.getByRole('status').getByText('Archived.').waitFor();
    await page.getByText('This client is archived.').waitFor();
    await expect.poll(focused).toBe('Restore');
    expect(await page.getByRole('link', { name: 'New assessment' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Archive', exact: true }).count()).toBe(0);
    expect((await getClient(db, org.id, jordan.id))?.archivedAt).not.toBeNull();
    await page.screenshot({ path: join(shots, 'client-just-archived.png'), fullPage: true });
    await axe(page, 'client just archived');

    // The default list leaves the archived client out; "show" brings them in, marked in words.
    await toClientList();
    await listStatus.getByText('1 active client.').waitFor();
    expect(await clientLinks()).toEqual(['Lee Marsh']);
    const show = page.getByLabel('Show');
    await show.selectOption('include');
    await listStatus.getByText('2 clients, active and archived.').waitFor();
    expect(await clientLinks()).toEqual(['Jordan Pike, Archived', 'Lee Marsh']);
    // Screen readers hear it in the link's name (Chromium puts a space before the hidden comma).
    const archivedLink = page.getByRole('link', { name: /^Jordan Pike ?, Archived$/ });
    expect(await archivedLink.count()).toBe(1);
    await page.screenshot({ path: join(shots, 'clients-with-archived.png'), fullPage: true });
    await axe(page, 'client list with archived clients');
    await show.selectOption('only');
    await listStatus.getByText('1 archived client.').waitFor();
    expect(await clientLinks()).toEqual(['Jordan Pike, Archived']);
    await page.getByLabel('Search by name or record number').fill('marsh');
    await listStatus.getByText('No archived clients found.').waitFor();
    await axe(page, 'client list, archived only, nothing found');
    await page.getByLabel('Search by name or record number').fill('');
    await listStatus.getByText('1 archived client.').waitFor();

    // Restore brings them back to the default list, unmarked.
    await archivedLink.click();
    await page.getByRole('button', { name: 'Restore' }).click();
    await page.getByRole('status').getByText('Restored.').waitFor();
    await expect.poll(focused).toBe('New assessment');
    await axe(page, 'client restored from the list');
    await toClientList();
    await listStatus.getByText('2 active clients.').waitFor();
    expect(await clientLinks()).toEqual(['Jordan Pike', 'Lee Marsh']);
    await context.close();
  }, 90_000);

  it('keeps the shared directory read-only, takes a clinic note on it, and lets an admin list and correct the clinic’s own program', async () => {
    const org = await server.addOrganization();
    const admin = await server.addUser(org, 'admin');
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await signInToWorkspace(page, server.baseUrl, admin.email, { hash: `#/programs` });
    await page.getByRole('heading', { name: 'Program directory' }).waitFor();
    await page.getByLabel('ZIP code', { exact: true }).fill(DEMO_ZIP);
    await page.getByRole('button', { name: 'Find' }).click();

    // A program of the shared directory: no editor, only the clinic's own note.
    await page.locator('.client-list button').first().click();
    await page.getByText('From the shared directory: only the operator changes it.').waitFor();
    expect(await page.getByRole('button', { name: 'Save tracks' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Save status' }).count()).toBe(0);
    // What the directory says about it, for the clinician who will call: address, phone, times.
    const facts = page.locator('dl.program-facts');
    for (const term of ['Address', 'Phone', 'Taking new clients', 'Session times']) {
      expect(await facts.locator('dt').allTextContents()).toContain(term);
    }
    expect(await facts.locator('a[href^="tel:"]').count()).toBeGreaterThan(0);
    await axe(page, 'directory program, read-only with the clinic note');
    await page.getByLabel('Note (only your clinic sees it)').fill('Ask for Dana at intake; evening groups fill fast.');
    await page.getByRole('button', { name: 'Save note' }).click();
    await page.getByRole('status').getByText('Note saved.').waitFor();
    await page.getByText('changed your clinic’s note').waitFor();
    await page.getByText('(none) → Ask for Dana at intake; evening groups fill fast.').waitFor();

    // The clinic lists a program it knows, then corrects it.
    await page.getByLabel('Program name').fill('Harborview Evening IOP');
    await page.getByLabel('Program setting').selectOption('iop');
    await page.getByLabel('Program ZIP code').fill(DEMO_ZIP);
    await page.getByLabel('Phone').fill('555-0142');
    await page.getByRole('button', { name: 'List the program' }).click();
    await page.getByRole('status').getByText('Harborview Evening IOP is listed by your clinic.').waitFor();
    await page.getByText('Listed by your clinic: your admins keep it up to date.').waitFor();
    await page.getByText('listed the program').waitFor();
    await axe(page, 'the clinic’s own program, editable');
    await page.getByLabel('No', { exact: true }).check();
    await page.getByLabel('Date confirmed').fill('2026-11-20');
    await page.getByRole('button', { name: 'Save status' }).click();
    await page.getByText('Accepting-new-clients status saved.').waitFor();
    await page.locator('dl.program-facts').getByText('No (confirmed 2026-11-20)').waitFor();
    await page.getByRole('button', { name: 'Add a track' }).click();
    const track = page.getByRole('group', { name: 'Track 1' });
    await track.getByLabel('Day').last().selectOption('sun');
    await track.getByLabel('Starts').last().fill('08:00');
    await track.getByLabel('Ends').last().fill('09:30');
    await page.getByRole('button', { name: 'Save tracks' }).click();
    await page.getByText('Session tracks saved.').waitFor();
    await page.getByText('replaced the session tracks').waitFor();
    await page.getByText('changed acceptingNewClients').waitFor();

    const programId = await page.evaluate(async () => {
      const response = await fetch('/api/v1/programs?limit=100');
      const body = (await response.json()) as { items: Array<{ id: string; name: string }> };
      return body.items.find((item) => item.name === 'Harborview Evening IOP')?.id ?? '';
    });
    const saved = (await (await page.request.get(`${server.baseUrl}/api/v1/programs/${programId}`)).json()) as {
      acceptingNewClients: { value: boolean | null; confirmedAt: string | null };
      tracks: Array<{ slots: Array<{ day: string; start: string; end: string }> }>;
      ownedBy: string;
      editable: boolean;
    };
    expect(saved.acceptingNewClients).toEqual({ value: false, confirmedAt: '2026-11-20' });
    expect(saved.tracks[0]?.slots).toContainEqual({ day: 'sun', start: '08:00', end: '09:30' });
    expect(saved).toMatchObject({ ownedBy: org.name, editable: true });
    await context.close();
  }, 90_000);
});
