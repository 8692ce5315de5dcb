#!/usr/bin/env node
// HTTP API benchmark: the real Stepdown server (a child process, SQLite and optionally PostgreSQL)
// against a bare node:http server (another child process) that answers the very same bytes, both
// loaded by autocannon from this process over loopback. Two requests:
//   POST /api/v1/recommendations   stateless: session + CSRF check, validation, engine, JSON
//   GET  /api/v1/clients?limit=20  session check, one query, and one audit event per client listed
// The bare server is the reference: it reads the request body and sends a fixed answer, with no
// parsing, no authentication, no engine and no database. A second reference, a plain Fastify app
// with no plugins and no logger that parses the JSON body and sends the same fixed answer, shows
// what the framework alone costs. Besides req/s and latency, the table shows each server's CPU time
// per request (from /proc, Linux only), which a busy machine disturbs less.
//
//   npm run bench -- api [--duration 10] [--warmup 2] [--connections 10,100]
//                        [--requests recommendation,clients] [--postgres URL] [--cpu-prof] [--cpu-prof-dir DIR]
//
// --postgres names a PostgreSQL server where a scratch database may be created (dropped at the end).
// --cpu-prof starts the Stepdown child with node --cpu-prof and leaves its .cpuprofile in
// --cpu-prof-dir (bench/out/api-profile by default). Exit code 0 when measured (a missed target is
// reported, not failed), 1 when the benchmark itself could not run.
import { fork, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const HOST = '127.0.0.1';
const DEMO_EMAIL = 'demo@stepdown.local';
const DEMO_PASSWORD = 'quiet-harbor-morning';
const RECOMMENDATION_PATH = '/api/v1/recommendations';
const CLIENT_LIST_PATH = '/api/v1/clients?limit=20';
/** Targets from the issue. */
const MIN_RECOMMENDATION_RATIO = 0.6;
const ZERO_ERROR_CONNECTIONS = 100;

/** A realistic assessment@1 as a clinician saves it: every rating, a few flags, short notes. */
const ASSESSMENT = {
  schema: 'stepdown/assessment@1',
  population: 'adult',
  ratings: { d1: 1, d2: 1, d3: 2, d4: 2, d5: 3, d6: 2 },
  flags: { withdrawalRisk: false, coOccurringMentalHealth: true, homeResponsibilities: true, unsafeHousing: false },
  notes: {
    d3: 'Generalised anxiety, managed with weekly therapy; sleep improving.',
    d5: 'Reports cravings in the evenings; one brief lapse in the last month, disclosed in group.',
    d6: 'Lives with a partner who drinks daily; sister has offered a room from next month.',
  },
};

// ---------------------------------------------------------------------------------------------
// The bare server, run as `node bench/api.mjs --bare-server` by the benchmark itself.

function runBareServer() {
  const routes = new Map();
  const server = createServer((request, response) => {
    const body = routes.get(`${request.method} ${request.url}`);
    request.resume();
    request.on('end', () => {
      if (body === undefined) {
        response.writeHead(404, { 'content-length': 0 });
        response.end();
        return;
      }
      response.writeHead(200, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': body.length,
        'cache-control': 'no-store',
      });
      response.end(body);
    });
  });
  process.once('message', (answers) => {
    routes.set(`POST ${RECOMMENDATION_PATH}`, Buffer.from(answers.recommendation));
    routes.set(`GET ${CLIENT_LIST_PATH}`, Buffer.from(answers.clients));
    server.listen(0, HOST, () => process.send({ port: server.address().port }));
  });
  // Never outlive the benchmark, however it ends.
  process.once('disconnect', () => process.exit(0));
  process.once('SIGTERM', () => process.exit(0));
}

