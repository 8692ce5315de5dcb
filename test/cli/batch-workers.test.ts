/**
 * `recommend --batch` spread over worker threads writes exactly what the main thread alone writes:
 * the same output bytes in the same order, the same problems on stderr, the same exit code. Large
 * files use workers by themselves; STEPDOWN_BATCH_WORKERS forces them on a small file here.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runStepdown } from '../support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'stepdown-batch-workers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** 5,000 lines: valid assessments, blank lines, broken JSON and invalid documents, with CRLF and a BOM. */
function mixedInput(): string {
  const lines: string[] = [];
  for (let i = 0; i < 5000; i++) {
    if (i % 997 === 0) lines.push('');
    else if (i % 1301 === 0) lines.push('{bad json');
    else if (i % 1777 === 0)
      lines.push(JSON.stringify({ schema: 'stepdown/assessment@1', population: 'adult', ratings: { d1: 9 } }));
    else {
      const r = (k: number) => (i * (k + 3) + k) % 5;
      lines.push(
        JSON.stringify({
          schema: 'stepdown/assessment@1',
          population: i % 7 === 0 ? 'adolescent' : 'adult',
          ratings: { d1: r(1), d2: r(2), d3: r(3), d4: r(4), d5: r(5), d6: r(6) },
          flags: { unsafeHousing: i % 3 === 0, homeResponsibilities: i % 4 === 0, withdrawalRisk: i % 11 === 0 },
        }),
      );
    }
  }
  return `\ufeff${lines.join('\r\n')}\n`;
}

describe('recommend --batch on worker threads', () => {
  it('writes the same bytes, the same stderr and the same exit code as the main thread alone', async () => {
    const input = join(dir, 'mixed.ndjson');
    writeFileSync(input, mixedInput());
    const run = async (workers: string) => {
      const out = join(dir, `out-${workers}.ndjson`);
      const result = await runStepdown(['recommend', '--batch', input, '--out', out], {
        env: { STEPDOWN_BATCH_WORKERS: workers },
        timeoutMs: 120_000,
      });
      return { ...result, output: readFileSync(out) };
    };
    const inline = await run('0');
    const parallel = await run('2');
    expect(inline.code).toBe(2);
    expect(inline.stderr).toContain('4,989 recommended, 5 invalid');
    expect(inline.output.toString('utf8').split('\n').length).toBe(4994 + 1);
    expect(parallel.code).toBe(inline.code);
    expect(parallel.stderr).toBe(inline.stderr);
    expect(parallel.output.equals(inline.output)).toBe(true);
  }, 180_000);
});
