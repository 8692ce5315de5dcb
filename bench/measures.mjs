#!/usr/bin/env node
// Measures benchmark: a clinic of 2,000 active clients, each with a year of weekly check-ins (a
// recovery check every week and a PHQ-9 every two weeks: 78 results a client, 156,000 in all, one
// PHQ-9 in forty with a safety alert still open), on SQLite and, with --postgres, on PostgreSQL.
// For each engine it times, in the same run:
//   caseload  GET /api/v1/caseload over HTTP on the real app (session, the grouped queries, the
//             schedule and sorting in JS, one audit event, JSON), one request at a time
//   plain     the same rows read by plain SQL (no app: clients, last taken per client and
//             instrument from measure_latest, open alerts per client, schedules, referrals, and
//             each plan's reassessment date), the floor the caseload is
//             measured against; and the grouped read of every result that measure_latest replaced
// and prints p50, p95 and max of each. Target from issue 14: caseload p95 under 50 ms.
// Beside them: the first page of 50 as a screen asks for it, where the caseload's time goes (its
// storage reads, the service without HTTP, JSON), and the query plan of each caseload query.
// Then, with an episode per client (a finalised plan discharging the day before the first check-in,
// bench/lib/outcomes-seed.mjs), the outcomes page over the whole year:
//   outcomes  GET /api/v1/outcomes?from=...&to=... over HTTP on the real app (the reads, the
//             figures worked out by core/outcomes, one audit event, JSON)
//   plain     the same rows read by the same storage queries called directly (no HTTP, session,
//             transaction or audit event), with nothing worked out from them
// Target from issue 14: the outcomes page under 500 ms (p95).
//
//   npm run bench -- measures [--clients 2000] [--weeks 52] [--requests 60] [--outcome-requests 15]
//                             [--postgres URL]
import { randomUUID } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { ensureFreshBuild } from './lib/build.mjs';
import { onEachEngine, summary } from './lib/engines.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const TARGET_P95_MS = 50;
const OUTCOMES_TARGET_MS = 500;

const { values: options } = parseArgs({
  options: {
    clients: { type: 'string', default: '2000' },
    weeks: { type: 'string', default: '52' },
    requests: { type: 'string', default: '60' },
    'outcome-requests': { type: 'string', default: '15' },
    postgres: { type: 'string' },
  },
});
const CLIENTS = Number(options.clients);
const WEEKS = Number(options.weeks);
const REQUESTS = Number(options.requests);
const OUTCOME_REQUESTS = Number(options['outcome-requests']);

ensureFreshBuild(ROOT);
const dist = (path) => import(pathToFileURL(join(ROOT, 'dist', path)).href);
const { openDatabase } = await dist('storage/database.js');
const { migrateToLatest } = await dist('storage/migrate.js');
const { insertOrganization } = await dist('storage/organizations.js');
const { insertUser } = await dist('storage/users.js');
const { buildApp } = await dist('server/app.js');
const { hashPassword, decoyHash } = await dist('server/auth/passwords.js');
const { loadDefaultRuleSet } = await dist('core/rulesets/index.js');
const { readCaseload } = await dist('storage/caseload.js');
const { readCaseloadOf } = await dist('server/services/caseload.js');
const { insertDemoPrograms } = await dist('server/demo-programs.js');
const { seedEpisodes } = await import('./lib/outcomes-seed.mjs');
const outcomeStorage = await dist('storage/outcomes.js');

const PASSWORD = 'a long benchmark password';

const ms = (n) => `${n.toFixed(1)} ms`;

