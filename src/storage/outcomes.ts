/**
 * What the clinic outcomes read, for one organisation: its finalised discharge plans (with the
 * discharge date read out of each document by the database, not by parsing every plan here), and
 * for each episode the counts and results within the windows core/outcomes gives, counted by the
 * database over its indexes, so a clinic of thousands is not read result by result. The figures
 * themselves are worked out by core/outcomes from these rows.
 */
import { type RawBuilder, sql } from 'kysely';
import type { Dialect } from './database.js';
import type { Executor } from './executor.js';

export interface OutcomePlanRow {
  planId: string;
  clientId: string;
  /** The latest finalised version's discharge date, as written in its document (null for plan@1). */
  dischargeDate: string | null;
  finalizedBy: string | null;
  /** When the plan's first version was finalised. */
  firstFinalizedAt: string | null;
}

/** An episode's window of time, as ISO instants: from (inclusive) to (exclusive). */
export interface EpisodeWindow {
  planId: string;
  clientId: string;
  from: string;
  to: string;
}

/** Windows per statement: four parameters each, well under SQLite's limit of 32,766. */
const WINDOWS_PER_QUERY = 500;

/** Every plan of the organisation that has a finalised version, with its latest final discharge date. */
export async function readOutcomePlans(db: Executor, organizationId: string): Promise<OutcomePlanRow[]> {
  const latest = await db
    .selectFrom('plans as p')
    .innerJoin('plan_versions as v', (join) =>
      join.onRef('v.plan_id', '=', 'p.id').onRef('v.version', '=', 'p.latest_final_version'),
    )
    .select(['p.id', 'p.client_id', 'v.finalized_by', 'p.final_discharge_date as discharge_date'])
    .where('p.organization_id', '=', organizationId)
    .execute();
  const first = await db
    .selectFrom('plan_versions as v')
    .innerJoin('plans as p', 'p.id', 'v.plan_id')
    .select(['v.plan_id', (eb) => eb.fn.min('v.finalized_at').as('first')])
    .where('p.organization_id', '=', organizationId)
    .where('v.status', '=', 'final')
    .groupBy('v.plan_id')
    .execute();
  const firstOf = new Map(first.map((row) => [row.plan_id, row.first === null ? null : String(row.first)]));
  return latest.map((row) => ({
    planId: row.id,
    clientId: row.client_id,
    dischargeDate: row.discharge_date,
    finalizedBy: row.finalized_by,
    firstFinalizedAt: firstOf.get(row.id) ?? null,
  }));
}

/** The windows as a common table expression `w(plan_id, client_id, from_at, to_at)`. */
function windowsTable(windows: readonly EpisodeWindow[]): RawBuilder<unknown> {
  const rows = windows.map(
    (w) =>
      sql`(cast(${w.planId} as text), cast(${w.clientId} as text), cast(${w.from} as text), cast(${w.to} as text))`,
  );
  return sql`w(plan_id, client_id, from_at, to_at) as (values ${sql.join(rows)})`;
}

/**
 * `w` joined to the measures of some instruments within each window, as `m`. SQLite: a CROSS JOIN,
 * which it never reorders, so each window looks up its client's rows by the index. PostgreSQL: a
 * LATERAL subquery kept apart by OFFSET 0 (else the planner flattens it into a join), for the same
 * reason: as a join it hashed every result of the organisation for each 500 windows (2.5 s for
 * 2,000 episodes, measured on a freshly filled table).
 */
function measuresInWindows(
  dialect: Dialect,
  organizationId: string,
  instruments: readonly string[],
  columns: RawBuilder<unknown>,
): RawBuilder<unknown> {
  const where = sql`m.organization_id = ${organizationId} and m.client_id = w.client_id
    and m.instrument_id in (${sql.join(instruments)})
    and m.taken_at >= w.from_at and m.taken_at < w.to_at`;
  return dialect === 'postgres'
    ? sql`w cross join lateral (select ${columns} from measures m where ${where} offset 0) m`
    : sql`w cross join measures m where ${where}`;
}

async function inChunks<T>(
  windows: readonly EpisodeWindow[],
  read: (chunk: readonly EpisodeWindow[]) => Promise<T[]>,
): Promise<T[]> {
  const all: T[] = [];
  for (let i = 0; i < windows.length; i += WINDOWS_PER_QUERY) {
    all.push(...(await read(windows.slice(i, i + WINDOWS_PER_QUERY))));
  }
  return all;
}

/*
 * The windows drive the join, and the instruments are named, so for each episode the index on
 * (organisation, client, instrument, taken) finds its client's results in its window: without the
 * instruments SQLite takes the (organisation, taken) index and reads the whole organisation's window
 * once per episode (110 s for 2,000 episodes, measured).
 */