/** The plain Fastify reference, run as `node bench/api.mjs --fastify-server`: framework only. */
async function runFastifyServer() {
  const { default: Fastify } = await import('fastify');
  const app = Fastify({ logger: false });
  const headers = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };
  process.once('message', (answers) => {
    const recommendation = Buffer.from(answers.recommendation);
    const clients = Buffer.from(answers.clients);
    // The body is parsed (Fastify's JSON parser) and dropped; the answer is the same fixed bytes.
    app.post(RECOMMENDATION_PATH, (_request, reply) => reply.headers(headers).send(recommendation));
    app.get('/api/v1/clients', (_request, reply) => reply.headers(headers).send(clients));
    app.listen({ port: 0, host: HOST }).then(() => process.send({ port: app.server.address().port }));
  });
  process.once('disconnect', () => process.exit(0));
  process.once('SIGTERM', () => process.exit(0));
}

// ---------------------------------------------------------------------------------------------
// Children: start, wait until ready, stop.

const children = new Set();

function stopChild(child, timeoutMs = 10_000) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const force = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', () => {
      clearTimeout(force);
      done();
    });
    child.kill('SIGTERM');
  });
}

process.once('exit', () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Builds dist/ unless it is at least as new as every source, the test bin/stepdown makes too. */
function buildIfNeeded() {
  const stamp = join(ROOT, 'dist', '.build-stamp');
  const fresh =
    existsSync(join(ROOT, 'dist', 'cli', 'run.js')) &&
    existsSync(stamp) &&
    statSync(stamp).mtimeMs >= newestMtime(join(ROOT, 'src'));
  if (fresh) return;
  console.log('dist/ is missing or older than src/: npm run build');
  const built = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (built.status !== 0) throw new Error('npm run build failed');
}

/** Starts `stepdown serve` on a free loopback port and resolves with its base URL once it listens. */
function startStepdown({ dataDir, databaseUrl, profileDir }) {
  const env = { ...process.env, PORT: '0', HOST, STEPDOWN_DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
  env.STEPDOWN_SEED_DEMO = 'true';
  for (const name of ['DATABASE_URL', 'NODE_ENV', 'STEPDOWN_SECRET', 'STEPDOWN_TRUST_PROXY']) delete env[name];
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  const nodeArgs = profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [];
  const child = spawn(process.execPath, [...nodeArgs, join(ROOT, 'bin', 'stepdown'), 'serve'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let output = '';
  const collect = (chunk) => {
    output = `${output}${chunk}`.slice(-8000);
  };
  child.stderr.on('data', collect);
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => fail('did not start within 60 s'), 60_000);
    function fail(why) {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`Stepdown ${why}\n${output}`));
    }
    child.on('exit', (code, signal) => fail(`exited (${signal ?? code}) before listening`));
    child.stdout.on('data', (chunk) => {
      collect(chunk);
      const match = /running at (http:\/\/\S+)/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      child.stdout.removeAllListeners('data');
      child.stdout.resume();
      // Keep stderr visible: a warning or error logged during the run matters.
      child.stderr.removeListener('data', collect);
      child.stderr.on('data', (data) => process.stderr.write(`[stepdown] ${data}`));
      resolvePromise({ child, url: match[1] });
    });
  });
}

/** Starts a reference server (`bare` or `fastify`) in a child process, answering with these bodies. */
function startReference(kind, answers) {
  const child = fork(fileURLToPath(import.meta.url), [`--${kind}-server`], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  children.add(child);
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`the ${kind} server did not start within 20 s`)), 20_000);
    child.once('exit', (code) => reject(new Error(`the ${kind} server exited (${code}) before listening`)));
    child.once('message', ({ port }) => {
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolvePromise({ child, url: `http://${HOST}:${port}` });
    });
    child.send(answers);
  });
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL scratch database.

async function withPgAdmin(url, statement) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

async function createScratchDatabase(serverUrl) {
  const name = `stepdown_bench_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  await withPgAdmin(serverUrl, `create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => withPgAdmin(serverUrl, `drop database if exists ${name} with (force)`) };
}

// ---------------------------------------------------------------------------------------------
// HTTP helpers.

