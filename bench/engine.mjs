#!/usr/bin/env node
// The engine benchmark (see bench/README.md). Two figures, each printed with a baseline measured in the
// same run, so a slow or busy machine shows up in both:
//   in-process  parseAssessment + recommendPlacement on 10,000 varied assessments, against
//               JSON.parse + JSON.stringify of the same documents;
//   --batch     `bin/stepdown recommend --batch` on an NDJSON file of --count assessments (default
//               1,000,000), against a Node process that streams the same file through
//               JSON.parse + JSON.stringify.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { assessmentAt, assessments } from './lib/assessments.mjs';
import { ensureFreshBuild, isFresh } from './lib/build.mjs';

const USAGE = `usage: node bench/engine.mjs [--count N] [--seed N] [--rounds N] [--runs N] [--only in-process|batch] [--keep]

  --count N     assessments in the --batch file (default 1,000,000, or STEPDOWN_BENCH_COUNT)
  --seed N      seed of the pseudo-random assessments (default 20261127)
  --rounds N    timed in-process rounds, after 3 warm-up rounds (default 15)
  --runs N      --batch runs of the engine and of the baseline, alternating (default 1)
  --only WHICH  run only the in-process or only the --batch benchmark
  --keep        keep the --batch output files in bench/out/ (they are large: about 6 KB a line)
`;

const IN_PROCESS_SET = 10_000;
const WARM_UP_ROUNDS = 3;
const TARGET_RECOMMENDATIONS_PER_SECOND = 100_000;
const TARGET_BATCH_SECONDS = 20;
const TARGET_BATCH_COUNT = 1_000_000;
const SPOT_CHECKS = 8;

const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = join(root, 'bench', 'out');

function positiveInteger(name, text) {
  const value = Number(String(text).replaceAll('_', '').replaceAll(',', ''));
  if (!Number.isSafeInteger(value) || value < 1) {
    console.error(`bench/engine: ${name} must be a positive whole number, not "${text}"\n\n${USAGE}`);
    process.exit(2);
  }
  return value;
}

