/**
 * The client decision aid in a real browser (Debian's Chromium), served by the real server, on a
 * phone-sized screen: the whole flow in English and in Spanish, the red-flag path, offline use after
 * the first visit, the printed and PDF summary, keyboard-only use, and axe on every screen.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_SKIP_REASON, launchBrowser, screenshotDir, expectNoAxeViolations } from '../support/browser.js';
import { DEMO_ZIP, insertDemoPrograms } from '../../src/server/demo-programs.js';
import { englishWordsIn } from '../support/english-words.js';
import { startTestServer, type TestServer } from '../support/server.js';

type Ui = Record<string, string>;
const ui: Record<'en' | 'es', Ui> = {
  en: JSON.parse(readFileSync('content/en/ui.json', 'utf8')) as Ui,
  es: JSON.parse(readFileSync('content/es/ui.json', 'utf8')) as Ui,
};
const guide = {
  en: JSON.parse(readFileSync('content/en/guide.json', 'utf8')) as GuideText,
  es: JSON.parse(readFileSync('content/es/guide.json', 'utf8')) as GuideText,
};
interface GuideText {
  options: Array<{ id: string; name: string }>;
  situation: Record<string, { question: string; answers: Record<string, string> }>;
  sure: { items: Record<string, string>; nextSteps: Record<string, string> };
  values: Record<string, { label: string }>;
  safety: {
    urgent: { title: string };
    notes: Record<string, { heading: string; tellCareTeam: string }>;
    careTeamHeading: string;
  };
}

// 320 px is the narrowest phone the aid supports.
const PHONE = { viewport: { width: 320, height: 640 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
const STEP_HASHES = ['decision', 'learn', 'options', 'situation', 'values', 'week', 'sure', 'summary'];

if (BROWSER_SKIP_REASON) console.log(BROWSER_SKIP_REASON);

describe.skipIf(BROWSER_SKIP_REASON !== undefined)('decision aid in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  const shots = screenshotDir('decision-aid');

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** A fresh phone context that records every request, to prove nothing leaves the origin. */
  async function phone(width = 320): Promise<{ context: BrowserContext; page: Page; requests: string[] }> {
    const context = await browser.newContext({ ...PHONE, viewport: { ...PHONE.viewport, width } });
    const page = await context.newPage();
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    page.on('pageerror', (error) => {
      throw error;
    });
    return { context, page, requests };
  }

  async function answer(page: Page, legend: string, label: string): Promise<void> {
    await page.getByRole('group', { name: legend, exact: false }).getByLabel(label, { exact: true }).check();
  }

  /** Walks the whole flow in one language, checking and photographing each screen. */
  async function completeFlow(page: Page, lang: 'en' | 'es', tag: string, axe = true): Promise<void> {
    const t = ui[lang];
    const g = guide[lang];
    for (const [index, step] of STEP_HASHES.entries()) {
      await expect.poll(() => page.evaluate(() => window.location.hash)).toBe(`#/${step}`);
      await expect.poll(() => page.locator('progress').getAttribute('value')).toBe(String(index + 1));
      // Crisis help is on every screen.
      expect(await page.locator('a[href="tel:988"]').count()).toBeGreaterThan(0);
      expect(await page.locator('a[href="sms:988"]').count()).toBeGreaterThan(0);
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);
      // Nothing is wider than the phone: no sideways scrolling.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
      if (step === 'options') {
        // Nothing is pre-selected, and the options are in the fixed order.
        expect(await page.locator('input[type=checkbox]:checked').count()).toBe(0);
        const names = await page.locator('article.option h2').allTextContents();
        expect(names).toEqual(g.options.map((option) => option.name));
        await page.getByLabel((t['options.considering'] ?? '').replace('{name}', g.options[0]?.name ?? '')).check();
      }
      if (step === 'situation') {
        expect(await page.locator('input[type=radio]:checked').count()).toBe(0);
        for (const [question, value] of Object.entries({
          suicide: 'no',
          overdose: 'no',
          withdrawalNow: 'no',
          heavyUse: 'no',
          medication: 'opioid',
          safeAlone: 'not-sure',
          mentalHealth: 'yes',
          responsibilities: 'work',
          home: 'sober',
          therapistSaid: 'iop',
          support: 'some',
          confidence: 'somewhat',
        })) {
          const words = g.situation[question];
          if (!words) throw new Error(`no words for ${question}`);
          await answer(page, words.question, words.answers[value] ?? value);
        }
        await page.getByLabel(t['situation.therapistWhy'] ?? '').fill('Evening groups fit my job.');
      }
      if (step === 'values') {
        await answer(page, g.values.job?.label ?? '', t['values.level.very'] ?? '');
        await answer(page, g.values.children?.label ?? '', t['values.level.somewhat'] ?? '');
      }
      if (step === 'week') {
        for (const day of ['mon', 'wed', 'thu']) {
          const label = (t['week.cell'] ?? '')
            .replace('{day}', t[`day.long.${day}`] ?? '')
            .replace('{part}', t['week.part.evening'] ?? '');
          await page.getByLabel(label, { exact: true }).check();
        }
      }
      if (step === 'sure') {
        for (const item of ['sure', 'understand', 'risks', 'encouragement']) {
          await answer(
            page,
            g.sure.items[item] ?? '',
            item === 'sure' ? (t['answer.no'] ?? '') : (t['answer.yes'] ?? ''),
          );
        }
        await expect.poll(() => page.locator('.score').textContent()).toContain('3');
        await answer(page, t['sure.leaning'] ?? '', g.options[0]?.name ?? '');
        await answer(page, t['sure.pressure'] ?? '', t['sure.pressure.some'] ?? '');
        await page.getByLabel(t['sure.others'] ?? '').fill('My sister');
        // The "no" comes with something to do next.
        expect(await page.locator('.score li').allTextContents()).toEqual([g.sure.nextSteps.sure]);
      }
      await page.screenshot({ path: join(shots, `${tag}-${index + 1}-${step}.png`), fullPage: true });
      if (axe) await expectNoAxeViolations(page, `${tag} ${step}`);
      if (step !== 'summary') await page.getByRole('link', { name: t['app.next'], exact: true }).click();
    }
    // The summary holds what was entered: date, leaning, values, what the therapist said, the week in
    // the reader's clock, SURE with the "no" and what to do, who else is involved.
    const summary = (await page.locator('main').textContent()) ?? '';
    expect(summary).toContain(g.options[0]?.name ?? '');
    expect(summary).toContain('Evening groups fit my job.');
    expect(summary).toContain('3');
    expect(await page.locator('.summary-date').textContent()).toMatch(/20\d\d/);
    expect(await page.locator('#s-leaning + p').textContent()).toContain(g.options[0]?.name ?? '');
    const values = await page.locator('section[aria-labelledby="s-values"] li').allTextContents();
    expect(values).toContain(
      (t['summary.valueLine'] ?? '')
        .replace('{value}', g.values.job?.label ?? '')
        .replace('{level}', t['values.level.very'] ?? ''),
    );
    expect(await page.locator('section[aria-labelledby="s-therapist"]').textContent()).toContain(
      g.situation.therapistSaid?.answers.iop ?? '',
    );
    expect(await page.locator('section[aria-labelledby="s-sure-no"] li').allTextContents()).toEqual([
      `${g.sure.items.sure} ${t['answer.no']}. ${g.sure.nextSteps.sure}`,
    ]);
    expect(await page.locator('section[aria-labelledby="s-others"]').textContent()).toContain('My sister');
    expect(await page.locator('section[aria-labelledby="s-week"] li').first().textContent()).toBe(
      lang === 'en' ? 'Monday, 5 pm to 9 pm' : 'Lunes, de 17:00 a 21:00',
    );
  }

  it('completes the whole flow in English on a phone, prints the summary and saves it as a PDF', async () => {
    const { context, page, requests } = await phone();
    await page.goto(`${server.baseUrl}/`);
    await completeFlow(page, 'en', 'en');

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: ui.en['summary.pdf'] }).click();
    const file = join(shots, 'summary-en.pdf');
    await (await download).saveAs(file);
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
    expect(text).toContain(ui.en['summary.title']);
    expect(text).toContain('Evening groups fit my job.');
    expect(text).toContain('988');

    await page.emulateMedia({ media: 'print' });
    const printed = join(shots, 'summary-en-printed.pdf');
    writeFileSync(printed, await page.pdf({ format: 'Letter' }));
    expect(execFileSync('pdftotext', [printed, '-'], { encoding: 'utf8' })).toContain(ui.en['summary.questions']);

    const origins = new Set(requests.map((url) => new URL(url).origin));
    expect([...origins].filter((origin) => origin !== server.baseUrl && origin !== 'null')).toEqual([]);
    await context.close();
  }, 120_000);

  it('completes the whole flow in Spanish from ?lang=es', async () => {
    const { context, page } = await phone();
    await page.goto(`${server.baseUrl}/?lang=es#/decision`);
    await completeFlow(page, 'es', 'es');
    await context.close();
  }, 120_000);

  it('keeps the step and the answers when the language changes', async () => {
    const { context, page } = await phone();
    await page.goto(`${server.baseUrl}/#/week`);
    const monday = (ui.en['week.cell'] ?? '')
      .replace('{day}', ui.en['day.long.mon'] ?? '')
      .replace('{part}', ui.en['week.part.morning'] ?? '');
    await page.getByLabel(monday, { exact: true }).check();
    await page.getByRole('button', { name: ui.en['app.otherLanguage'] }).click();
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('es');
    expect(await page.evaluate(() => window.location.hash)).toBe('#/week');
    expect(page.url()).toContain('lang=es');
    const lunes = (ui.es['week.cell'] ?? '')
      .replace('{day}', ui.es['day.long.mon'] ?? '')
      .replace('{part}', ui.es['week.part.morning'] ?? '');
    expect(await page.getByLabel(lunes, { exact: true }).isChecked()).toBe(true);
    await context.close();
  });

  for (const [lang, width] of [
    ['en', 320],
    ['en', 390],
    ['es', 320],
    ['es', 390],
  ] as const) {
    it(`shows help for an overdose answer in place, and Next alone still reaches the summary (${lang}, ${width} px)`, async () => {
      const { context, page } = await phone(width);
      await page.goto(`${server.baseUrl}/${lang === 'es' ? '?lang=es' : ''}#/situation`);
      const overdose = guide[lang].situation.overdose;
      const help = guide[lang].safety.notes.overdose;
      if (!overdose || !help) throw new Error('no overdose question or help');
      const group = page.getByRole('group', { name: overdose.question });
      await group.getByLabel(overdose.answers.yes ?? 'Yes', { exact: true }).check();
      // The help for that answer is drawn inside the question, and the screen stays where it is.
      await expect.poll(() => group.locator('.safety-help').textContent()).toContain(help.heading);
      const helpText = (await group.locator('.safety-help').textContent()) ?? '';
      expect(helpText).toMatch(lang === 'en' ? /naloxone/i : /naloxona/i);
      expect(helpText).toContain(
        lang === 'en' ? 'Time without use lowers your tolerance' : 'El tiempo sin consumir baja tu tolerancia',
      );
      expect(helpText).not.toMatch(/alcohol/i);
      expect(await page.evaluate(() => window.location.hash)).toBe('#/situation');
      await page.screenshot({ path: join(shots, `safety-overdose-${lang}-${width}.png`), fullPage: true });
      await expectNoAxeViolations(page, `overdose help ${lang} ${width}`);
      // Next, and only Next, from here to the summary.
      for (const step of STEP_HASHES.slice(STEP_HASHES.indexOf('situation') + 1)) {
        await page.getByRole('link', { name: ui[lang]['app.next'], exact: true }).click();
        await expect.poll(() => page.evaluate(() => window.location.hash)).toBe(`#/${step}`);
      }
      const careTeam = page.locator('section.care-team');
      await expect.poll(() => careTeam.locator('h2').textContent()).toBe(guide[lang].safety.careTeamHeading);
      expect(await careTeam.locator('li').allTextContents()).toEqual([help.tellCareTeam]);
      await context.close();
    }, 60_000);
  }

  it('puts 988 and 911 first on the same screen for thoughts of ending one’s life right now, and lets the person go on', async () => {
    const { context, page } = await phone();
    await page.goto(`${server.baseUrl}/#/situation`);
    const suicide = guide.en.situation.suicide;
    if (!suicide) throw new Error('no suicide question');
    await page
      .getByRole('group', { name: suicide.question })
      .getByLabel(suicide.answers.now ?? '', { exact: true })
      .check();
    const urgent = page.locator('main section.urgent');
    await expect.poll(() => urgent.locator('h2').textContent()).toBe(guide.en.safety.urgent.title);
    expect(await urgent.locator('a[href="tel:988"]').count()).toBe(1);
    expect(await urgent.locator('a[href="sms:988"]').count()).toBe(1);
    expect(await urgent.locator('a[href="tel:911"]').count()).toBe(1);
    // First on the screen: right under the heading, before the first question.
    const order = await page.evaluate(() => {
      const panel = document.querySelector('main section.urgent');
      const question = document.querySelector('main fieldset');
      return panel && question ? panel.compareDocumentPosition(question) & Node.DOCUMENT_POSITION_FOLLOWING : 0;
    });
    expect(order).toBeGreaterThan(0);
    expect(await page.evaluate(() => window.location.hash)).toBe('#/situation');
    await page.screenshot({ path: join(shots, 'safety-urgent.png'), fullPage: true });
    await expectNoAxeViolations(page, 'urgent help');
    await page.getByRole('link', { name: ui.en['app.next'], exact: true }).click();
    await expect.poll(() => page.evaluate(() => window.location.hash)).toBe('#/values');
    // The summary says it to the care team, with 988 and 911 in that same box.
    await page.evaluate(() => {
      window.location.hash = '#/summary';
    });
    const careTeam = page.locator('main section.care-team');
    await careTeam.locator('a[href="tel:988"]').waitFor();
    expect(await careTeam.locator('a[href="tel:911"]').count()).toBe(1);
    await expectNoAxeViolations(page, 'summary with immediate danger');
    await context.close();
  });

  it('keeps the crisis bar in reach, and offers a quick exit that replaces this page and Forget my answers on every screen', async () => {
    const { context, page } = await phone();
    // The quick exit's page is answered here, so the test makes no request outside this server.
    await context.route('https://www.weather.gov/**', (route) =>
      route.fulfill({ status: 200, contentType: 'text/html', body: '<title>Weather</title>' }),
    );
    for (const step of [...STEP_HASHES, 'programs', 'about']) {
      await page.goto(`${server.baseUrl}/#/${step}`);
      await page.locator('h1').first().waitFor();
      expect(await page.getByRole('button', { name: ui.en['forget.button'], exact: true }).count(), step).toBe(1);
      expect(await page.getByRole('button', { name: ui.en['app.quickExit'], exact: true }).count(), step).toBe(1);
      // Scrolled to the bottom, the crisis links are still on screen.
      await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      const top = await page.locator('aside.crisis').evaluate((el) => el.getBoundingClientRect().top);
      expect(top, step).toBe(0);
      expect(await page.locator('aside.crisis a[href="tel:988"]').isVisible(), step).toBe(true);
    }
    await page.goto(`${server.baseUrl}/#/decision`);
    await page.goto(`${server.baseUrl}/#/week`);
    const before = await page.evaluate(() => window.history.length);
    await page.getByRole('button', { name: ui.en['app.quickExit'], exact: true }).click();
    await page.waitForURL('https://www.weather.gov/');
    expect(await page.evaluate(() => window.history.length)).toBe(before);
    await page.goBack();
    // Back leads to the screen before, not to the one the person left in a hurry.
    expect(page.url()).not.toContain('#/week');
    await context.close();
  }, 90_000);

  it('works offline after the first visit', async () => {
    const { context, page } = await phone();
    await page.goto(`${server.baseUrl}/`);
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    // The worker controls the page after a reload; then the whole app is cached.
    await page.reload();
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    await context.setOffline(true);
    await page.reload();
    await page.goto(`${server.baseUrl}/#/decision`);
    // axe already ran on every screen in the online flows.
    await completeFlow(page, 'en', 'offline', false);
    // Offline, the summary is still shared: copied as text (the fallback where there is no share sheet),
    // and saved as a PDF made on the device.
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.baseUrl });
    await page.getByRole('button', { name: ui.en['summary.copy'], exact: true }).click();
    await expect.poll(() => page.getByText(ui.en['summary.copied'] ?? '').count()).toBe(1);
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toContain(ui.en['summary.title']);
    expect(copied).toContain('Evening groups fit my job.');
    expect(copied).toContain('988');
    const shareButtons = await page.getByRole('button', { name: ui.en['summary.share'], exact: true }).count();
    expect(shareButtons).toBe((await page.evaluate(() => typeof navigator.share === 'function')) ? 1 : 0);
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: ui.en['summary.pdf'] }).click();
    const file = join(shots, 'summary-offline.pdf');
    await (await download).saveAs(file);
    expect(execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' })).toContain('Evening groups fit my job.');
    // The other language's content is cached too.
    await page.getByRole('button', { name: ui.en['app.otherLanguage'] }).click();
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('es');
    await context.close();
  }, 120_000);

  /** The demo programs near DEMO_ZIP, put in once for the tests that search for programs. */
  let demoPrograms: Promise<void> | undefined;
  const withDemoPrograms = () => (demoPrograms ??= insertDemoPrograms(server.database.handle.db, new Date()));

  /** Ticks Monday, Wednesday and Thursday evenings, then searches for programs near the demo ZIP code. */
  async function searchPrograms(page: Page, lang: 'en' | 'es'): Promise<void> {
    const t = ui[lang];
    await page.goto(`${server.baseUrl}/?lang=${lang}#/week`);
    for (const day of ['mon', 'wed', 'thu']) {
      const label = (t['week.cell'] ?? '')
        .replace('{day}', t[`day.long.${day}`] ?? '')
        .replace('{part}', t['week.part.evening'] ?? '');
      await page.getByLabel(label, { exact: true }).check();
    }
    await page.goto(`${server.baseUrl}/?lang=${lang}#/programs`);
    await page.getByLabel(t['programs.zip'] ?? '').fill(DEMO_ZIP);
    await page.getByRole('button', { name: t['programs.search'] }).click();
    await page.locator('.matches li.option').first().waitFor();
  }

  it('finds programs that fit my week for a ZIP code, without an account', async () => {
    await withDemoPrograms();
    const { context, page, requests } = await phone();
    const sent: string[] = [];
    page.on('request', (request) => {
      if (request.url() === `${server.baseUrl}/api/v1/programs/match`) sent.push(request.postData() ?? '');
    });
    await searchPrograms(page, 'en');
    const text = (await page.locator('.matches').textContent()) ?? '';
    // Each match explains itself: which sessions fit the week, how far, where the listing comes from.
    expect(text).toMatch(/fits your week/i);
    expect(text).toMatch(/miles/);
    expect(text).toMatch(/listed in|demo data/i);
    // Each card shows every line of the server's explanation, including what is still to check (times
    // not on file, new clients not confirmed), and says the distance once.
    const answer = (await (
      await fetch(`${server.baseUrl}/api/v1/programs/match`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: sent[0] ?? '',
      })
    ).json()) as {
      items: Array<{
        distanceMiles: number | null;
        fit: string[];
        conflicts: string[];
        notes: string[];
        details: { lines: string[] };
      }>;
    };
    const cards = page.locator('.matches li.option');
    expect(await cards.count()).toBe(answer.items.length);
    expect(answer.items.some((item) => item.notes.length > 0)).toBe(true);
    for (const [index, item] of answer.items.entries()) {
      const card = cards.nth(index);
      expect(await card.locator('ul.explain li').allTextContents()).toEqual([
        ...item.fit,
        ...item.conflicts,
        ...item.notes,
      ]);
      expect(await card.locator('li.to-check').allTextContents()).toEqual(item.notes);
      const lines = await card.locator('ul.explain li, p').allTextContents();
      const saidMiles = lines.flatMap((line) => line.match(/\bmiles?\b/g) ?? []);
      expect(saidMiles.length, lines.join(' | ')).toBe(item.distanceMiles === null ? 0 : 1);
      // What a person needs to act: a phone link, the address with a map link, medicine and payment.
      expect(await card.locator('a[href^="tel:+1555"]').count()).toBe(1);
      expect(await card.locator('a[href^="https://www.openstreetmap.org/"]').count()).toBe(1);
      const said = new Set(item.fit.map((line) => line.toLowerCase()));
      expect(await card.locator('ul.details li').allTextContents()).toEqual(
        item.details.lines.filter((line) => !said.has(line.toLowerCase())),
      );
      expect(item.details.lines.some((line) => /medicine|keep taking/i.test(line))).toBe(true);
    }
    await page.screenshot({ path: join(shots, 'programs.png'), fullPage: true });
    await expectNoAxeViolations(page, 'programs');
    // The only call that left the page went to this server's public match endpoint, with no cookie.
    const api = requests.filter((url) => url.includes('/api/'));
    expect(api.every((url) => url === `${server.baseUrl}/api/v1/programs/match`)).toBe(true);
    await context.close();
  }, 60_000);

  it('explains the programs in Spanish from ?lang=es, and asks again after a language switch', async () => {
    await withDemoPrograms();
    const { context, page } = await phone();
    const bodies: Array<Record<string, unknown>> = [];
    page.on('request', (request) => {
      if (request.url() === `${server.baseUrl}/api/v1/programs/match`) {
        bodies.push(JSON.parse(request.postData() ?? '{}') as Record<string, unknown>);
      }
    });
    await searchPrograms(page, 'es');
    expect(bodies).toEqual([expect.objectContaining({ zip: DEMO_ZIP, language: 'es' })]);
    const text = (await page.locator('.matches').textContent()) ?? '';
    expect(text).toMatch(/va con tu semana/i);
    expect(text).toContain('millas');
    expect(text).toContain('datos de prueba');
    // Every explanation and source label is Spanish; program and track names are data and stay as they are.
    const answer = (await (
      await fetch(`${server.baseUrl}/api/v1/programs/match`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(bodies[0]),
      })
    ).json()) as { items: Array<{ program: { name: string }; bestTrack: { name: string } | null }> };
    const names = answer.items.flatMap((item) => [item.program.name, item.bestTrack?.name ?? item.program.name]);
    const lines = [
      ...(await page.locator('.matches li.option ul.explain li, .matches li.option ul.details li').allTextContents()),
      ...(await page.locator('.matches li.option > p.note').allTextContents()),
    ].map((line) => names.reduce((rest, name) => rest.replaceAll(name, ''), line));
    // Track names are said by when they meet, in Spanish.
    expect(answer.items.every((item) => item.bestTrack === null || /^Grupo /.test(item.bestTrack.name))).toBe(true);
    expect(lines.length).toBeGreaterThan(answer.items.length);
    const english =
      /\b(fits?|your|week|sessions?|overlaps?|free|busy|miles?|about|away|offers|telehealth|accepts|people|taking|clients|confirmed|listed|added|demo|data|am|pm|mon|tue|wed|thu|fri|sat|sun)\b/i;
    for (const line of lines) expect(line, line).not.toMatch(english);
    await page.screenshot({ path: join(shots, 'programs-es.png'), fullPage: true });
    await expectNoAxeViolations(page, 'programs es');

    // Switched to English, the Spanish answers go away until the person searches again.
    await page.getByRole('button', { name: ui.es['app.otherLanguage'] }).click();
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(await page.locator('.matches').count()).toBe(0);
    await page.getByRole('button', { name: ui.en['programs.search'], exact: true }).click();
    await page.locator('.matches li.option').first().waitFor();
    expect(await page.locator('.matches').textContent()).toMatch(/fits your week/i);
    expect(bodies.map((body) => body.language)).toEqual(['es', 'en']);
    await context.close();
  }, 60_000);

  it('explains every ZIP code error and clears old results', async () => {
    await withDemoPrograms();
    const { context, page } = await phone();
    await page.goto(`${server.baseUrl}/#/programs`);
    const zip = page.getByLabel(ui.en['programs.zip'] ?? '');
    const search = page.getByRole('button', { name: ui.en['programs.search'], exact: true });
    await zip.fill('abc');
    await search.click();
    await expect.poll(() => page.locator('#zip-error').textContent()).toBe(ui.en['programs.zipFormat']);
    expect(await zip.getAttribute('aria-invalid')).toBe('true');
    await zip.fill(DEMO_ZIP);
    await search.click();
    await page.locator('.matches li.option').first().waitFor();
    expect(await page.locator('#zip-error').count()).toBe(0);
    await zip.fill('00000');
    await search.click();
    await expect
      .poll(() => page.locator('#zip-error').textContent())
      .toBe((ui.en['programs.zipUnknown'] ?? '').replace('{zip}', '00000'));
    // The old results are gone, and nothing says "none found" beside the error.
    expect(await page.locator('.matches').count()).toBe(0);
    expect(await page.locator('.shortfall').count()).toBe(0);
    await page.screenshot({ path: join(shots, 'programs-zip-error.png'), fullPage: true });
    await expectNoAxeViolations(page, 'programs zip error');
    await context.close();
  }, 60_000);

  it.each(['en', 'es'] as const)(
    'says distance is the cause far from any program, offers a wider radius, and falls back to the helpline (%s)',
    async (lang) => {
      await withDemoPrograms();
      const { context, page } = await phone();
      const bodies: Array<Record<string, unknown>> = [];
      page.on('request', (request) => {
        if (request.url() === `${server.baseUrl}/api/v1/programs/match`)
          bodies.push(JSON.parse(request.postData() ?? '{}') as Record<string, unknown>);
      });
      await page.goto(`${server.baseUrl}/${lang === 'es' ? '?lang=es' : ''}#/programs`);
      await page.getByLabel(ui[lang]['programs.zip'] ?? '').fill('99501');
      await page.getByRole('button', { name: ui[lang]['programs.search'], exact: true }).click();
      await page.locator('.shortfall').waitFor();
      const text = (await page.locator('.shortfall').textContent()) ?? '';
      expect(text).not.toContain(ui[lang]['programs.why.times']);
      expect(text).toContain((ui[lang]['programs.why.none'] ?? '').replace('{miles}', '25'));
      expect(await page.locator('.results a[href="tel:+18006624357"]').count()).toBe(1);
      await page.getByRole('button', { name: (ui[lang]['programs.widen'] ?? '').replace('{miles}', '50') }).click();
      await expect.poll(() => bodies.map((body) => body.radiusMiles)).toEqual([25, 50]);
      await expect
        .poll(() => page.getByLabel((ui[lang]['programs.miles'] ?? '').replace('{miles}', '50')).isChecked())
        .toBe(true);

      // Near the demo programs, 10 miles with a need nobody meets: the needs are named as the cause.
      await page.getByLabel(ui[lang]['programs.zip'] ?? '').fill(DEMO_ZIP);
      await page.getByLabel(ui[lang]['programs.medicine'] ?? '').selectOption('methadone');
      await page.getByLabel(ui[lang]['programs.soberHome'] ?? '').check();
      await page.getByLabel(guide[lang].options.find((option) => option.id === 'php')?.name ?? '').check();
      await page.getByRole('button', { name: ui[lang]['programs.search'], exact: true }).click();
      await expect.poll(() => page.locator('.shortfall').textContent()).toContain(ui[lang]['programs.why.needs']);
      expect(bodies.at(-1)).toMatchObject({
        setting: 'php',
        needs: { medicationContinuity: 'methadone', recoveryHousing: true },
      });
      // A sober home beside an IOP: the demo program that has one.
      await page.getByLabel(guide[lang].options.find((option) => option.id === 'iop')?.name ?? '').check();
      await page.getByRole('button', { name: ui[lang]['programs.search'], exact: true }).click();
      await page.locator('.matches li.option').first().waitFor();
      const names = await page.locator('.matches li.option h2').allTextContents();
      expect(names).toEqual(['Maple Street Recovery Center (demo)']);
      await page.screenshot({ path: join(shots, `programs-sober-home-${lang}.png`), fullPage: true });
      await expectNoAxeViolations(page, `programs sober home ${lang}`);
      await context.close();
    },
    60_000,
  );

  for (const width of [320, 390]) {
    it(`shows no English word on any Spanish screen, program results included, with axe clean everywhere (${width} px)`, async () => {
      await withDemoPrograms();
      const { context, page } = await phone(width);
      const t = ui.es;
      const g = guide.es;
      /** Names a Spanish reader sees as they are: the product, organisations, brands, programs, places. */
      const names = [
        'Stepdown',
        'SAMHSA',
        'Narcan',
        'Suboxone',
        'Vivitrol',
        'Xanax',
        'Decisions in Recovery',
        'Medicaid',
        'Medicare',
        'TRICARE',
        'FindTreatment.gov',
        'Ottawa Hospital Research Institute',
      ];
      const check = async (where: string) => {
        // Bibliographic citations are titles of publications, kept as published.
        const text = await page.evaluate(() => {
          const copy = document.body.cloneNode(true) as HTMLElement;
          for (const element of copy.querySelectorAll(
            '.sources, .citation, script, style, noscript, [lang]:not([lang="es"])',
          ))
            element.remove();
          // Every text node, spaced, so words of neighbouring elements never run together.
          const walker = document.createTreeWalker(copy, NodeFilter.SHOW_TEXT);
          const parts: string[] = [];
          for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) parts.push(node.nodeValue ?? '');
          return parts.join(' ');
        });
        expect(englishWordsIn(text, names), `${where}: English on a Spanish screen`).toEqual([]);
        expect(await page.evaluate(() => document.documentElement.scrollWidth), where).toBeLessThanOrEqual(width);
        await expectNoAxeViolations(page, `es ${where} ${width}`);
      };
      await page.goto(`${server.baseUrl}/?lang=es#/decision`);
      await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('es');
      for (const step of ['decision', 'learn', 'options']) {
        await page.goto(`${server.baseUrl}/?lang=es#/${step}`);
        await page.locator('h1').first().waitFor();
        await check(step);
      }
      // Every option opened, as a reader who wants to know more.
      for (const summary of await page.locator('article.option details summary').all()) await summary.click();
      await check('options opened');
      await page.goto(`${server.baseUrl}/?lang=es#/situation`);
      const answers: Record<string, string> = {
        suicide: 'past',
        overdose: 'yes',
        withdrawalNow: 'mild',
        heavyUse: 'yes',
        medication: 'opioid',
      };
      for (const [question, value] of Object.entries(answers)) {
        const words = g.situation[question];
        if (!words) throw new Error(`no words for ${question}`);
        await answer(page, words.question, words.answers[value] ?? value);
      }
      await check('situation with help shown');
      await answer(page, g.situation.suicide?.question ?? '', g.situation.suicide?.answers.now ?? '');
      await page.locator('section.urgent').waitFor();
      await check('situation in danger now');
      await page.goto(`${server.baseUrl}/?lang=es#/values`);
      await answer(page, g.values.job?.label ?? '', t['values.level.very'] ?? '');
      await check('values');
      await page.goto(`${server.baseUrl}/?lang=es#/week`);
      for (const day of ['mon', 'wed', 'thu', 'sat']) {
        const part = day === 'sat' ? 'morning' : 'evening';
        const label = (t['week.cell'] ?? '')
          .replace('{day}', t[`day.long.${day}`] ?? '')
          .replace('{part}', t[`week.part.${part}`] ?? '');
        await page.getByLabel(label, { exact: true }).check();
      }
      await check('week');
      await page.goto(`${server.baseUrl}/?lang=es#/sure`);
      for (const item of ['sure', 'understand', 'risks', 'encouragement'])
        await answer(
          page,
          g.sure.items[item] ?? '',
          item === 'risks' ? (t['answer.no'] ?? '') : (t['answer.yes'] ?? ''),
        );
      await answer(page, t['sure.pressure'] ?? '', t['sure.pressure.yes'] ?? '');
      await check('sure');
      await page.goto(`${server.baseUrl}/?lang=es#/summary`);
      await page.locator('section.care-team').waitFor();
      await check('summary');
      await page.goto(`${server.baseUrl}/?lang=es#/programs`);
      await page.getByLabel(t['programs.zip'] ?? '').fill(DEMO_ZIP);
      await page.getByRole('button', { name: t['programs.search'], exact: true }).click();
      await page.locator('.matches li.option').first().waitFor();
      names.push(...(await page.locator('.matches li.option h2').allTextContents()));
      names.push(...(await page.locator('.matches ul.reach li span').allTextContents()));
      await check('programs');
      await page.screenshot({ path: join(shots, `programs-es-${width}.png`), fullPage: true });
      await page.getByLabel(t['programs.zip'] ?? '').fill('abc');
      await page.getByRole('button', { name: t['programs.search'], exact: true }).click();
      await page.locator('#zip-error').waitFor();
      await check('programs zip error');
      await page.goto(`${server.baseUrl}/?lang=es#/about`);
      await page.locator('h1').first().waitFor();
      await check('about');
      await context.close();
    }, 180_000);
  }

  it.each(['en', 'es'] as const)(
    'can be completed with the keyboard alone (%s)',
    async (lang) => {
      const t = ui[lang];
      const { context, page } = await phone();
      await page.goto(`${server.baseUrl}/${lang === 'es' ? '?lang=es' : ''}#/decision`);
      const next = t['app.next'] ?? 'Next';
      /**
       * Tabs through one step as a keyboard user would: picks the first answer of every question
       * (Space on the first radio of a group with no answer), ticks up to `ticks` check boxes, then
       * presses Enter on the Next link that leads to `nextHash`. Never touches the mouse.
       */
      const step = async (ticks: number, nextHash: string): Promise<void> => {
        let ticked = 0;
        for (let presses = 0; presses < 400; presses++) {
          await page.keyboard.press('Tab');
          const focused = await page.evaluate(() => {
            const el = document.activeElement;
            if (!(el instanceof HTMLElement)) return null;
            const input = el instanceof HTMLInputElement ? el : null;
            return {
              tag: el.tagName,
              type: input?.type ?? '',
              checked: input?.checked ?? false,
              groupAnswered:
                input?.type === 'radio'
                  ? document.querySelectorAll(`input[name="${input.name}"]:checked`).length > 0
                  : false,
              text: el.textContent?.trim() ?? '',
              href: el.getAttribute('href') ?? '',
            };
          });
          if (!focused) continue;
          if (focused.type === 'radio' && !focused.groupAnswered) await page.keyboard.press('Space');
          else if (focused.type === 'checkbox' && !focused.checked && ticked < ticks) {
            await page.keyboard.press('Space');
            ticked++;
          } else if (focused.tag === 'A' && focused.text === next && focused.href === nextHash) {
            await page.keyboard.press('Enter');
            return;
          }
        }
        throw new Error(`could not finish ${await page.evaluate(() => window.location.hash)} with the keyboard`);
      };
      const ticksPerStep: Record<string, number> = { options: 1, week: 3 };
      for (const [index, name] of STEP_HASHES.slice(0, -1).entries()) {
        await expect.poll(() => page.evaluate(() => window.location.hash)).toBe(`#/${name}`);
        // The address changes before the screen does: wait until the new screen is drawn and, after the
        // first, has moved focus to its heading, as a keyboard user would before pressing Tab.
        await expect.poll(() => page.locator('progress').getAttribute('value')).toBe(String(index + 1));
        if (index > 0) await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
        await step(ticksPerStep[name] ?? 0, `#/${STEP_HASHES[index + 1]}`);
      }
      await expect.poll(() => page.evaluate(() => window.location.hash)).toBe('#/summary');
      await expect.poll(() => page.locator('progress').getAttribute('value')).toBe(String(STEP_HASHES.length));
      const summary = (await page.locator('main').textContent()) ?? '';
      expect(summary).toContain(guide[lang].options[0]?.name ?? '');
      expect(summary).toContain((t['sure.score'] ?? '').replace('{score}', '4'));
      expect(summary).toContain(
        (t['summary.slot'] ?? '')
          .replace('{day}', t['day.long.mon'] ?? '')
          .replace('{start}', lang === 'en' ? '8 am' : '8:00')
          .replace('{end}', lang === 'en' ? '9 pm' : '21:00'),
      );
      await context.close();
    },
    120_000,
  );

  it('has no axe violations on the about page in both languages', async () => {
    const { context, page } = await phone();
    for (const lang of ['en', 'es']) {
      await page.goto(`${server.baseUrl}/?lang=${lang}#/about`);
      await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe(lang);
      await expectNoAxeViolations(page, `about ${lang}`);
      await page.screenshot({ path: join(shots, `about-${lang}.png`), fullPage: true });
    }
    await context.close();
  }, 60_000);
});
