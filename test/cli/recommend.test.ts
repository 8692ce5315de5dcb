/**
 * `stepdown recommend` as a user runs it: the real bin/stepdown in a child process, real files in a
 * temporary folder, real standard input. Spawning costs about half a second, so the tests run
 * concurrently.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAssessment } from '../../src/core/assessment.js';
import { recommendPlacement } from '../../src/core/engine.js';
import { explainRecommendation } from '../../src/core/explain.js';
import { RecommendationSchema } from '../../src/core/recommendation.js';
import { defaultRuleSetDocument, loadDefaultRuleSet } from '../../src/core/rulesets/index.js';
import { anAssessmentDocument, type AssessmentOverrides } from '../fixtures/assessments.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'bin', 'stepdown');
const EXAMPLE_STATE = join(ROOT, 'test', 'fixtures', 'rulesets', 'example-state.json');

/** Half a second per spawn on an idle machine; far more when the machine is busy. */
const SPAWN_TIMEOUT = 120_000;

let dir = '';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs bin/stepdown in the temporary folder, feeding `stdin` (empty unless given). */
function stepdown(args: string[], stdin = ''): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

function json(overrides: AssessmentOverrides = {}): string {
  return JSON.stringify(anAssessmentDocument(overrides));
}

/** Writes a file in the temporary folder and returns its name there. */
function file(name: string, text: string): string {
  writeFileSync(join(dir, name), text);
  return name;
}

const IOP = { ratings: { d3: 2, d4: 1, d5: 2, d6: 1 } } satisfies AssessmentOverrides;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'stepdown-cli-'));
  mkdirSync(join(dir, 'a-folder'));
});

