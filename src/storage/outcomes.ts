/**
 * What the clinic outcomes read, for one organisation: its finalised discharge plans, and the
 * results, schedules, first sessions and safety alerts of a window of time, each in one query.
 * The figures themselves are worked out by core/outcomes from these rows.
 */
import type { Executor } from './executor.js';

export interface OutcomePlanRow {
  planId: string;
  clientId: string;
  /** The latest finalised version's document (JSON text): its discharge date is read from it. */
  document: string;
  finalizedBy: string | null;
  /** When the plan's first version was finalised. */
  firstFinalizedAt: string | null;
}

export interface OutcomeRows {
  measures: Array<{
    clientId: string;
    instrument: string;
    takenAt: string;
    total: number | null;
    /** The scores (JSON text) of an attendance result; null for every other instrument. */
    attendanceScores: string | null;
  }>;
  schedules: Array<{ clientId: string; entries: string }>;
  firstSessions: Array<{ clientId: string; effectiveOn: string | null; changedAt: string }>;
  alerts: Array<{ clientId: string; raisedAt: string; acknowledgedAt: string | null }>;
}

/** Every plan of the organisation that has a finalised version, with its latest final document. */
export async function readOutcomePlans(db: Executor, organizationId: string): Promise<OutcomePlanRow[]> {
  const latest = await db
    .selectFrom('plans as p')
    .innerJoin('plan_versions as v', (join) =>
      join.onRef('v.plan_id', '=', 'p.id').onRef('v.version', '=', 'p.latest_final_version'),
    )
    .select(['p.id', 'p.client_id', 'v.document', 'v.finalized_by'])
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
    document: row.document,
    finalizedBy: row.finalized_by,
    firstFinalizedAt: firstOf.get(row.id) ?? null,
  }));
}

/**
 * The organisation's results taken in [from, to) (instants), its changed schedules, the first
 * sessions marked at referred programs, and the safety alerts raised in [from, to).
 */
export async function readOutcomeRows(
  db: Executor,
  organizationId: string,
  window: { from: string; to: string },
): Promise<OutcomeRows> {
  const measures = await db
    .selectFrom('measures')
    .select((eb) => [
      'client_id',
      'instrument_id',
      'taken_at',
      'total',
      eb
        .case()
        .when('instrument_id', '=', 'attendance')
        .then(eb.ref('scores'))
        .else(null)
        .end()
        .as('attendance_scores'),
    ])
    .where('organization_id', '=', organizationId)
    .where('taken_at', '>=', window.from)
    .where('taken_at', '<', window.to)
    .execute();
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
    measures: measures.map((row) => ({
      clientId: row.client_id,
      instrument: row.instrument_id,
      takenAt: row.taken_at,
      total: row.total,
      attendanceScores: row.attendance_scores,
    })),
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