async function seed(handle) {
  const db = handle.db;
  const now = new Date();
  const at = now.toISOString();
  const org = await insertOrganization(db, { name: `Bench Clinic ${randomUUID()}`, now: at });
  const user = await insertUser(db, {
    organizationId: org.id,
    email: `bench-${randomUUID()}@example.org`,
    displayName: 'Bench Clinician',
    role: 'clinician',
    passwordHash: await hashPassword(PASSWORD),
    now: at,
  });
  const started = performance.now();
  let measures = 0;
  /** Each client's discharge day: the day before their first check-in. */
  const episodes = [];
  for (let first = 0; first < CLIENTS; first += 100) {
    await db.transaction().execute(async (trx) => {
      const clients = [];
      const rows = [];
      const alerts = [];
      for (let c = first; c < Math.min(CLIENTS, first + 100); c++) {
        const clientId = randomUUID();
        const name = `Client ${String(c).padStart(5, '0')}`;
        const firstCheckIn = now.getTime() - (WEEKS * 7 + (c % 10 === 0 ? 3 : 0) * 7) * 86_400_000;
        episodes.push({ id: clientId, dischargeDate: new Date(firstCheckIn - 86_400_000).toISOString().slice(0, 10) });
        clients.push({
          id: clientId,
          organization_id: org.id,
          display_name: name,
          search_name: name.toLowerCase(),
          external_ref: null,
          search_ref: null,
          birth_year: null,
          preferred_language: 'en',
          archived_at: null,
          created_by: user.id,
          created_at: at,
          updated_at: at,
        });
        for (let week = 0; week < WEEKS; week++) {
          // Some clients fell silent a few weeks ago: they show as missed.
          const silent = c % 10 === 0 ? 3 : 0;
          const takenAt = new Date(now.getTime() - ((WEEKS - week) * 7 + silent * 7) * 86_400_000).toISOString();
          const base = {
            organization_id: org.id,
            client_id: clientId,
            instrument_version: '1.0.0',
            sex: null,
            taken_at: takenAt,
            via: 'check-in',
            entered_by: null,
            created_at: takenAt,
          };
          const use = (c + week) % 9 === 0 ? 1 : 0;
          rows.push({
            ...base,
            id: randomUUID(),
            instrument_id: 'recovery-check',
            answers: JSON.stringify([use, 1, 2, 1, 1, 0, 0, 3, 2, 3, 4]),
            total: use,
            severity: use ? 'use' : 'no-use',
            scores: JSON.stringify({ use, risk: 5, protective: 12 }),
          });
          if (week % 2 === 0) {
            const item9 = week === WEEKS - 2 && c % 40 === 0 ? 1 : 0;
            const id = randomUUID();
            rows.push({
              ...base,
              id,
              instrument_id: 'phq-9',
              answers: JSON.stringify([1, 1, 1, 1, 1, 1, 1, 1, item9]),
              total: 8 + item9,
              severity: 'mild',
              scores: '{}',
            });
            if (item9)
              alerts.push({
                id: randomUUID(),
                organization_id: org.id,
                client_id: clientId,
                measure_id: id,
                kind: 'safety',
                item: 9,
                link_id: '9',
                reason: 'Item 9 above 0',
                raised_at: takenAt,
                acknowledged_at: null,
                acknowledged_by: null,
                note: null,
              });
          }
        }
      }
      await trx.insertInto('clients').values(clients).execute();
      for (let i = 0; i < rows.length; i += 500)
        await trx
          .insertInto('measures')
          .values(rows.slice(i, i + 500))
          .execute();
      if (alerts.length > 0) await trx.insertInto('measure_alerts').values(alerts).execute();
      measures += rows.length;
    });
  }
  // As migration 0017 fills it for measures stored before it, and every insert keeps it.
  await sql`
    insert into measure_latest (organization_id, client_id, instrument_id, last_taken_at)
    select organization_id, client_id, instrument_id, max(taken_at) from measures
    where organization_id = ${org.id} group by organization_id, client_id, instrument_id`.execute(db);
  const seeded = await seedEpisodes(db, {
    organizationId: org.id,
    userId: user.id,
    clients: episodes,
    now,
    insertDemoPrograms,
  });
  await handle.settled?.();
  // Statistics for the planner, as autovacuum (PostgreSQL) or an operator (SQLite) would have them
  // on a clinic that grew over a year; without them the plans printed below are for empty tables.
  await sql`analyze`.execute(db);
  const range = {
    from: episodes.map((e) => e.dischargeDate).sort()[0],
    to: now.toISOString().slice(0, 10),
  };
  return { org, user, measures, episodes: seeded, range, seconds: (performance.now() - started) / 1000 };
}

async function plainQuery(db, organizationId) {
  await db
    .selectFrom('clients')
    .select(['id', 'display_name'])
    .where('organization_id', '=', organizationId)
    .where('archived_at', 'is', null)
    .execute();
  await sql`select client_id, instrument_id, last_taken_at from measure_latest where organization_id = ${organizationId}`.execute(
    db,
  );
  await sql`select client_id, count(*) as n from measure_alerts where organization_id = ${organizationId} and acknowledged_at is null group by client_id`.execute(
    db,
  );
  await sql`select client_id, entries from measure_schedules where organization_id = ${organizationId}`.execute(db);
  await sql`select client_id, status from referrals where organization_id = ${organizationId}`.execute(db);
  await sql`select p.client_id, p.final_reassess_by, v.finalized_at from plans p join plan_versions v on v.plan_id = p.id and v.version = p.latest_final_version where p.organization_id = ${organizationId}`.execute(
    db,
  );
}

/**
 * The rows the outcomes page reads, by the same storage queries called directly: no HTTP, session,
 * transaction or audit event, and nothing worked out from them (each episode's windows are plain
 * UTC day arithmetic here).
 */
