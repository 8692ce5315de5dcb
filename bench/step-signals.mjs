#!/usr/bin/env node
// Step-signal benchmark: what evaluating the signal rules on every write costs. A clinic of 50
// clients, each with a year of weekly check-ins (a recovery check and readiness every week, PHQ-9
// and GAD-7 every two weeks: 156 results a client), on SQLite and, with --postgres, on PostgreSQL.
// For each engine, in the same run and on the same clients, one write at a time, each in its own
// transaction as a check-in is:
//   write           insertMeasure alone (a recovery check): the baseline, as before step signals
//   write+signals   insertMeasure, then evaluateClientSignals for that client (read its results,
//                   schedule and goals; the rules; keep the step signals), as every write now does
//   signals alone   evaluateClientSignals in a transaction with no write
// and prints p50, p95 and max of each, and the extra a write pays.
//
//   npm run bench -- step-signals [--clients 50] [--weeks 52] [--writes 200] [--postgres URL]
import { randomUUID } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { ensureFreshBuild } from './lib/build.mjs';
import { onEachEngine, summary } from './lib/engines.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values: options } = parseArgs({
  options: {
    clients: { type: 'string', default: '50' },
    weeks: { type: 'string', default: '52' },
    writes: { type: 'string', default: '200' },
    postgres: { type: 'string' },
  },
});
const CLIENTS = Number(options.clients);
const WEEKS = Number(options.weeks);
const WRITES = Number(options.writes);

ensureFreshBuild(ROOT);
const dist = (path) => import(pathToFileURL(join(ROOT, 'dist', path)).href);
const { openDatabase } = await dist('storage/database.js');
const { migrateToLatest } = await dist('storage/migrate.js');
const { insertOrganization } = await dist('storage/organizations.js');
const { insertUser } = await dist('storage/users.js');
const { insertClient } = await dist('storage/clients.js');
const { insertMeasure } = await dist('storage/measures.js');
const { scoreAnswers } = await dist('core/measures/score.js');
const { loadShippedInstruments } = await dist('server/instruments.js');
const { loadDefaultSignalRules } = await dist('core/signals/index.js');
const { evaluateClientSignals } = await dist('server/services/step-signals.js');

const DAY = 86_400_000;
const instruments = loadShippedInstruments();
const evaluation = { instruments, rules: loadDefaultSignalRules() };

const ms = (n) => `${n.toFixed(2)} ms`;

/** A scored result ready for insertMeasure. */
function result(organizationId, clientId, instrumentId, answers, takenAt) {
  const instrument = instruments.get(instrumentId);
  const scored = scoreAnswers(instrument, answers);
  if (!scored.ok) throw new Error(`bad bench answers for ${instrumentId}`);
  return {
    organizationId,
    clientId,
    instrumentId,
    instrumentVersion: instrument.version,
    answers,
    total: scored.value.total,
    severity: scored.value.severity,
    scores: scored.value.scores,
    sex: null,
    takenAt,
    via: 'check-in',
    enteredBy: null,
    now: takenAt,
    alerts: scored.value.alerts,
  };
}

async function seed(db) {
  const now = Date.now();
  const at = new Date(now).toISOString();
  const org = await insertOrganization(db, { name: `Bench Clinic ${randomUUID()}`, now: at });
  const user = await insertUser(db, {
    organizationId: org.id,
    email: `${randomUUID()}@bench.example`,
    displayName: 'Bench Clinician',
    role: 'clinician',
    passwordHash: 'not-a-real-hash',
    now: at,
  });
  const clients = [];
  let measures = 0;
  await db.transaction().execute(async (trx) => {
    for (let c = 0; c < CLIENTS; c++) {
      const client = await insertClient(trx, {
        organizationId: org.id,
        displayName: `Bench Client ${c}`,
        createdBy: user.id,
        now: at,
      });
      clients.push(client.id);
      for (let week = WEEKS; week >= 1; week--) {
        const takenAt = new Date(now - week * 7 * DAY).toISOString();
        const use = (week + c) % 9 === 0 ? 1 : 0;
        const entries = [
          ['recovery-check', [use, 1, 1, 1, 0, 0, 0, 3, 2, 3, 3]],
          ['readiness', [8, 7]],
          ...(week % 2 === 0
            ? [
                ['phq-9', [1, 1, 1, 1, 0, 0, 1, 0, 0]],
                ['gad-7', [1, 1, 1, 0, 1, 0, 1]],
              ]
            : []),
        ];
        for (const [instrument, answers] of entries) {
          await insertMeasure(trx, result(org.id, client.id, instrument, answers, takenAt));
          measures += 1;
        }
      }
    }
  });
  return { org, clients, measures };
}

async function runEngine(label, location, cleanup) {
  const handle = openDatabase(location);
  try {
    await migrateToLatest(handle);
    const started = performance.now();
    const seeded = await seed(handle.db);
    console.log(
      `${label}: ${CLIENTS} clients, ${seeded.measures} results (${seeded.measures / CLIENTS} each) seeded in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    const write = [];
    const both = [];
    const alone = [];
    const warm = 10;
    for (let i = 0; i < WRITES + warm; i++) {
      const clientId = seeded.clients[i % seeded.clients.length];
      const now = new Date();
      const entry = () =>
        result(seeded.org.id, clientId, 'recovery-check', [0, 1, 1, 1, 0, 0, 0, 3, 2, 3, 3], now.toISOString());
      let t = performance.now();
      await handle.db.transaction().execute((trx) => insertMeasure(trx, entry()));
      if (i >= warm) write.push(performance.now() - t);
      t = performance.now();
      await handle.db.transaction().execute(async (trx) => {
        await insertMeasure(trx, entry());
        await evaluateClientSignals(trx, evaluation, { organizationId: seeded.org.id, clientId, now });
      });
      if (i >= warm) both.push(performance.now() - t);
      t = performance.now();
      await handle.db
        .transaction()
        .execute((trx) => evaluateClientSignals(trx, evaluation, { organizationId: seeded.org.id, clientId, now }));
      if (i >= warm) alone.push(performance.now() - t);
    }
    const base = summary(write);
    const withSignals = summary(both);
    const signals = summary(alone);
    console.log(`  write (baseline):  p50 ${ms(base.p50)}  p95 ${ms(base.p95)}  max ${ms(base.max)}`);
    console.log(
      `  write+signals:     p50 ${ms(withSignals.p50)}  p95 ${ms(withSignals.p95)}  max ${ms(withSignals.max)}`,
    );
    console.log(`  signals alone:     p50 ${ms(signals.p50)}  p95 ${ms(signals.p95)}  max ${ms(signals.max)}`);
    console.log(
      `  a write pays: +${ms(withSignals.p50 - base.p50)} at p50, +${ms(withSignals.p95 - base.p95)} at p95 (${WRITES} writes)`,
    );
  } finally {
    await handle.close();
    await cleanup();
  }
}

await onEachEngine('stepdown-bench-signals', options.postgres, runEngine);