async function signIn(baseUrl) {
  const response = await fetch(`${baseUrl}/api/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: DEMO_EMAIL, password: DEMO_PASSWORD }),
  });
  if (response.status !== 200) throw new Error(`sign-in failed with ${response.status}: ${await response.text()}`);
  const { csrfToken } = await response.json();
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0];
  if (!cookie || !csrfToken) throw new Error('sign-in answered without a session cookie or CSRF token');
  return { cookie, csrfToken };
}

/** The two requests, as autocannon options and as fetch arguments. */
function requestsFor(session) {
  return {
    recommendation: {
      label: 'POST /api/v1/recommendations',
      path: RECOMMENDATION_PATH,
      method: 'POST',
      headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken, 'content-type': 'application/json' },
      body: JSON.stringify(ASSESSMENT),
    },
    clients: {
      label: 'GET /api/v1/clients?limit=20',
      path: CLIENT_LIST_PATH,
      method: 'GET',
      headers: { cookie: session.cookie },
      body: undefined,
    },
  };
}

async function fetchText(baseUrl, request) {
  const response = await fetch(`${baseUrl}${request.path}`, {
    method: request.method,
    headers: request.headers,
    body: request.body,
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${request.label} answered ${response.status}: ${text}`);
  return text;
}

// ---------------------------------------------------------------------------------------------
// Load.

async function load(baseUrl, request, connections, seconds) {
  const { default: autocannon } = await import('autocannon');
  return autocannon({
    url: `${baseUrl}${request.path}`,
    method: request.method,
    headers: request.headers,
    body: request.body,
    connections,
    duration: seconds,
    timeout: 10,
  });
}

/**
 * CPU seconds (user + system) a process has used so far, from /proc on Linux; undefined elsewhere.
 * Per request it is far steadier than req/s on a shared machine, where the server waits for a core.
 */