async function plainOutcomesQuery(handle, organizationId, episodes) {
  const DAY = 86_400_000;
  const at = (date, days) => new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString();
  const now = new Date().toISOString();
  const clientInstruments = ['recovery-check', 'readiness', 'phq-9', 'gad-7'];
  await outcomeStorage.readOutcomePlans(handle.db, organizationId);
  // As the app: the follow-up ends after day 90 (or now), attendance is read with no end.
  const windows = (from, to) =>
    episodes.map((e) => {
      const end = to === null ? '9999-12-31T00:00:00.000Z' : at(e.dischargeDate, to);
      return { planId: e.planId, clientId: e.id, from: at(e.dischargeDate, from), to: [end, now].sort()[0] };
    });
  await outcomeStorage.countResultsInWindows(
    handle.db,
    handle.dialect,
    organizationId,
    windows(0, 91),
    clientInstruments,
  );
  await outcomeStorage.resultsInWindows(handle.db, handle.dialect, organizationId, windows(-30, 91), [
    'phq-9',
    'gad-7',
  ]);
  await outcomeStorage.resultsInWindows(handle.db, handle.dialect, organizationId, windows(0, null), ['attendance']);
  await outcomeStorage.lastTakenOfInstruments(handle.db, organizationId, clientInstruments);
  await outcomeStorage.readOutcomeRows(handle.db, organizationId, {
    from: at(episodes[0].dischargeDate, -30),
    to: now,
  });
}

/** What the caseload would cost without measure_latest: grouping every result of the year. */
async function groupedQuery(db, organizationId) {
  await sql`select client_id, instrument_id, max(taken_at) as last from measures where organization_id = ${organizationId} group by client_id, instrument_id`.execute(
    db,
  );
}

/** The query plan of each caseload query, so an index that is not used shows. */
async function explain(handle, organizationId, engine) {
  const queries = {
    clients: sql`select id, display_name from clients where organization_id = ${organizationId} and archived_at is null order by search_name, id`,
    latest: sql`select client_id, instrument_id, last_taken_at from measure_latest where organization_id = ${organizationId}`,
    schedules: sql`select client_id, entries from measure_schedules where organization_id = ${organizationId}`,
    alerts: sql`select client_id, count(*), min(raised_at) from measure_alerts where organization_id = ${organizationId} and acknowledged_at is null group by client_id`,
    referrals: sql`select client_id, status from referrals where organization_id = ${organizationId}`,
    plans: sql`select p.client_id, p.final_reassess_by, v.finalized_at from plans p join plan_versions v on v.plan_id = p.id and v.version = p.latest_final_version where p.organization_id = ${organizationId}`,
  };
  for (const [name, query] of Object.entries(queries)) {
    const prefix = engine === 'sqlite' ? sql`explain query plan ` : sql`explain `;
    const { rows } = await sql`${prefix}${query}`.execute(handle.db);
    const plan = rows.map((row) => row.detail ?? row['QUERY PLAN']).join(' | ');
    console.log(`  plan ${name}: ${plan}`);
  }
}

