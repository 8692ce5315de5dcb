/**
 * `stepdown recommend`: assessment@1 in, recommendation out, as text for a clinician or as one
 * recommendation@1 JSON document; `--batch` runs a whole NDJSON file, one result per line.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Writable } from 'node:stream';
import { parseAssessment } from '../core/assessment.js';
import { recommendPlacement } from '../core/engine.js';
import { explainRecommendation } from '../core/explain.js';
import { compileRuleSet, type CompiledRuleSet } from '../core/ruleset.js';
import { loadDefaultRuleSet } from '../core/rulesets/index.js';
import type { FieldIssue } from '../core/validation.js';
import { locateJsonSyntaxError } from '../core/json-syntax.js';
import { EXIT_INVALID_INPUT, EXIT_OK, InputError } from './errors.js';
import { describeFileError, readJson } from './read-input.js';

export interface RecommendOptions {
  input: string;
  json: boolean;
  batch: boolean;
  rulesetFile: string | undefined;
  out: string | undefined;
}

export interface Io {
  stdout: Writable;
  stderr: Writable & { isTTY?: boolean };
  stdin: NodeJS.ReadableStream;
}

/** Loads the rule set named on the command line, or the default one. */
export async function loadRuleSet(file: string | undefined): Promise<CompiledRuleSet> {
  if (file === undefined) return loadDefaultRuleSet();
  const compiled = compileRuleSet(await readJson(file));
  if (!compiled.ok) throw new InputError(compiled.issues.map((issue) => `${file}: ${issue.path}: ${issue.message}`));
  return compiled.value;
}

function issueLines(issues: FieldIssue[], prefix = ''): string[] {
  return issues.map((issue) => `${prefix}${issue.path}: ${issue.message}`);
}

async function recommendOne(options: RecommendOptions, ruleset: CompiledRuleSet, io: Io): Promise<number> {
  const document = await readJson(options.input);
  const parsed = parseAssessment(document);
  if (!parsed.ok) throw new InputError(issueLines(parsed.issues));
  const recommendation = recommendPlacement(parsed.value, ruleset);
  const text = options.json
    ? `${JSON.stringify(recommendation)}\n`
    : explainRecommendation(parsed.value, recommendation, ruleset);
  await write(io.stdout, text);
  return EXIT_OK;
}

async function write(stream: Writable, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}

/** How many invalid lines are described on stderr before only the count is kept. */
const MAX_REPORTED_LINES = 50;

/**
 * Recommends for every line of an NDJSON file. Output line i answers the i-th non-blank input line:
 * a recommendation@1 document, or a `stepdown/error@1` document naming the line and its problems.
 * Exits 2 when any line was invalid, after processing them all.
 */
async function recommendBatch(options: RecommendOptions, ruleset: CompiledRuleSet, io: Io): Promise<number> {
  const source =
    options.input === '-' ? io.stdin : createReadStream(options.input, { encoding: 'utf8', highWaterMark: 1 << 20 });
  const opened = new Promise<void>((resolve, reject) => {
    if (options.input === '-') resolve();
    else (source as ReturnType<typeof createReadStream>).once('open', () => resolve()).once('error', reject);
  });
  try {
    await opened;
  } catch (error) {
    throw new InputError([`${options.input}: ${describeFileError(error)}`]);
  }
  const sink: Writable = options.out ? createWriteStream(options.out) : io.stdout;
  const lines = createInterface({ input: source, crlfDelay: Number.POSITIVE_INFINITY });
  const progress = io.stderr.isTTY === true;
  let lineNumber = 0;
  let recommended = 0;
  let invalid = 0;
  let buffer: string[] = [];
  let lastProgress = Date.now();

  const reportInvalid = (issues: string[]): void => {
    invalid++;
    if (invalid <= MAX_REPORTED_LINES) for (const issue of issues) io.stderr.write(`line ${lineNumber}: ${issue}\n`);
  };

  for await (const line of lines) {
    lineNumber++;
    if (line.trim() === '') continue;
    let document: unknown;
    try {
      document = JSON.parse(line);
    } catch {
      const problem = locateJsonSyntaxError(line);
      const message = problem ? `invalid JSON at column ${problem.column}: ${problem.message}` : 'invalid JSON';
      reportInvalid([message]);
      buffer.push(
        JSON.stringify({ schema: 'stepdown/error@1', line: lineNumber, issues: [{ path: '(root)', message }] }),
      );
      continue;
    }
    const parsed = parseAssessment(document);
    if (parsed.ok) {
      buffer.push(JSON.stringify(recommendPlacement(parsed.value, ruleset)));
      recommended++;
    } else {
      reportInvalid(issueLines(parsed.issues));
      buffer.push(JSON.stringify({ schema: 'stepdown/error@1', line: lineNumber, issues: parsed.issues }));
    }
    if (buffer.length >= 2000) {
      await write(sink, `${buffer.join('\n')}\n`);
      buffer = [];
      if (progress && Date.now() - lastProgress > 500) {
        lastProgress = Date.now();
        io.stderr.write(`\r${(recommended + invalid).toLocaleString('en-US')} assessments`);
      }
    }
  }
  if (buffer.length > 0) await write(sink, `${buffer.join('\n')}\n`);
  if (options.out) {
    sink.end();
    await once(sink, 'finish');
  }
  if (progress) io.stderr.write('\r');
  if (invalid > MAX_REPORTED_LINES) io.stderr.write(`... and ${invalid - MAX_REPORTED_LINES} more invalid lines\n`);
  io.stderr.write(`${recommended.toLocaleString('en-US')} recommended, ${invalid.toLocaleString('en-US')} invalid\n`);
  return invalid > 0 ? EXIT_INVALID_INPUT : EXIT_OK;
}

/** Runs `stepdown recommend` with parsed options. */
export async function runRecommend(options: RecommendOptions, io: Io): Promise<number> {
  const ruleset = await loadRuleSet(options.rulesetFile);
  return options.batch ? recommendBatch(options, ruleset, io) : recommendOne(options, ruleset, io);
}