let args;
try {
  args = parseArgs({
    options: {
      count: { type: 'string' },
      seed: { type: 'string' },
      rounds: { type: 'string' },
      runs: { type: 'string' },
      only: { type: 'string' },
      keep: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  }).values;
} catch (error) {
  console.error(`bench/engine: ${error.message}\n\n${USAGE}`);
  process.exit(2);
}
if (args.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}
if (args.only !== undefined && args.only !== 'in-process' && args.only !== 'batch') {
  console.error(`bench/engine: --only takes in-process or batch, not "${args.only}"`);
  process.exit(2);
}
const count = positiveInteger('--count', args.count ?? process.env.STEPDOWN_BENCH_COUNT ?? TARGET_BATCH_COUNT);
const seed = positiveInteger('--seed', args.seed ?? 20261127);
const rounds = positiveInteger('--rounds', args.rounds ?? 15);
const runs = positiveInteger('--runs', args.runs ?? 1);

ensureFreshBuild(root);
const dist = (path) => import(pathToFileURL(join(root, 'dist', path)).href);
const { parseAssessment } = await dist('core/assessment.js');
const { recommendPlacement, recommendPlacementJson } = await dist('core/engine.js');
const { RecommendationSchema } = await dist('core/recommendation.js');
const { loadDefaultRuleSet } = await dist('core/rulesets/index.js');
const ruleset = loadDefaultRuleSet();

// ---------------------------------------------------------------------------------------- helpers

const integer = (n) => Math.round(n).toLocaleString('en-US');
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const times = (factor) => (factor >= 10 ? Math.round(factor).toString() : factor.toFixed(1));
const bytes = (n) => (n >= 1e9 ? `${(n / 1e9).toFixed(1)} GB` : `${Math.round(n / 1e6)} MB`);

/** `ratio 0.075 (engine is 13x slower than the baseline)`: engine throughput over baseline throughput. */
function describeRatio(ratio, what) {
  const comparison = ratio <= 1 ? `${times(1 / ratio)}x slower than` : `${times(ratio)}x faster than`;
  return `ratio ${ratio.toPrecision(2)} (${what} is ${comparison} the baseline)`;
}

/** The canonical recommendation text for assessment i, computed in this process. */
function expectedLine(index) {
  const parsed = parseAssessment(assessmentAt(seed, index));
  if (!parsed.ok) throw new Error(`generated assessment ${index} is invalid: ${JSON.stringify(parsed.issues)}`);
  return JSON.stringify(recommendPlacement(parsed.value, ruleset));
}

// ------------------------------------------------------------------------------------- in-process

/**
 * Times each step in rounds over the whole set, interleaving the steps round by round so that a
 * burst of load on the machine hits all of them alike. Returns, for each step, the median items per
 * second of wall-clock time, its range, and the median items per second of CPU time.
 */
function measure(steps, size) {
  const wall = steps.map(() => []);
  const cpu = steps.map(() => []);
  for (let round = 0; round < WARM_UP_ROUNDS + rounds; round++) {
    steps.forEach((step, s) => {
      const start = performance.now();
      const startCpu = process.cpuUsage();
      step.run();
      const used = process.cpuUsage(startCpu);
      const seconds = (performance.now() - start) / 1000;
      if (round < WARM_UP_ROUNDS) return;
      wall[s].push(size / seconds);
      cpu[s].push(size / ((used.user + used.system) / 1e6));
    });
  }
  return wall.map((r, s) => ({ median: median(r), min: Math.min(...r), max: Math.max(...r), cpu: median(cpu[s]) }));
}

function inProcess() {
  const docs = assessments(seed, IN_PROCESS_SET);
  const texts = docs.map((doc) => JSON.stringify(doc));
  // Every result feeds a checksum that is printed, so no step can be optimised away.
  let checksum = 0;
  const engine = {
    run() {
      for (const doc of docs) {
        const parsed = parseAssessment(doc);
        if (!parsed.ok) throw new Error('generated assessment is invalid');
        const recommendation = recommendPlacement(parsed.value, ruleset);
        checksum += recommendation.basis.length + recommendation.whatWouldChange.length;
      }
    },
  };
  const baseline = {
    run() {
      for (const text of texts) checksum += JSON.stringify(JSON.parse(text)).length;
    },
  };
  // What --batch does for each line before writing it out: for reading the --batch figure.
  const batchLine = {
    run() {
      for (const text of texts) {
        const parsed = parseAssessment(JSON.parse(text));
        if (!parsed.ok) throw new Error('generated assessment is invalid');
        checksum += recommendPlacementJson(parsed.value, ruleset).length;
      }
    },
  };
  const [e, b, l] = measure([engine, baseline, batchLine], docs.length);
  const range = (r) => `${integer(r.min)}-${integer(r.max)}`;
  console.log(
    `in-process: ${integer(docs.length)} assessments, ${rounds} timed rounds after ${WARM_UP_ROUNDS} warm-up rounds, median of the rounds`,
  );
  console.log(
    `  engine in-process: ${integer(e.median)} rec/s; baseline JSON.parse+stringify: ${integer(b.median)} docs/s; ${describeRatio(e.median / b.median, 'engine')}`,
  );
  console.log(`  rounds ranged: engine ${range(e)} rec/s, baseline ${range(b)} docs/s (checksum ${checksum})`);
  console.log(
    `  by CPU time instead of wall-clock: engine ${integer(e.cpu)} rec/s; baseline ${integer(b.cpu)} docs/s; ${describeRatio(e.cpu / b.cpu, 'engine')}`,
  );
  console.log(
    `  per --batch line (JSON.parse + parseAssessment + recommendPlacementJson): ${integer(l.median)} rec/s, ${(1e6 / l.median).toFixed(1)} µs each`,
  );
  const met = e.median >= TARGET_RECOMMENDATIONS_PER_SECOND;
  console.log(
    `  target: at least ${integer(TARGET_RECOMMENDATIONS_PER_SECOND)} rec/s on one core: ${met ? 'met' : 'MISSED'}`,
  );
}

// ------------------------------------------------------------------------------------------ batch

/** Writes the first `count` assessments as NDJSON, once; later runs reuse the file. */
async function assessmentFile() {
  const file = join(outDir, `assessments-${seed}-${count}.ndjson`);
  if (existsSync(file)) return file;
  mkdirSync(outDir, { recursive: true });
  const partial = `${file}.partial`;
  const sink = createWriteStream(partial);
  for (let start = 0; start < count; start += 10_000) {
    let text = '';
    for (let i = start; i < Math.min(count, start + 10_000); i++) text += `${JSON.stringify(assessmentAt(seed, i))}\n`;
    if (!sink.write(text)) await once(sink, 'drain');
  }
  sink.end();
  await once(sink, 'finish');
  renameSync(partial, file);
  return file;
}

/**
 * Runs `node ARGS...` and returns its wall-clock seconds from spawn to exit, the CPU seconds it used
 * (user and system, all threads, as bench/lib/cpu-report.mjs records them) and its stderr.
 */
async function timeChild(args) {
  const cpuFile = join(outDir, `cpu-${process.pid}.json`);
  rmSync(cpuFile, { force: true });
  const start = process.hrtime.bigint();
  const child = spawn(
    process.execPath,
    ['--import', pathToFileURL(join(root, 'bench', 'lib', 'cpu-report.mjs')).href, ...args],
    {
      cwd: root,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, STEPDOWN_BENCH_CPU_FILE: cpuFile },
    },
  );
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (text) => {
    stderr += text;
  });
  const [code] = await once(child, 'close');
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (code !== 0) throw new Error(`node ${args.join(' ')} exited with ${code}:\n${stderr}`);
  const cpu = JSON.parse(readFileSync(cpuFile, 'utf8'));
  rmSync(cpuFile);
  return { seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, stderr };
}