function cpuSeconds(pid) {
  try {
    // Fields after the command name (which may hold spaces): utime and stime are 14th and 15th.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

async function measure(server, request, connections, seconds) {
  const before = cpuSeconds(server.child.pid);
  const result = await load(server.url, request, connections, seconds);
  const after = cpuSeconds(server.child.pid);
  const summary = summarise(result);
  const requests = result.requests.total;
  summary.cpuUs =
    before === undefined || after === undefined || requests === 0 ? undefined : ((after - before) / requests) * 1e6;
  return summary;
}

function summarise(result) {
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    // autocannon counts a timeout as an error too.
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    ok: result['2xx'],
  };
}

// ---------------------------------------------------------------------------------------------
// Output.

function table(rows) {
  const header = [
    'request',
    'conns',
    'server',
    'req/s',
    'p50 ms',
    'p99 ms',
    'errors',
    'timeouts',
    'non-2xx',
    'CPU µs/req',
    'ratio to bare',
    'Stepdown/Fastify',
  ];
  const right = new Set([1, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  const cells = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...cells.map((row) => String(row[i]).length)));
  const line = (row) =>
    row
      .map((cell, i) => (right.has(i) ? String(cell).padStart(widths[i]) : String(cell).padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function usage() {
  return 'usage: node bench/api.mjs [--duration SECONDS] [--warmup SECONDS] [--connections 10,100] [--requests recommendation,clients] [--postgres URL] [--cpu-prof] [--cpu-prof-dir DIR]';
}

function options() {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string', default: '10' },
      warmup: { type: 'string', default: '2' },
      connections: { type: 'string', default: '10,100' },
      requests: { type: 'string', default: 'recommendation,clients' },
      postgres: { type: 'string' },
      'cpu-prof': { type: 'boolean', default: false },
      'cpu-prof-dir': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(usage());
    process.exit(0);
  }
  const duration = Number(values.duration);
  const warmup = Number(values.warmup);
  const connections = values.connections.split(',').map(Number);
  const requests = values.requests.split(',');
  const bad = [];
  if (requests.some((name) => name !== 'recommendation' && name !== 'clients')) {
    bad.push('--requests: recommendation, clients or both, comma-separated');
  }
  if (!Number.isInteger(duration) || duration < 1 || duration > 300) bad.push('--duration: 1 to 300 seconds');
  if (!Number.isInteger(warmup) || warmup < 0 || warmup > 60) bad.push('--warmup: 0 to 60 seconds');
  if (connections.some((n) => !Number.isInteger(n) || n < 1 || n > 1000)) bad.push('--connections: 1 to 1000 each');
  if (values.postgres !== undefined && !/^postgres(ql)?:\/\//.test(values.postgres)) {
    bad.push('--postgres: a postgres:// URL');
  }
  if (bad.length > 0) throw new Error(`${bad.join('\n')}\n${usage()}`);
  const profileDir =
    values['cpu-prof'] || values['cpu-prof-dir'] !== undefined
      ? resolve(values['cpu-prof-dir'] ?? join(ROOT, 'bench', 'out', 'api-profile'))
      : undefined;
  return { duration, warmup, connections, requests, postgres: values.postgres, profileDir };
}

// ---------------------------------------------------------------------------------------------
// The benchmark.

async function main() {
  const opts = options();
  buildIfNeeded();
  const databases = [{ name: 'SQLite' }, ...(opts.postgres ? [{ name: 'PostgreSQL', server: opts.postgres }] : [])];
  const runs = databases.length * opts.requests.length * opts.connections.length * 3;
  // A hard bound on the whole run, whatever hangs: servers are stopped by the exit handler.
  const budgetMs = (runs * (opts.duration + opts.warmup + 5) + 180) * 1000;
  setTimeout(() => {
    console.error(`api bench: gave up after ${Math.round(budgetMs / 1000)} s`);
    process.exit(1);
  }, budgetMs).unref();

  console.log(
    `API benchmark: ${opts.duration} s per run after a ${opts.warmup} s warm-up, connections ${opts.connections.join(
      ' and ',
    )}; node ${process.version}, ${availableParallelism()} CPUs; load generator (autocannon) in this process, each server in its own child process; loopback ${HOST} only.`,
  );
  const loadBefore = loadavg()[0];
  if (opts.profileDir) mkdirSync(opts.profileDir, { recursive: true });

  const rows = [];
  const verdicts = [];
  const dataDir = mkdtempSync(join(tmpdir(), 'stepdown-bench-api-'));
  // Also when the run dies on an uncaught error (after the children are killed, above).
  process.once('exit', () => rmSync(dataDir, { recursive: true, force: true }));
  try {
    for (const database of databases) {
      const scratch = database.server ? await createScratchDatabase(database.server) : undefined;
      let stepdown;
      let bare;
      let fastify;
      try {
        stepdown = await startStepdown({
          dataDir: join(dataDir, database.name),
          databaseUrl: scratch?.url,
          profileDir: opts.profileDir,
        });
        const session = await signIn(stepdown.url);
        const requests = requestsFor(session);
        const answers = {
          recommendation: await fetchText(stepdown.url, requests.recommendation),
          clients: await fetchText(stepdown.url, requests.clients),
        };
        const listed = JSON.parse(answers.clients).items.length;
        bare = await startReference('bare', answers);
        fastify = await startReference('fastify', answers);
        for (const [name, reference] of [
          ['bare', bare],
          ['plain Fastify', fastify],
        ]) {
          for (const key of ['recommendation', 'clients']) {
            if ((await fetchText(reference.url, requests[key])) !== answers[key]) {
              throw new Error(`the ${name} server does not answer ${requests[key].label} as Stepdown does`);
            }
          }
        }
        console.log(
          `\n${database.name}: signed in as ${DEMO_EMAIL}; ${stepdown.url} (Stepdown), ${bare.url} (bare node:http) and ${fastify.url} (plain Fastify), same bodies: ${answers.recommendation.length} and ${answers.clients.length} bytes.`,
        );
        if (opts.requests.includes('clients')) {
          console.log(
            `Note: every GET of the client list writes ${listed} audit events (one per client listed, in the same transaction): every read of client data is audited, by design.`,
          );
        }

        for (const key of opts.requests) {
          const request = requests[key];
          for (const connections of opts.connections) {
            const measured = {};
            for (const [name, server] of [
              ['bare', bare],
              ['fastify', fastify],
              ['stepdown', stepdown],
            ]) {
              if (opts.warmup > 0) await load(server.url, request, connections, opts.warmup);
              measured[name] = await measure(server, request, connections, opts.duration);
              process.stdout.write(
                `  ${request.label}  ${connections} conns  ${name}: ${Math.round(measured[name].rps)} req/s\n`,
              );
            }
            const ratio = measured.stepdown.rps / measured.bare.rps;
            const fastifyRatio = measured.stepdown.rps / measured.fastify.rps;
            const label = `Stepdown (${database.name})`;
            for (const [name, m] of [
              ['bare node:http', measured.bare],
              ['plain Fastify', measured.fastify],
              [label, measured.stepdown],
            ]) {
              rows.push([
                request.label,
                connections,
                name,
                Math.round(m.rps),
                m.p50,
                m.p99,
                m.errors,
                m.timeouts,
                m.non2xx,
                m.cpuUs === undefined ? '-' : Math.round(m.cpuUs),
                m === measured.stepdown
                  ? ratio.toFixed(2)
                  : m === measured.fastify
                    ? (m.rps / measured.bare.rps).toFixed(2)
                    : '',
                m === measured.stepdown ? fastifyRatio.toFixed(2) : '',
              ]);
            }
            if (key === 'recommendation') {
              verdicts.push({
                met: ratio >= MIN_RECOMMENDATION_RATIO,
                text: `${label}, recommendation at ${connections} connections: ${ratio.toFixed(2)} of bare (target ≥ ${MIN_RECOMMENDATION_RATIO}); plain Fastify sending fixed bytes reached ${(measured.fastify.rps / measured.bare.rps).toFixed(2)} of bare, Stepdown ${fastifyRatio.toFixed(2)} of plain Fastify`,
              });
            }
            if (connections >= ZERO_ERROR_CONNECTIONS) {
              const failures = measured.stepdown.errors + measured.stepdown.non2xx;
              verdicts.push({
                met: failures === 0,
                text: `${label}, ${request.label} at ${connections} connections: ${measured.stepdown.errors} errors (${measured.stepdown.timeouts} timeouts), ${measured.stepdown.non2xx} non-2xx (target: none)`,
              });
            }
            if (key === 'clients') {
              console.log(
                `    (${label} wrote about ${measured.stepdown.ok * listed} audit events in this ${opts.duration} s run)`,
              );
            }
          }
        }
      } finally {
        if (bare) await stopChild(bare.child);
        if (fastify) await stopChild(fastify.child);
        if (stepdown) await stopChild(stepdown.child);
        if (scratch) await scratch.drop();
      }
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }

  console.log(`\n${table(rows)}\n`);
  const loadAfter = loadavg()[0];
  const cpus = availableParallelism();
  console.log(
    `Load average (1 min) ${loadBefore.toFixed(1)} at the start, ${loadAfter.toFixed(1)} at the end, on ${cpus} CPUs${
      Math.max(loadBefore, loadAfter) > cpus
        ? ': other work was competing for the CPUs, so req/s and ratios are noisy; compare CPU µs/req'
        : ''
    }.\n`,
  );
  console.log('Targets:');
  for (const verdict of verdicts) console.log(`  ${verdict.met ? 'MET     ' : 'MISSED  '} ${verdict.text}`);
  const missed = verdicts.filter((v) => !v.met).length;
  console.log(missed === 0 ? 'All targets met.' : `${missed} target(s) MISSED.`);
  if (opts.profileDir) console.log(`CPU profile(s) of the Stepdown server in ${opts.profileDir}`);
}

if (process.argv.includes('--bare-server')) {
  runBareServer();
} else if (process.argv.includes('--fastify-server')) {
  runFastifyServer();
} else {
  const stopOnSignal = (signal) => {
    console.error(`api bench: ${signal}, stopping the servers`);
    process.exit(130);
  };
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);
  main().catch((error) => {
    console.error(`api bench failed: ${error instanceof Error ? error.message : error}`);
    process.exitCode = 1;
  });
}
