#!/usr/bin/env node
// `npm test`: runs the whole suite with Vitest, then prints the closing line CI reads
// ("N passed, N failed, N skipped"). A skipped test always prints why; under CI=true any skip fails
// the run, because CI installs everything the suite needs.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const reportDir = join(root, 'test-results');
mkdirSync(reportDir, { recursive: true });
const report = join(reportDir, 'vitest.json');

// Build first: the browser tests need the front end in dist/web, and the command-line tests run
// bin/stepdown, which uses the compiled dist/ when it is up to date (much faster than compiling
// the TypeScript on every start).
const build = spawnSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit', cwd: root });
if (build.status !== 0) {
  console.log('\nThe build failed; see above.\n0 passed, 1 failed');
  process.exit(1);
}

const result = spawnSync(
  process.execPath,
  [
    join(root, 'node_modules', 'vitest', 'vitest.mjs'),
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${report}`,
    ...process.argv.slice(2),
  ],
  { stdio: 'inherit', cwd: root, env: process.env },
);

if (!existsSync(report)) {
  console.log('0 passed, 1 failed');
  process.exit(result.status === 0 ? 1 : (result.status ?? 1));
}
const summary = JSON.parse(readFileSync(report, 'utf8'));
const passed = summary.numPassedTests ?? 0;
const failed = summary.numFailedTests ?? 0;
const skipped = (summary.numPendingTests ?? 0) + (summary.numTodoTests ?? 0);
// Files that failed without a failing test (an import error, a failing hook) count once each.
const suitesFailed = (summary.testResults ?? []).filter(
  (file) => file.status === 'failed' && !(file.assertionResults ?? []).some((test) => test.status === 'failed'),
).length;

if (skipped > 0) {
  console.log('\nSkipped tests (each printed its reason above):');
  for (const file of summary.testResults ?? []) {
    for (const test of file.assertionResults ?? []) {
      if (test.status === 'pending' || test.status === 'skipped' || test.status === 'todo') {
        console.log(`  - ${test.fullName} (${file.name.replace(root, '')})`);
      }
    }
  }
}
const ciFailsOnSkip = process.env.CI === 'true' && skipped > 0;
if (ciFailsOnSkip) console.log(`\nCI=true: ${skipped} skipped test(s) count as failures here.`);
console.log(`\n${passed} passed, ${failed + suitesFailed + (ciFailsOnSkip ? skipped : 0)} failed, ${skipped} skipped`);
process.exit(result.status !== 0 || failed > 0 || suitesFailed > 0 || ciFailsOnSkip ? 1 : 0);
