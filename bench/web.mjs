#!/usr/bin/env node
// bench/web: what the client decision aid costs a phone on first load, and how Lighthouse (mobile
// profile, Debian's Chromium) scores it, beside a baseline measured in the same run: the same
// Lighthouse run against a minimal static page served the same way (the best score this machine
// and browser can give), and, for sizes, the budget.
//
//   npm run bench -- web            (needs /usr/bin/chromium; builds dist/ first when stale)
//
// Budgets from the issue: at most 60 KB of gzip JavaScript on first load; performance score >= 95.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { chromium } from 'playwright-core';
import { ensureFreshBuild } from './lib/build.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const CHROMIUM = process.env.STEPDOWN_CHROMIUM ?? '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const JS_BUDGET_KB = 60;
const SCORE_BUDGET = 95;

ensureFreshBuild(root);

async function freePort() {
  const probe = createServer();
  probe.listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address();
  probe.close();
  return port;
}

/** Starts the real Stepdown server on SQLite in a temporary data folder. */
async function startStepdown() {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'stepdown-bench-web-'));
  const child = spawn(process.execPath, [join(root, 'bin', 'stepdown'), 'serve'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      STEPDOWN_DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      STEPDOWN_SEED_DEMO: 'false',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  const deadline = Date.now() + 30_000;
  while (!output.includes('is running at')) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`Stepdown did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url: `http://127.0.0.1:${port}/`,
    stop: async () => {
      child.kill('SIGTERM');
      await once(child, 'exit');
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The baseline: a minimal page (a heading and a paragraph) from a bare node:http server. */
async function startBaseline() {
  const page =
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="description" content="Baseline"><title>Baseline</title></head><body><main><h1>Baseline</h1><p>A minimal page.</p></main></body></html>';
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' });
    response.end(page);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    stop: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** JavaScript and CSS a phone downloads before the aid is usable, measured in a real browser. */
async function firstLoadSizes(url) {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: FLAGS.filter((flag) => flag !== '--headless'),
  });
  const context = await browser.newContext({
    viewport: { width: 360, height: 740 },
    isMobile: true,
    serviceWorkers: 'block',
  });
  const page = await context.newPage();
  const bodies = [];
  page.on('response', async (response) => {
    const type = response.headers()['content-type'] ?? '';
    if (type.includes('javascript') || type.includes('css'))
      bodies.push({ url: response.url(), type, body: await response.body().catch(() => Buffer.alloc(0)) });
  });
  await page.goto(url, { waitUntil: 'networkidle' });
  await page.locator('h1').first().waitFor();
  await browser.close();
  const sum = (kind) =>
    bodies.filter((b) => b.type.includes(kind)).reduce((total, b) => total + gzipSync(b.body, { level: 9 }).length, 0);
  return { js: sum('javascript') / 1024, css: sum('css') / 1024, files: bodies.map((b) => new URL(b.url).pathname) };
}

async function lighthouseScore(url) {
  const chrome = await chromeLauncher.launch({ chromePath: CHROMIUM, chromeFlags: FLAGS });
  try {
    const result = await lighthouse(url, {
      port: chrome.port,
      onlyCategories: ['performance'],
      logLevel: 'error',
      output: 'json',
    });
    const lhr = result.lhr;
    const metric = (id) => lhr.audits[id]?.displayValue ?? 'n/a';
    return {
      score: Math.round((lhr.categories.performance.score ?? 0) * 100),
      fcp: metric('first-contentful-paint'),
      lcp: metric('largest-contentful-paint'),
      tbt: metric('total-blocking-time'),
      cls: metric('cumulative-layout-shift'),
    };
  } finally {
    await chrome.kill();
  }
}

const stepdown = await startStepdown();
const baseline = await startBaseline();
try {
  const sizes = await firstLoadSizes(stepdown.url);
  console.log('First load of the decision aid (gzip, level 9, as a 360 px phone fetches it):');
  console.log(
    `  JavaScript ${sizes.js.toFixed(1)} KB  (budget ${JS_BUDGET_KB} KB; ${((sizes.js / JS_BUDGET_KB) * 100).toFixed(0)}% of budget)`,
  );
  console.log(`  CSS        ${sizes.css.toFixed(1)} KB`);
  console.log(`  files: ${sizes.files.join(', ')}`);

  const runs = [];
  for (let i = 0; i < 3; i++)
    runs.push({ aid: await lighthouseScore(stepdown.url), base: await lighthouseScore(baseline.url) });
  const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const aid = median(runs.map((r) => r.aid.score));
  const base = median(runs.map((r) => r.base.score));
  const last = runs.at(-1);
  console.log('\nLighthouse performance, mobile profile (median of 3 runs, alternating):');
  console.log(
    `  decision aid   ${aid}   (FCP ${last.aid.fcp}, LCP ${last.aid.lcp}, TBT ${last.aid.tbt}, CLS ${last.aid.cls})`,
  );
  console.log(`  baseline page  ${base}   (FCP ${last.base.fcp}, LCP ${last.base.lcp})`);
  console.log(
    `  ratio aid/baseline ${(aid / base).toFixed(2)}; budget ${SCORE_BUDGET}: ${aid >= SCORE_BUDGET ? 'met' : 'MISSED'}`,
  );
  console.log(`  JavaScript budget: ${sizes.js <= JS_BUDGET_KB ? 'met' : 'MISSED'}`);
} finally {
  await stepdown.stop();
  await baseline.stop();
}
