/**
 * `stepdown recommend`: assessment@1 or @2 in, recommendation out, as text for a clinician or as one
 * recommendation@1 JSON document; `--batch` runs a whole NDJSON file, one result per line.
 */
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { stat } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { StringDecoder } from 'node:string_decoder';
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { parseAssessment } from '../core/assessment.js';
import { recommendPlacement } from '../core/engine.js';
import { explainRecommendation } from '../core/explain.js';
import { compileRuleSet, type CompiledRuleSet } from '../core/ruleset.js';
import { loadDefaultRuleSet } from '../core/rulesets/index.js';
import { EXIT_INVALID_INPUT, EXIT_OK, InputError } from './errors.js';
import { answerLines, issueLines, type BatchPart } from './batch-lines.js';
import { LineSplitter } from './ndjson-lines.js';
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

/** Lines handed to the engine (or a worker) at a time: about 12 MB of output each. */
const RUN_LINES = 2000;

/** Inputs smaller than this run on the main thread: starting workers would cost more than it saves. */
const PARALLEL_MIN_BYTES = 16 << 20;

interface LineRun {
  firstLine: number;
  lines: string[];
}

/**
 * Splits the input into runs of consecutive lines, numbered as node:readline numbers them. Standard
 * input arrives as bytes, decoded as readline decodes them: the decoder is never flushed, so a
 * character cut off at the very end is dropped rather than turned into U+FFFD.
 */
async function* lineRuns(chunks: AsyncIterable<string | Buffer>): AsyncGenerator<LineRun> {
  const splitter = new LineSplitter();
  const decoder = new StringDecoder('utf8');
  let next = 1;
  let pending: string[] = [];
  const take = (lines: string[]): LineRun[] => {
    if (next === 1 && pending.length === 0 && lines.length > 0) lines[0] = withoutByteOrderMark(lines[0] as string);
    pending.push(...lines);
    const runs: LineRun[] = [];
    while (pending.length >= RUN_LINES) {
      runs.push({ firstLine: next, lines: pending.slice(0, RUN_LINES) });
      pending = pending.slice(RUN_LINES);
      next += RUN_LINES;
    }
    return runs;
  };
  for await (const chunk of chunks)
    yield* take(splitter.push(typeof chunk === 'string' ? chunk : decoder.write(chunk)));
  yield* take(splitter.end());
  if (pending.length > 0) yield { firstLine: next, lines: pending };
}

/** Answers runs on the main thread, in order. */
async function* answerInline(runs: AsyncIterable<LineRun>, ruleset: CompiledRuleSet): AsyncGenerator<BatchPart> {
  for await (const run of runs) yield answerLines(run.lines, run.firstLine, ruleset);
}

/**
 * Answers runs on worker threads, a few runs in flight per worker, and yields the parts in input
 * order, so the output is byte for byte what the main thread alone would write.
 */
async function* answerInWorkers(
  runs: AsyncIterable<LineRun>,
  ruleset: CompiledRuleSet,
  count: number,
): AsyncGenerator<BatchPart> {
  const here = new URL(import.meta.url);
  const fromSources = here.pathname.endsWith('.ts');
  const script = new URL(fromSources ? './batch-worker.ts' : './batch-worker.js', here);
  // Running from the TypeScript sources (a stale build), each worker loads them through tsx too.
  const start = (): Worker =>
    fromSources
      ? new Worker(
          `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(script.href)}); });`,
          { eval: true, workerData: ruleset.document },
        )
      : new Worker(script, { workerData: ruleset.document });
  const workers = Array.from({ length: count }, start);
  const waiting = new Map<number, { resolve: (part: BatchPart) => void; reject: (error: Error) => void }>();
  for (const worker of workers) {
    worker.on('message', (message: { seq: number; part: WorkerPart }) => {
      const part = message.part;
      waiting.get(message.seq)?.resolve({
        ...part,
        buffers: part.buffers.map((b) => Buffer.from(b.data, b.offset, b.length)),
      });
      waiting.delete(message.seq);
    });
    worker.on('error', (error) => {
      for (const { reject } of waiting.values()) reject(error);
      waiting.clear();
    });
  }
  const inFlight: Array<Promise<BatchPart>> = [];
  let seq = 0;
  try {
    for await (const run of runs) {
      const worker = workers[seq % count] as Worker;
      const job = seq++;
      const answered = new Promise<BatchPart>((resolve, reject) => {
        waiting.set(job, { resolve, reject });
        worker.postMessage({ seq: job, firstLine: run.firstLine, lines: run.lines });
      });
      // A worker's failure rejects every run in flight; the first one awaited reports it.
      answered.catch(() => undefined);
      inFlight.push(answered);
      if (inFlight.length >= count * 2) yield await (inFlight.shift() as Promise<BatchPart>);
    }
    while (inFlight.length > 0) yield await (inFlight.shift() as Promise<BatchPart>);
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}

interface WorkerPart extends Omit<BatchPart, 'buffers'> {
  buffers: Array<{ data: ArrayBuffer; offset: number; length: number }>;
}

/** How many worker threads a batch gets: none for small inputs or one core; STEPDOWN_BATCH_WORKERS overrides. */
async function workerCount(options: RecommendOptions): Promise<number> {
  const forced = process.env.STEPDOWN_BATCH_WORKERS;
  if (forced !== undefined && /^\d+$/.test(forced)) return Math.min(Number(forced), 16);
  if (options.input === '-') return 0;
  const size = (await stat(options.input).catch(() => undefined))?.size ?? 0;
  const cores = availableParallelism();
  return size >= PARALLEL_MIN_BYTES && cores > 1 ? cores : 0;
}

/**
 * Recommends for every line of an NDJSON file. Output line i answers the i-th non-blank input line:
 * a recommendation@1 document, or a `stepdown/error@1` document naming the line and its problems.
 * Exits 2 when any line was invalid, after processing them all. Large files are spread over worker
 * threads; the output is the same either way.
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
  const workers = await workerCount(options);
  let recommended = 0;
  let invalid = 0;
  let lastProgress = Date.now();

  async function* answers(chunks: AsyncIterable<string | Buffer>): AsyncGenerator<Buffer> {
    const runs = lineRuns(chunks);
    const parts = workers > 0 ? answerInWorkers(runs, ruleset, workers) : answerInline(runs, ruleset);
    for await (const part of parts) {
      for (const report of part.reports) {
        invalid++;
        if (invalid <= MAX_REPORTED_LINES)
          for (const issue of report.issues) io.stderr.write(`line ${report.line}: ${issue}\n`);
      }
      recommended += part.recommended;
      yield* part.buffers;
      if (progress && Date.now() - lastProgress > 500) {
        lastProgress = Date.now();
        io.stderr.write(`\r${(recommended + invalid).toLocaleString('en-US')} assessments`);
      }
    }
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