/** Counts the lines of a file and returns the lines whose (0-based) numbers are in `wanted`. */
async function scanLines(file, wanted) {
  let lines = 0;
  let pieces = [];
  let unterminated = false;
  const found = new Map();
  for await (const chunk of createReadStream(file, { highWaterMark: 4 << 20 })) {
    let start = 0;
    for (let end = chunk.indexOf(10, start); end !== -1; end = chunk.indexOf(10, start)) {
      if (wanted.has(lines)) found.set(lines, Buffer.concat([...pieces, chunk.subarray(start, end)]).toString('utf8'));
      pieces = [];
      lines++;
      start = end + 1;
    }
    if (wanted.has(lines) && start < chunk.length) pieces.push(chunk.subarray(start));
    unterminated = start < chunk.length;
  }
  return { lines, found, unterminated };
}

async function checkOutput(file) {
  // The first and last lines, and a few spread in between (multiples of the golden ratio, mod 1).
  const wanted = new Set([0, count - 1]);
  for (let k = 1; wanted.size < Math.min(SPOT_CHECKS, count) && k < 1000; k++) {
    wanted.add(Math.floor(((k * 0.6180339887) % 1) * count));
  }
  const { lines, found, unterminated } = await scanLines(file, wanted);
  if (lines !== count || unterminated) {
    throw new Error(
      `${file}: expected ${count} lines, found ${lines}${unterminated ? ' and an unterminated one' : ''}`,
    );
  }
  for (const index of wanted) {
    const line = found.get(index);
    const parsed = RecommendationSchema.safeParse(JSON.parse(line));
    if (!parsed.success) throw new Error(`line ${index + 1} is not a recommendation@1: ${parsed.error.message}`);
    if (line !== expectedLine(index)) {
      throw new Error(`line ${index + 1} differs from the in-process recommendation for the same assessment`);
    }
  }
  return wanted.size;
}

