/**
 * `stepdown programs import` as a person runs it: the real command in a child process, on a SQLite
 * file named by DATABASE_URL. The summary on stdout, exit codes, and messages for bad files.
 */
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCATOR_CSV, scratchDir, writeText } from '../fixtures/program-files.js';

const BIN = join(fileURLToPath(new URL('../..', import.meta.url)), 'bin', 'stepdown');
/** A few seconds per run on a busy machine. */
const SPAWN_TIMEOUT = 120_000;

let dir = '';

function stepdown(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: dir,
      env: { ...process.env, DATABASE_URL: `sqlite:${join(dir, 'cli.db')}`, STEPDOWN_DATA_DIR: dir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(() => {
  dir = scratchDir();
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('stepdown programs import', () => {
  it(
    'prints what it read, added, updated and skipped (with row numbers), and changes nothing the second time',
    async () => {
      const first = await stepdown(['programs', 'import', LOCATOR_CSV, '--edition', '2025-08-19']);
      expect(first).toEqual({
        code: 0,
        stderr: '',
        stdout: [
          'Read 5 rows of locator-small.csv (FindTreatment.gov locator export (CSV), edition 2025-08-19)',
          'Programs: 4: added 4, updated 0, unchanged 0',
          'Skipped: 3',
          '  1: a mental health facility that does not treat substance use (rows 3)',
          '  row 4: has 7 fields where the header has 27',
          '  row 5: latitude or longitude is not a valid coordinate',
          '',
        ].join('\n'),
      });
      const again = await stepdown(['programs', 'import', LOCATOR_CSV, '--edition', '2025-08-19', '--json']);
      expect(again.code).toBe(0);
      expect(JSON.parse(again.stdout)).toMatchObject({ added: 0, updated: 0, unchanged: 4 });
    },
    SPAWN_TIMEOUT,
  );

  it(
    'exits 2 with a clear message for a file of no known format, a missing file, or a bad option',
    async () => {
      const notes = writeText(dir, 'notes.txt', 'Dear diary,\nno programs here.\n');
      const runs = await Promise.all([
        stepdown(['programs', 'import', notes]),
        stepdown(['programs', 'import', 'missing.csv']),
        stepdown(['programs', 'import', LOCATOR_CSV, '--edition', 'last year']),
        stepdown(['programs', 'import']),
        stepdown(['help', 'programs']),
      ]);
      expect(runs[0]).toEqual({
        code: 2,
        stdout: '',
        stderr: `${notes}: not a program file Stepdown knows: the CSV header has neither the locator export columns (name1 and service flags such as oit) nor the directory columns (name1 and service_code_info)\n`,
      });
      expect(runs[1]).toEqual({ code: 2, stdout: '', stderr: 'missing.csv: no such file\n' });
      expect(runs[2]).toEqual({
        code: 2,
        stdout: '',
        stderr: '--edition: must be a year (2023) or a date (2025-08-19), not "last year"\n',
      });
      expect(runs[3]).toEqual({
        code: 2,
        stdout: '',
        stderr: 'programs import: name the file to import (see "stepdown help programs")\n',
      });
      expect(runs[4]?.code).toBe(0);
      expect(runs[4]?.stdout).toMatch(/^stepdown programs: the program directory\n/);
    },
    SPAWN_TIMEOUT,
  );
});