afterAll(() => {
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

describe.concurrent('stepdown recommend', { timeout: SPAWN_TIMEOUT }, () => {
  it('explains the recommendation for a file, exactly as the core renders it', async ({ expect }) => {
    const run = await stepdown(['recommend', file('iop.json', json(IOP))]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const assessment = parseAssessment(anAssessmentDocument(IOP));
    if (!assessment.ok) throw new Error('fixture invalid');
    const ruleset = loadDefaultRuleSet();
    expect(run.stdout).toBe(
      explainRecommendation(assessment.value, recommendPlacement(assessment.value, ruleset), ruleset),
    );
    expect(run.stdout.split('\n')[0]).toBe('RECOMMENDATION: Intensive outpatient (iop), 9-19 hours a week');
  });

  it('reads standard input for "-" and says the same as for the file', async ({ expect }) => {
    const [fromFile, fromStdin] = await Promise.all([
      stepdown(['recommend', file('iop-for-stdin.json', json(IOP))]),
      stepdown(['recommend', '-'], json(IOP)),
    ]);
    expect(fromStdin).toEqual({ code: 0, stdout: fromFile.stdout, stderr: '' });
  });

  it('prints exactly one recommendation@1 JSON document with --json', async ({ expect }) => {
    const overrides = { population: 'adolescent', ratings: { d6: 3 }, flags: { unsafeHousing: true } } as const;
    const run = await stepdown(['recommend', '--json', file('rr.json', json(overrides))]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout.endsWith('}\n')).toBe(true);
    expect(run.stdout.trimEnd().split('\n')).toHaveLength(1);
    const document: unknown = JSON.parse(run.stdout);
    const parsed = RecommendationSchema.safeParse(document);
    expect(parsed.success).toBe(true);
    expect(parsed.data?.primary).toEqual({
      setting: 'iop',
      hoursPerWeek: { min: 6, max: 19 },
      withRecoveryResidence: true,
    });
    const assessment = parseAssessment(anAssessmentDocument(overrides));
    if (!assessment.ok) throw new Error('fixture invalid');
    expect(run.stdout).toBe(`${JSON.stringify(recommendPlacement(assessment.value, loadDefaultRuleSet()))}\n`);
  });

  it('prints JSON from standard input too', async ({ expect }) => {
    const run = await stepdown(['recommend', '-', '--json'], json({ flags: { intoxicated: true } }));
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(RecommendationSchema.parse(JSON.parse(run.stdout)).primary.setting).toBe('urgent-evaluation');
  });

  it('accepts a file that starts with a byte order mark', async ({ expect }) => {
    const run = await stepdown(['recommend', '--json', file('bom.json', `\uFEFF${json(IOP)}`)]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(RecommendationSchema.parse(JSON.parse(run.stdout)).primary.setting).toBe('iop');
  });

  it('shows the same help for --help, -h and "help recommend"', async ({ expect }) => {
    const runs = await Promise.all([
      stepdown(['recommend', '--help']),
      stepdown(['recommend', '-h']),
      stepdown(['help', 'recommend']),
    ]);
    for (const run of runs) expect(run).toEqual({ code: 0, stdout: runs[0]?.stdout, stderr: '' });
    await expect(runs[0]?.stdout).toMatchFileSnapshot('../golden/cli-help-recommend.txt');
  });

  it('shows the general help for "help", --help and no arguments', async ({ expect }) => {
    const runs = await Promise.all([stepdown(['help']), stepdown(['--help']), stepdown([])]);
    for (const run of runs) expect(run).toEqual({ code: 0, stdout: runs[0]?.stdout, stderr: '' });
    expect(runs[0]?.stdout).toContain('  stepdown recommend FILE|- [--json] [--ruleset FILE]\n');
    expect(runs[0]?.stdout).toContain('Exit codes: 0 success; 2 invalid input');
  });

  it('uses the rule set named by --ruleset', async ({ expect }) => {
    const input = file('iop-for-variant.json', json(IOP));
    const [text, asJson] = await Promise.all([
      stepdown(['recommend', input, '--ruleset', EXAMPLE_STATE]),
      stepdown(['recommend', input, '--json', '--ruleset', EXAMPLE_STATE]),
    ]);
    expect(text).toMatchObject({ code: 0, stderr: '' });
    await expect(text.stdout).toMatchFileSnapshot('../golden/cli-recommend-example-state.txt');
    expect(asJson).toMatchObject({ code: 0, stderr: '' });
    const recommendation = RecommendationSchema.parse(JSON.parse(asJson.stdout));
    expect(recommendation.primary.hoursPerWeek).toEqual({ min: 12, max: 19 });
    expect(recommendation.ruleset.id).toBe('example-state');
    expect(recommendation.ruleset.hash).not.toBe(loadDefaultRuleSet().hash);
  });

  it('leads with medically monitored withdrawal management for withdrawal risk with past seizures', async ({
    expect,
  }) => {
    const seizures = {
      ratings: { d1: 3, d3: 1, d4: 1, d5: 2, d6: 1 },
      flags: { withdrawalRisk: true },
      facts: { substances: ['alcohol'], withdrawalSeizureOrDeliriumHistory: true },
    } satisfies AssessmentOverrides;
    const input = file('seizures.json', json(seizures));
    const [text, asJson] = await Promise.all([
      stepdown(['recommend', input]),
      stepdown(['recommend', input, '--json']),
    ]);
    expect(text).toMatchObject({ code: 0, stderr: '' });
    expect(text.stdout.split('\n').slice(0, 2)).toEqual([
      'FIRST: Withdrawal management, residential, medically monitored',
      'THEN: Intensive outpatient (iop), 9-19 hours a week',
    ]);
    expect(asJson).toMatchObject({ code: 0, stderr: '' });
    expect(RecommendationSchema.parse(JSON.parse(asJson.stdout)).sequence).toEqual([
      { step: 'withdrawal-management', setting: 'residential', medicallyMonitored: true },
      { step: 'level-of-care', setting: 'iop', withRecoveryResidence: false },
    ]);
  });

  it('exits 2 naming every bad clinical fact of an assessment@2 by its path', async ({ expect }) => {
    const bad = {
      ...anAssessmentDocument({ facts: {} }),
      facts: {
        substances: ['alcohol', 'heroin'],
        currentMedications: [{ name: 'suboxone', prescriber: '' }, { prescriber: 'Dr. A' }],
        opioidOverdosePast12Months: 'yes',
        overdoseCount: -1,
        withdrawalSeizureOrDeliriumHistory: 1,
        pregnant: 'maybe',
        ageYears: 200,
        withdrawalScale: { scale: 'CIWA', score: 10 },
        bloodAlcohol: 0.1,
      },
    };
    const run = await stepdown(['recommend', file('bad-facts.json', JSON.stringify(bad))]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trimEnd().split('\n');
    for (const path of [
      'facts.substances.1',
      'facts.currentMedications.0.name',
      'facts.currentMedications.0.prescriber',
      'facts.currentMedications.1.name',
      'facts.opioidOverdosePast12Months',
      'facts.overdoseCount',
      'facts.withdrawalSeizureOrDeliriumHistory',
      'facts.pregnant',
      'facts.ageYears',
      'facts.withdrawalScale.scale',
      'facts.bloodAlcohol',
    ]) {
      expect(
        lines.some((line) => line.startsWith(`${path}: `)),
        `${path} in ${run.stderr}`,
      ).toBe(true);
    }
    expect(run.stderr).not.toMatch(/at .*\.ts:\d+/);
  });

  it('exits 2 for a score above its scale, a substance listed twice and facts in an assessment@1', async ({
    expect,
  }) => {
    const [score, twice, v1] = await Promise.all([
      stepdown(['recommend', '-'], json({ facts: { withdrawalScale: { scale: 'COWS', score: 50 } } })),
      stepdown(['recommend', '-'], json({ facts: { substances: ['opioids', 'opioids'] } })),
      stepdown(['recommend', '-'], JSON.stringify({ ...anAssessmentDocument(), facts: { ageYears: 30 } })),
    ]);
    expect(score).toEqual({ code: 2, stdout: '', stderr: 'facts.withdrawalScale.score: must be at most 48 on COWS\n' });
    expect(twice).toEqual({ code: 2, stdout: '', stderr: 'facts.substances.1: listed twice\n' });
    expect(v1).toEqual({
      code: 2,
      stdout: '',
      stderr: 'facts: unknown field in stepdown/assessment@1 (facts need "stepdown/assessment@2")\n',
    });
  });

  it('shows warnings about contradictory inputs without changing the result', async ({ expect }) => {
    const run = await stepdown(['recommend', '-'], json({ ratings: { d5: 2 }, flags: { intoxicated: true } }));
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout.split('\n')[0]).toBe('RECOMMENDATION: URGENT EVALUATION');
    expect(run.stdout).toContain('Check the inputs (these warnings do not change the result)');
    expect(run.stdout).toContain('[flags.intoxicated, ratings.d1]');
  });

  it('exits 1 with one line and no stack trace when a loaded rule set fires no rule', async ({ expect }) => {
    const onlyD3 = {
      ...defaultRuleSetDocument,
      id: 'only-d3',
      rules: defaultRuleSetDocument.rules.filter((rule) => rule.id === 'd3.severe'),
    };
    const rules = file('only-d3.json', JSON.stringify(onlyD3));
    const run = await stepdown(['recommend', '--ruleset', rules, file('d3-mild.json', json({ ratings: { d3: 1 } }))]);
    expect(run).toEqual({
      code: 1,
      stdout: '',
      stderr: 'stepdown: rule set only-d3 fired no rule for this assessment; every assessment needs a basis\n',
    });
  });
});

describe.concurrent('stepdown recommend --batch', { timeout: SPAWN_TIMEOUT }, () => {
  const brokenLine = '{"schema": "stepdown/assessment@1",';
  const lines = [
    json(IOP),
    '',
    brokenLine,
    json({ population: 'adolescent', ratings: { d5: 3 } }),
    '   ',
    JSON.stringify({ ...anAssessmentDocument(), ratings: { d1: 0, d2: 0, d4: 0, d5: 0, d6: 0 } }),
    JSON.stringify({ ...anAssessmentDocument(), flags: { imminentdanger: true } }),
  ];
  // Windows line ends on some lines: they must count as one break each.
  const ndjson = `${lines.slice(0, 3).join('\r\n')}\n${lines.slice(3).join('\n')}\n`;
  const expectedStderr = [
    'line 3: invalid JSON at column 36: expected a field name in double quotes, but the text ended',
    'line 6: ratings.d3: required',
    'line 7: flags.imminentdanger: unknown field',
    '2 recommended, 3 invalid',
    '',
  ].join('\n');

  function checkBatchOutput(stdout: string): void {
    const out = stdout.split('\n');
    expect(out.pop()).toBe('');
    expect(out).toHaveLength(5);
    const documents = out.map((line) => JSON.parse(line) as { schema: string });
    expect(documents.map((d) => d.schema)).toEqual([
      'stepdown/recommendation@1',
      'stepdown/error@1',
      'stepdown/recommendation@1',
      'stepdown/error@1',
      'stepdown/error@1',
    ]);
    expect(RecommendationSchema.parse(documents[0]).primary.setting).toBe('iop');
    expect(RecommendationSchema.parse(documents[2]).primary).toEqual({
      setting: 'php',
      hoursPerWeek: { min: 20 },
      withRecoveryResidence: false,
    });
    expect(documents[1]).toEqual({
      schema: 'stepdown/error@1',
      line: 3,
      issues: [
        {
          path: '(root)',
          message: 'invalid JSON at column 36: expected a field name in double quotes, but the text ended',
        },
      ],
    });
    expect(documents[3]).toEqual({
      schema: 'stepdown/error@1',
      line: 6,
      issues: [{ path: 'ratings.d3', message: 'required' }],
    });
    expect(documents[4]).toEqual({
      schema: 'stepdown/error@1',
      line: 7,
      issues: [{ path: 'flags.imminentdanger', message: 'unknown field' }],
    });
  }

  it('writes one line per non-blank input line, error documents for invalid lines, and exits 2', async ({ expect }) => {
    const run = await stepdown(['recommend', '--batch', file('mixed.ndjson', ndjson)]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(expectedStderr);
    checkBatchOutput(run.stdout);
  });

  it('reads NDJSON from standard input', async ({ expect }) => {
    const run = await stepdown(['recommend', '--batch', '-'], ndjson);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(expectedStderr);
    checkBatchOutput(run.stdout);
  });

  it('writes to the --out file and nothing to standard output', async ({ expect }) => {
    const run = await stepdown(['recommend', '--batch', file('mixed-out.ndjson', ndjson), '--out', 'results.ndjson']);
    expect(run).toEqual({ code: 2, stdout: '', stderr: expectedStderr });
    checkBatchOutput(readFileSync(join(dir, 'results.ndjson'), 'utf8'));
  });

  it('exits 0 when every line is valid, with the same documents as single runs', async ({ expect }) => {
    // A byte order mark before the first line, and no line break after the last.
    const valid = `\uFEFF${json(IOP)}\n${json({ ratings: { d2: 4 } })}`;
    const run = await stepdown(['recommend', '--batch', file('valid.ndjson', valid), '--ruleset', EXAMPLE_STATE]);
    expect(run).toMatchObject({ code: 0, stderr: '2 recommended, 0 invalid\n' });
    const single = await stepdown(['recommend', '--json', file('single.json', json(IOP)), '--ruleset', EXAMPLE_STATE]);
    expect(run.stdout.split('\n')[0]).toBe(single.stdout.trimEnd());
    expect(run.stdout.split('\n')).toHaveLength(3);
  });
});

describe.concurrent('bad input: exit 2, the exact problem on stderr, no stack trace', {
  timeout: SPAWN_TIMEOUT,
}, () => {
  const assessment = anAssessmentDocument(IOP);
  const withRatings = (ratings: Record<string, unknown>): string =>
    JSON.stringify({ ...assessment, ratings: { ...assessment.ratings, ...ratings } });

  const cases: Array<{ name: string; args: () => string[]; stdin?: string; stderr: string | RegExp }> = [
    { name: 'a missing file', args: () => ['recommend', 'no-such.json'], stderr: 'no-such.json: no such file\n' },
    {
      name: 'a folder instead of a file',
      args: () => ['recommend', 'a-folder'],
      stderr: 'a-folder: is a folder, not a file\n',
    },
    {
      name: 'empty standard input',
      args: () => ['recommend', '-'],
      stdin: '',
      stderr: '(stdin): empty input, expected a JSON document\n',
    },
    {
      name: 'an empty file',
      args: () => ['recommend', file('empty.json', ' \n')],
      stderr: 'empty.json: empty input, expected a JSON document\n',
    },
    {
      name: 'broken JSON, located by line and column',
      args: () => ['recommend', file('broken.json', '{\n  "schema": "x",\n  "ratings": {"d1": 0,, }\n}\n')],
      stderr: 'broken.json: invalid JSON at line 3, column 23: expected a field name in double quotes, found ","\n',
    },
    {
      name: 'a missing rating',
      args: () => ['recommend', '-'],
      stdin: JSON.stringify({ ...assessment, ratings: { d1: 0, d2: 0, d4: 1, d5: 2, d6: 1 } }),
      stderr: 'ratings.d3: required\n',
    },
    {
      name: 'ratings out of range',
      args: () => ['recommend', '-'],
      stdin: withRatings({ d1: 5, d2: -1 }),
      stderr: 'ratings.d1: must be at most 4\nratings.d2: must be at least 0\n',
    },
    {
      name: 'a non-integer rating',
      args: () => ['recommend', '-'],
      stdin: withRatings({ d3: 2.5 }),
      stderr: 'ratings.d3: must be a whole number\n',
    },
    {
      name: 'a rating as text',
      args: () => ['recommend', '-'],
      stdin: withRatings({ d4: '1' }),
      stderr: 'ratings.d4: must be a number, not text\n',
    },
    {
      name: 'a rating too large for a number',
      args: () => ['recommend', '-'],
      stdin: withRatings({ d5: 0 }).replace('"d5":0', '"d5":1e400'),
      stderr: 'ratings.d5: must be a finite number\n',
    },
    {
      name: 'an unknown flag (a misspelt safety flag)',
      args: () => ['recommend', '-'],
      stdin: JSON.stringify({ ...assessment, flags: { imminentdanger: true } }),
      stderr: 'flags.imminentdanger: unknown field\n',
    },
    {
      name: 'a flag that is not true or false',
      args: () => ['recommend', '-'],
      stdin: JSON.stringify({ ...assessment, flags: { intoxicated: 'no' } }),
      stderr: 'flags.intoxicated: must be true or false, not text\n',
    },
    {
      name: 'a wrong schema id',
      args: () => ['recommend', '-'],
      stdin: JSON.stringify({ ...assessment, schema: 'stepdown/assessment@3' }),
      stderr: 'schema: must be one of "stepdown/assessment@1", "stepdown/assessment@2"\n',
    },
    {
      name: 'a missing population',
      args: () => ['recommend', '-'],
      stdin: JSON.stringify({ schema: assessment.schema, ratings: assessment.ratings }),
      stderr: 'population: required\n',
    },
    {
      name: 'ratings that are not an object',
      args: () => ['recommend', '-'],
      stdin: JSON.stringify({ ...assessment, ratings: 'high' }),
      stderr: 'ratings: must be an object, not text\n',
    },
    {
      name: 'a list instead of an object',
      args: () => ['recommend', '-'],
      stdin: '[1, 2]',
      stderr: '(root): must be an object, not a list\n',
    },
    {
      name: 'several problems, each on its own line',
      args: () => ['recommend', '-'],
      stdin: JSON.stringify({
        schema: assessment.schema,
        population: 'teen',
        ratings: { ...assessment.ratings, d6: null },
        extra: 1,
      }),
      stderr:
        'population: must be one of "adult", "adolescent"\nratings.d6: must be a number, not null\nextra: unknown field\n',
    },
    {
      name: 'an unknown option',
      args: () => ['recommend', 'x.json', '--fast'],
      stderr: /^Unknown option '--fast'\.[^\n]*\n$/,
    },
    {
      name: 'two inputs',
      args: () => ['recommend', 'a.json', 'b.json'],
      stderr: 'recommend: expected one input, got 2: a.json b.json\n',
    },
    {
      name: 'no input',
      args: () => ['recommend'],
      stderr: 'recommend: name an assessment file, or "-" for standard input (see "stepdown help recommend")\n',
    },
    {
      name: '--out without --batch',
      args: () => ['recommend', 'a.json', '--out', 'x.ndjson'],
      stderr: '--out: only with --batch\n',
    },
    {
      name: '--json with --batch',
      args: () => ['recommend', '--batch', 'a.ndjson', '--json'],
      stderr: '--json: --batch always writes JSON; drop --json\n',
    },
    {
      name: 'an invalid --ruleset file, each problem by its path',
      args: () => {
        const document = structuredClone(defaultRuleSetDocument);
        document.rules[2]?.sources.push('no-such-source');
        const second = document.rules[3];
        if (second) second.id = 'gate.imminent-danger';
        return ['recommend', '-', '--ruleset', file('bad-rules.json', JSON.stringify(document))];
      },
      stdin: json(IOP),
      stderr:
        'bad-rules.json: rules.2.sources.2: unknown source "no-such-source"\nbad-rules.json: rules.3.id: duplicate rule id gate.imminent-danger\n',
    },
    {
      name: 'a --ruleset file that is not a rule set',
      args: () => ['recommend', '-', '--ruleset', file('assessment-as-rules.json', json())],
      stdin: json(IOP),
      stderr:
        /^assessment-as-rules\.json: schema: must be one of "stepdown\/ruleset@1"\n(assessment-as-rules\.json: [^\n]+\n)+$/,
    },
    {
      name: 'a missing --ruleset file',
      args: () => ['recommend', '-', '--ruleset', 'no-rules.json'],
      stdin: json(IOP),
      stderr: 'no-rules.json: no such file\n',
    },
    {
      name: 'a missing --batch file',
      args: () => ['recommend', '--batch', 'no-such.ndjson'],
      stderr: 'no-such.ndjson: no such file\n',
    },
    {
      name: 'a folder as the --batch file',
      args: () => ['recommend', '--batch', 'a-folder'],
      stderr: 'a-folder: is a folder, not a file\n',
    },
    {
      name: '--out in a folder that does not exist',
      args: () => ['recommend', '--batch', file('one.ndjson', json(IOP)), '--out', 'no-such-folder/results.ndjson'],
      stderr: '--out no-such-folder/results.ndjson: no such folder\n',
    },
    {
      name: '--out naming a folder',
      args: () => ['recommend', '--batch', file('one-more.ndjson', json(IOP)), '--out', 'a-folder'],
      stderr: '--out a-folder: is a folder, not a file\n',
    },
    {
      name: 'an unknown command',
      args: () => ['frobnicate'],
      stderr: 'unknown command "frobnicate" (see "stepdown help")\n',
    },
    {
      name: 'help for an unknown command',
      args: () => ['help', 'frobnicate'],
      stderr: 'help: unknown command "frobnicate"\n',
    },
  ];

  it('has at least ten kinds of bad input', () => {
    expect(cases.length).toBeGreaterThanOrEqual(10);
  });

  it.for(cases)('$name', async ({ args, stdin, stderr }, { expect }) => {
    const run = await stepdown(args(), stdin);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    if (typeof stderr === 'string') expect(run.stderr).toBe(stderr);
    else expect(run.stderr).toMatch(stderr);
    expect(run.stderr).not.toContain('    at ');
  });
});