async function batch() {
  console.log(`--batch: ${integer(count)} assessments (seed ${seed}), ${load()}`);
  const input = await assessmentFile();
  const output = join(outDir, `recommendations-${seed}-${count}.ndjson`);
  const baselineOutput = join(outDir, `baseline-${seed}-${count}.ndjson`);
  const engineRuns = [];
  const baselineRuns = [];
  try {
    for (let run = 0; run < runs; run++) {
      baselineRuns.push(await timeChild([join(root, 'bench', 'lib', 'baseline-batch.mjs'), input, baselineOutput]));
      // bin/stepdown runs the compiled code only while dist/ is fresh; if src/ changed during the run
      // it may have timed the TypeScript sources through tsx instead, and the figure means nothing.
      ensureFreshBuild(root);
      const engine = await timeChild([join(root, 'bin', 'stepdown'), 'recommend', '--batch', input, '--out', output]);
      if (!isFresh(root))
        throw new Error('src/ changed during the --batch run, so bin/stepdown may have run tsx: run again');
      const summary = `${integer(count)} recommended, 0 invalid`;
      if (!engine.stderr.includes(summary)) throw new Error(`expected "${summary}" on stderr, got:\n${engine.stderr}`);
      engineRuns.push(engine);
    }
    const checked = await checkOutput(output);
    const baselineLines = (await scanLines(baselineOutput, new Set())).lines;
    if (baselineLines !== count) throw new Error(`baseline wrote ${baselineLines} lines, expected ${count}`);

    const e = median(engineRuns.map((r) => r.seconds));
    const b = median(baselineRuns.map((r) => r.seconds));
    const eCpu = median(engineRuns.map((r) => r.cpuSeconds));
    const bCpu = median(baselineRuns.map((r) => r.cpuSeconds));
    const runsNote = runs > 1 ? ` (median of ${runs} runs)` : '';
    console.log(`  input ${bytes(statSync(input).size)}; output ${bytes(statSync(output).size)}${runsNote}`);
    console.log(
      `  engine --batch: ${e.toFixed(1)} s (${integer(count / e)} rec/s); baseline JSON.parse+stringify stream: ${b.toFixed(1)} s (${integer(count / b)} docs/s); ${describeRatio(b / e, 'the batch')}`,
    );
    // CPU time counts every thread (file writes, garbage collection), so it can exceed wall-clock time.
    const waited =
      e > eCpu ? '; the engine spent longer than its CPU time: it waited for the disk or for the machine' : '';
    console.log(
      `  CPU time (user+system, all threads): engine ${eCpu.toFixed(1)} s, baseline ${bCpu.toFixed(1)} s${waited}`,
    );
    if (runs > 1) {
      const list = (values) => values.map((r) => r.seconds.toFixed(1)).join(', ');
      console.log(`  runs: engine ${list(engineRuns)} s; baseline ${list(baselineRuns)} s`);
    }
    console.log(
      `  checked: ${integer(count)} output lines; ${checked} spot-checked lines are valid recommendation@1 documents identical to the in-process engine's`,
    );
    const target = `${integer(TARGET_BATCH_COUNT)} assessments in under ${TARGET_BATCH_SECONDS} s`;
    // Start-up weighs on a small run, so a smaller count is not scaled up into a verdict.
    const verdict =
      count !== TARGET_BATCH_COUNT
        ? `not measured by a run of ${integer(count)}`
        : e < TARGET_BATCH_SECONDS
          ? 'met'
          : 'MISSED';
    console.log(`  target: ${target}: ${verdict}`);
  } finally {
    if (!args.keep) {
      rmSync(output, { force: true });
      rmSync(baselineOutput, { force: true });
    }
  }
}

// ------------------------------------------------------------------------------------------- main

const load = () => `load average ${loadavg()[0].toFixed(1)}`;
console.log(
  `stepdown engine benchmark: ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${process.platform} ${process.arch}, ${availableParallelism()} cores, ${load()}`,
);
if (args.only !== 'batch') inProcess();
if (args.only !== 'in-process') await batch();
