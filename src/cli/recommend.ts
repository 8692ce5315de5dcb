/**
 * `stepdown recommend`: assessment@1 in, recommendation out, as text for a clinician or as one
 * recommendation@1 JSON document; `--batch` runs a whole NDJSON file, one result per line.
 */
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { stat } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { StringDecoder } from 'node:string_decoder';
import { parseAssessment } from '../core/assessment.js';
import { recommendPlacement, recommendPlacementJson } from '../core/engine.js';
import { explainRecommendation } from '../core/explain.js';
import { compileRuleSet, type CompiledRuleSet } from '../core/ruleset.js';
import { loadDefaultRuleSet } from '../core/rulesets/index.js';
import type { FieldIssue } from '../core/validation.js';
import { locateJsonSyntaxError } from '../core/json-syntax.js';
import { EXIT_INVALID_INPUT, EXIT_OK, InputError } from './errors.js';
import { LinePacker, LineSplitter } from './ndjson-lines.js';
import { describeFileError, readJson, withoutByteOrderMark } from './read-input.js';

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
 * Buffer the output file may hold while the next piece is computed. A write stream emits 'drain' only
 * once its buffer is empty, so a small one makes the engine and the file system take turns; a large
 * one lets the file system write one piece while the engine fills the next.
 */
const OUTPUT_FILE_HIGH_WATER_MARK = 64 << 20;

/**
 * Opens the --out file before any line is read, so that a path that cannot be written is reported
 * at once, as invalid input, rather than after the whole batch as a raw system error.
 */
async function openOutput(file: string): Promise<WriteStream> {
  const stream = createWriteStream(file, { highWaterMark: OUTPUT_FILE_HIGH_WATER_MARK });
  try {
    await once(stream, 'open');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError([`--out ${file}: ${code === 'ENOENT' ? 'no such folder' : describeFileError(error)}`]);
  }
  return stream;
}

/**
 * Recommends for every line of an NDJSON file. Output line i answers the i-th non-blank input line:
 * a recommendation@1 document, or a `stepdown/error@1` document naming the line and its problems.
 * Exits 2 when any line was invalid, after processing them all.
 */
async function recommendBatch(options: RecommendOptions, ruleset: CompiledRuleSet, io: Io): Promise<number> {
  // A folder opens like a file and fails only at the first read, in words that do not name it.
  if (options.input !== '-' && (await stat(options.input).catch(() => undefined))?.isDirectory()) {
    throw new InputError([`${options.input}: ${describeFileError({ code: 'EISDIR' })}`]);
  }
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
  let sink: WriteStream | undefined;
  if (options.out) {
    try {
      sink = await openOutput(options.out);
    } catch (error) {
      if (source !== io.stdin) (source as ReturnType<typeof createReadStream>).destroy();
      throw error;
    }
  }
  const progress = io.stderr.isTTY === true;
  let lineNumber = 0;
  let recommended = 0;
  let invalid = 0;
  let lastProgress = Date.now();

  const reportInvalid = (issues: string[]): void => {
    invalid++;
    if (invalid <= MAX_REPORTED_LINES) for (const issue of issues) io.stderr.write(`line ${lineNumber}: ${issue}\n`);
  };

  /** The output line for one input line, or undefined for a blank line. */
  const answer = (read: string): string | undefined => {
    lineNumber++;
    const line = lineNumber === 1 ? withoutByteOrderMark(read) : read;
    if (line.trim() === '') return undefined;
    let document: unknown;
    try {
      document = JSON.parse(line);
    } catch {
      const problem = locateJsonSyntaxError(line);
      const message = problem ? `invalid JSON at column ${problem.column}: ${problem.message}` : 'invalid JSON';
      reportInvalid([message]);
      return JSON.stringify({ schema: 'stepdown/error@1', line: lineNumber, issues: [{ path: '(root)', message }] });
    }
    const parsed = parseAssessment(document);
    if (!parsed.ok) {
      reportInvalid(issueLines(parsed.issues));
      return JSON.stringify({ schema: 'stepdown/error@1', line: lineNumber, issues: parsed.issues });
    }
    recommended++;
    return recommendPlacementJson(parsed.value, ruleset);
  };

  async function* answers(chunks: AsyncIterable<string | Buffer>): AsyncGenerator<Buffer> {
    const splitter = new LineSplitter();
    // Standard input arrives as bytes, decoded as node:readline decodes them: the decoder is never
    // flushed, so a character cut off at the very end is dropped rather than turned into U+FFFD.
    const decoder = new StringDecoder('utf8');
    const packer = new LinePacker();
    const pack = function* (lines: string[]): Generator<Buffer> {
      for (const line of lines) {
        const output = answer(line);
        const full = output === undefined ? undefined : packer.add(output);
        if (full) yield full;
      }
    };
    for await (const chunk of chunks) {
      yield* pack(splitter.push(typeof chunk === 'string' ? chunk : decoder.write(chunk)));
      if (progress && Date.now() - lastProgress > 500) {
        lastProgress = Date.now();
        io.stderr.write(`\r${(recommended + invalid).toLocaleString('en-US')} assessments`);
      }
    }
    yield* pack(splitter.end());
    const rest = packer.take();
    if (rest) yield rest;
  }

  if (sink) {
    await pipeline(source, answers, sink);
  } else {
    await pipeline(source, answers, io.stdout, { end: false });
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