/** How many results of each of some instruments each episode's client gave within the episode's window. */
export async function countResultsInWindows(
  db: Executor,
  dialect: Dialect,
  organizationId: string,
  windows: readonly EpisodeWindow[],
  instruments: readonly string[],
): Promise<Array<{ planId: string; instrument: string; count: number }>> {
  if (instruments.length === 0) return [];
  return inChunks(windows, async (chunk) => {
    const { rows } = await sql<{ plan_id: string; instrument_id: string; n: number | string }>`
      with ${windowsTable(chunk)}
      select w.plan_id, m.instrument_id, count(*) as n
      from ${measuresInWindows(dialect, organizationId, instruments, sql`m.instrument_id`)}
      group by w.plan_id, m.instrument_id`.execute(db);
    // PostgreSQL counts as bigint, which pg hands over as a string.
    return rows.map((row) => ({ planId: row.plan_id, instrument: row.instrument_id, count: Number(row.n) }));
  });
}

/**
 * The results of some instruments each episode's client gave within the episode's window, with
 * their total and scores (JSON text).
 */
export async function resultsInWindows(
  db: Executor,
  dialect: Dialect,
  organizationId: string,
  windows: readonly EpisodeWindow[],
  instruments: readonly string[],
): Promise<Array<{ planId: string; instrument: string; takenAt: string; total: number | null; scores: string }>> {
  if (instruments.length === 0) return [];
  return inChunks(windows, async (chunk) => {
    const { rows } = await sql<{
      plan_id: string;
      instrument_id: string;
      taken_at: string;
      total: number | null;
      scores: string;
    }>`
      with ${windowsTable(chunk)}
      select w.plan_id, m.instrument_id, m.taken_at, m.total, m.scores
      from ${measuresInWindows(dialect, organizationId, instruments, sql`m.instrument_id, m.taken_at, m.total, m.scores`)}`.execute(
      db,
    );
    return rows.map((row) => ({
      planId: row.plan_id,
      instrument: row.instrument_id,
      takenAt: row.taken_at,
      total: row.total === null ? null : Number(row.total),
      scores: row.scores,
    }));
  });
}

/** When each client last gave any of these instruments (kept by every insert: measure_latest). */
export async function lastTakenOfInstruments(
  db: Executor,
  organizationId: string,
  instruments: readonly string[],
): Promise<Array<{ clientId: string; last: string }>> {
  if (instruments.length === 0) return [];
  const rows = await db
    .selectFrom('measure_latest')
    .select(['client_id', (eb) => eb.fn.max('last_taken_at').as('last')])
    .where('organization_id', '=', organizationId)
    .where('instrument_id', 'in', [...instruments])
    .groupBy('client_id')
    .execute();
  return rows.map((row) => ({ clientId: row.client_id, last: String(row.last) }));
}

export interface OutcomeRows {
  schedules: Array<{ clientId: string; entries: string }>;
  firstSessions: Array<{ clientId: string; effectiveOn: string | null; changedAt: string }>;
  alerts: Array<{ clientId: string; raisedAt: string; acknowledgedAt: string | null }>;
}

/**
 * The organisation's safety alerts raised in [from, to) (instants), its changed schedules, and the
 * first sessions marked at referred programs.
 */
export async function readOutcomeRows(
  db: Executor,
  organizationId: string,
  window: { from: string; to: string },
): Promise<OutcomeRows> {
  const schedules = await db
    .selectFrom('measure_schedules')
    .select(['client_id', 'entries'])
    .where('organization_id', '=', organizationId)
    .execute();
  const firstSessions = await db
    .selectFrom('referral_status_changes as c')
    .innerJoin('referrals as r', 'r.id', 'c.referral_id')
    .select(['r.client_id', 'c.effective_on', 'c.changed_at'])
    .where('r.organization_id', '=', organizationId)
    .where('c.status', '=', 'first-session-attended')
    .execute();
  const alerts = await db
    .selectFrom('measure_alerts')
    .select(['client_id', 'raised_at', 'acknowledged_at'])
    .where('organization_id', '=', organizationId)
    .where('raised_at', '>=', window.from)
    .where('raised_at', '<', window.to)
    .execute();
  return {
    schedules: schedules.map((row) => ({ clientId: row.client_id, entries: row.entries })),
    firstSessions: firstSessions.map((row) => ({
      clientId: row.client_id,
      effectiveOn: row.effective_on,
      changedAt: row.changed_at,
    })),
    alerts: alerts.map((row) => ({
      clientId: row.client_id,
      raisedAt: row.raised_at,
      acknowledgedAt: row.acknowledged_at,
    })),
  };
}