async function runEngine(label, location, cleanup) {
  const handle = openDatabase(location, { groupCommit: true });
  try {
    await migrateToLatest(handle);
    const seeded = await seed(handle);
    console.log(
      `${label}: ${CLIENTS} clients, ${seeded.measures} measures, ${seeded.episodes.plans} finalised plans (${seeded.episodes.firstSessions} first sessions) seeded in ${seeded.seconds.toFixed(1)} s`,
    );
    const app = await buildApp(
      {
        database: handle,
        ruleset: loadDefaultRuleSet(),
        secret: Buffer.from('bench-secret-bench-secret-bench-secret'),
        clock: () => new Date(),
        decoyHash: decoyHash(),
        trustProxy: false,
      },
      { logLevel: 'silent' },
    );
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${app.server.address().port}`;
    try {
      const signIn = await fetch(`${base}/api/v1/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: seeded.user.email, password: PASSWORD }),
      });
      const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0];
      const http = [];
      const plain = [];
      const grouped = [];
      const reads = [];
      const page = [];
      let pagedSize = 0;
      const service = [];
      const json = [];
      const context = () => ({
        actor: { userId: seeded.user.id, organizationId: seeded.org.id, role: 'clinician' },
        ip: '127.0.0.1',
        requestId: randomUUID(),
        now: new Date(),
        timeZone: 'UTC',
      });
      let size = 0;
      for (let i = 0; i < REQUESTS + 5; i++) {
        let t = performance.now();
        const response = await fetch(`${base}/api/v1/caseload`, { headers: { cookie } });
        const text = await response.text();
        if (response.status !== 200) throw new Error(`caseload answered ${response.status}: ${text.slice(0, 200)}`);
        size = text.length;
        if (i >= 5) http.push(performance.now() - t);
        // The first page as a screen shows it: every client ranked, fifty answered.
        t = performance.now();
        const paged = await fetch(`${base}/api/v1/caseload?limit=50`, { headers: { cookie } });
        pagedSize = (await paged.text()).length;
        if (paged.status !== 200) throw new Error(`caseload?limit=50 answered ${paged.status}`);
        if (i >= 5) page.push(performance.now() - t);
        t = performance.now();
        await plainQuery(handle.db, seeded.org.id);
        if (i >= 5) plain.push(performance.now() - t);
        t = performance.now();
        await groupedQuery(handle.db, seeded.org.id);
        if (i >= 5) grouped.push(performance.now() - t);
        // Where the caseload's time goes, in process: the storage reads alone (every query the
        // caseload makes, rows mapped), the service (those reads, one audit event committed, the
        // schedule of each client, sorting), and turning its answer into JSON.
        t = performance.now();
        await readCaseload(handle.db, seeded.org.id);
        if (i >= 5) reads.push(performance.now() - t);
        t = performance.now();
        const answer = await readCaseloadOf(handle.db, context());
        await handle.settled?.();
        if (i >= 5) service.push(performance.now() - t);
        t = performance.now();
        JSON.stringify(answer);
        if (i >= 5) json.push(performance.now() - t);
      }
      const caseload = summary(http);
      const floor = summary(plain);
      console.log(
        `  caseload over HTTP (${(size / 1024).toFixed(0)} KiB): p50 ${ms(caseload.p50)}  p95 ${ms(caseload.p95)}  max ${ms(caseload.max)}  target p95 < ${TARGET_P95_MS} ms: ${caseload.p95 < TARGET_P95_MS ? 'met' : 'MISSED'}`,
      );
      const first = summary(page);
      console.log(
        `  caseload, first 50 (${(pagedSize / 1024).toFixed(0)} KiB): p50 ${ms(first.p50)}  p95 ${ms(first.p95)}  max ${ms(first.max)}`,
      );
      console.log(`  plain query, same rows:     p50 ${ms(floor.p50)}  p95 ${ms(floor.p95)}  max ${ms(floor.max)}`);
      const group = summary(grouped);
      console.log(
        `  grouped max over all results: p50 ${ms(group.p50)}  p95 ${ms(group.p95)}  max ${ms(group.max)} (what measure_latest saves)`,
      );
      for (const [label, times] of [
        ['  of which, storage reads (readCaseload):', reads],
        ['  service, no HTTP (reads, audit, JS):   ', service],
        ['  JSON.stringify of the answer:          ', json],
      ]) {
        const stage = summary(times);
        console.log(`${label} p50 ${ms(stage.p50)}  p95 ${ms(stage.p95)}  max ${ms(stage.max)}`);
      }
      await explain(handle, seeded.org.id, label);

      // The outcomes page over every episode of the year, and the same rows by plain SQL.
      const query = `from=${seeded.range.from}&to=${seeded.range.to}`;
      const outcomesTimes = [];
      const outcomesPlain = [];
      let outcomesSize = 0;
      let episodes = 0;
      for (let i = 0; i < OUTCOME_REQUESTS + 2; i++) {
        let t = performance.now();
        const response = await fetch(`${base}/api/v1/outcomes?${query}`, { headers: { cookie } });
        const text = await response.text();
        if (response.status !== 200) throw new Error(`outcomes answered ${response.status}: ${text.slice(0, 200)}`);
        outcomesSize = text.length;
        episodes = JSON.parse(text).episodes;
        if (i >= 2) outcomesTimes.push(performance.now() - t);
        t = performance.now();
        await plainOutcomesQuery(handle, seeded.org.id, seeded.episodes.list);
        if (i >= 2) outcomesPlain.push(performance.now() - t);
      }
      const outcomesPage = summary(outcomesTimes);
      const rows = summary(outcomesPlain);
      console.log(
        `  outcomes over HTTP (${episodes} episodes, ${seeded.range.from} to ${seeded.range.to}, ${(outcomesSize / 1024).toFixed(0)} KiB): p50 ${ms(outcomesPage.p50)}  p95 ${ms(outcomesPage.p95)}  max ${ms(outcomesPage.max)}  target p95 < ${OUTCOMES_TARGET_MS} ms: ${outcomesPage.p95 < OUTCOMES_TARGET_MS ? 'met' : 'MISSED'}`,
      );
      console.log(`  plain query, same rows:     p50 ${ms(rows.p50)}  p95 ${ms(rows.p95)}  max ${ms(rows.max)}`);
    } finally {
      await app.close();
    }
  } finally {
    await handle.close();
    await cleanup();
  }
}

await onEachEngine('stepdown-bench-measures', options.postgres, runEngine);
