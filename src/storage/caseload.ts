/**
 * What a clinician's caseload reads, for a whole organisation at once: a handful of grouped
 * queries (one per kind of fact) rather than one per client, so the caseload costs the same few
 * round trips for 20 clients or 2,000.
 */
import type { Executor } from './executor.js';

export interface CaseloadRows {
  clients: Array<{ id: string; displayName: string }>;
  /** Last taken per client and instrument. */
  lastTaken: Array<{ clientId: string; instrumentId: string; last: string }>;
  schedules: Array<{ clientId: string; entries: string }>;
  openAlerts: Array<{ clientId: string; count: number; oldest: string }>;
  referrals: Array<{ clientId: string; status: string }>;
  /** The reassessment date of each plan's latest finalised version (kept on the plan). */
  finalPlans: Array<{
    clientId: string;
    reassessBy: string | null;
    dischargeDate: string | null;
    finalizedAt: string | null;
  }>;
}

/** Reads every fact of the caseload of an organisation's active clients. */
export async function readCaseload(db: Executor, organizationId: string): Promise<CaseloadRows> {
  const clients = await db
    .selectFrom('clients')
    .select(['id', 'display_name'])
    .where('organization_id', '=', organizationId)
    .where('archived_at', 'is', null)
    .orderBy('search_name')
    .orderBy('id')
    .execute();
  const lastTaken = await db
    .selectFrom('measure_latest')
    .select(['client_id', 'instrument_id', 'last_taken_at as last'])
    .where('organization_id', '=', organizationId)
    .execute();
  const schedules = await db
    .selectFrom('measure_schedules')
    .select(['client_id', 'entries'])
    .where('organization_id', '=', organizationId)
    .execute();
  const openAlerts = await db
    .selectFrom('measure_alerts')
    .select([
      'client_id',
      (eb) => eb.fn.countAll<number | string | bigint>().as('count'),
      (eb) => eb.fn.min('raised_at').as('oldest'),
    ])
    .where('organization_id', '=', organizationId)
    .where('acknowledged_at', 'is', null)
    .groupBy('client_id')
    .execute();
  const referrals = await db
    .selectFrom('referrals')
    .select(['client_id', 'status'])
    .where('organization_id', '=', organizationId)
    .execute();
  // The date is kept on the plan when a version is finalised (0023): the documents stay unread.
  const finalPlans = await db
    .selectFrom('plans as p')
    .innerJoin('plan_versions as v', (join) =>
      join.onRef('v.plan_id', '=', 'p.id').onRef('v.version', '=', 'p.latest_final_version'),
    )
    .select(['p.client_id', 'p.final_reassess_by as reassess_by', 'p.final_discharge_date', 'v.finalized_at'])
    .where('p.organization_id', '=', organizationId)
    .execute();
  return {
    clients: clients.map((row) => ({ id: row.id, displayName: row.display_name })),
    lastTaken: lastTaken.map((row) => ({
      clientId: row.client_id,
      instrumentId: row.instrument_id,
      last: String(row.last),
    })),
    schedules: schedules.map((row) => ({ clientId: row.client_id, entries: row.entries })),
    // PostgreSQL counts as bigint, which pg hands over as a string.
    openAlerts: openAlerts.map((row) => ({
      clientId: row.client_id,
      count: Number(row.count),
      oldest: String(row.oldest),
    })),
    referrals: referrals.map((row) => ({ clientId: row.client_id, status: row.status })),
    finalPlans: finalPlans.map((row) => ({
      clientId: row.client_id,
      reassessBy: row.reassess_by,
      dischargeDate: row.final_discharge_date,
      finalizedAt: row.finalized_at,
    })),
  };
}
