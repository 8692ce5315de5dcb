/**
 * Discharge plans and their versions. Every save is a new version; a version is finalised at most
 * once and is then locked (the database refuses any other change to it). A save after finalising
 * starts a new draft version that records which finalised version it amends.
 */
import { randomUUID } from 'node:crypto';
import type { Executor } from './executor.js';
import type { PlanVersion } from './records.js';
import type { PlansTable, PlanVersionsTable } from './schema.js';

/** Someone saved (or finalised) another version first. */
export class PlanVersionConflictError extends Error {
  constructor(readonly currentVersion: number) {
    super(`the plan is at version ${currentVersion}`);
    this.name = 'PlanVersionConflictError';
  }
}

/** The version to finalise is already final. */
export class PlanAlreadyFinalError extends Error {
  constructor(readonly version: number) {
    super(`version ${version} is already final`);
    this.name = 'PlanAlreadyFinalError';
  }
}

function toVersion(head: PlansTable, row: PlanVersionsTable): PlanVersion {
  return {
    planId: head.id,
    organizationId: head.organization_id,
    clientId: head.client_id,
    assessmentId: head.assessment_id,
    assessmentVersion: head.assessment_version,
    version: row.version,
    currentVersion: head.current_version,
    latestFinalVersion: head.latest_final_version,
    status: row.status,
    amends: row.amends,
    document: JSON.parse(row.document) as unknown,
    createdBy: row.created_by,
    createdAt: row.created_at,
    finalizedBy: row.finalized_by,
    finalizedAt: row.finalized_at,
    attestation: row.attestation,
    confirmedNewerAssessment:
      row.confirmed_newer_assessment_id === null || row.confirmed_newer_assessment_version === null
        ? null
        : { id: row.confirmed_newer_assessment_id, version: row.confirmed_newer_assessment_version },
  };
}

async function headOf(db: Executor, organizationId: string, planId: string): Promise<PlansTable | undefined> {
  return db
    .selectFrom('plans')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', planId)
    .executeTakeFirst();
}

export interface NewPlan {
  organizationId: string;
  clientId: string;
  assessmentId: string;
  assessmentVersion: number;
  document: unknown;
  createdBy: string;
  now: string;
}

/** Creates a plan with its first (draft) version. Call inside a transaction. */
export async function insertPlan(db: Executor, input: NewPlan): Promise<PlanVersion> {
  const head: PlansTable = {
    id: randomUUID(),
    organization_id: input.organizationId,
    client_id: input.clientId,
    assessment_id: input.assessmentId,
    assessment_version: input.assessmentVersion,
    current_version: 1,
    latest_final_version: null,
    final_reassess_by: null,
    final_discharge_date: null,
    created_by: input.createdBy,
    created_at: input.now,
    updated_at: input.now,
  };
  const row: PlanVersionsTable = {
    plan_id: head.id,
    version: 1,
    document: JSON.stringify(input.document),
    status: 'draft',
    amends: null,
    created_by: input.createdBy,
    created_at: input.now,
    finalized_by: null,
    finalized_at: null,
    attestation: null,
    confirmed_newer_assessment_id: null,
    confirmed_newer_assessment_version: null,
  };
  await db.insertInto('plans').values(head).execute();
  await db.insertInto('plan_versions').values(row).execute();
  return toVersion(head, row);
}

/**
 * Saves a new draft version when `expectedVersion` is still the current one (else
 * PlanVersionConflictError). After a finalised version the draft records what it amends. Returns
 * undefined when the plan is not in the organisation. Call inside a transaction.
 */
export async function addPlanVersion(
  db: Executor,
  organizationId: string,
  planId: string,
  input: { document: unknown; expectedVersion: number; createdBy: string; now: string },
): Promise<PlanVersion | undefined> {
  const head = await headOf(db, organizationId, planId);
  if (!head) return undefined;
  if (input.expectedVersion !== head.current_version) throw new PlanVersionConflictError(head.current_version);
  const current = await db
    .selectFrom('plan_versions')
    .select(['status', 'amends'])
    .where('plan_id', '=', planId)
    .where('version', '=', head.current_version)
    .executeTakeFirstOrThrow();
  const version = head.current_version + 1;
  // The guarded update makes a concurrent save of the same version fail instead of both winning.
  const updated = await db
    .updateTable('plans')
    .set({ current_version: version, updated_at: input.now })
    .where('id', '=', planId)
    .where('current_version', '=', head.current_version)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) throw new PlanVersionConflictError(version);
  const row: PlanVersionsTable = {
    plan_id: planId,
    version,
    document: JSON.stringify(input.document),
    status: 'draft',
    amends: current.status === 'final' ? head.current_version : current.amends,
    created_by: input.createdBy,
    created_at: input.now,
    finalized_by: null,
    finalized_at: null,
    attestation: null,
    confirmed_newer_assessment_id: null,
    confirmed_newer_assessment_version: null,
  };
  await db.insertInto('plan_versions').values(row).execute();
  return toVersion({ ...head, current_version: version, updated_at: input.now }, row);
}

/**
 * Finalises the current version, which must be `version` (else PlanVersionConflictError) and a draft
 * (else PlanAlreadyFinalError). Returns undefined when the plan is not in the organisation. Call
 * inside a transaction.
 */
export async function finalizePlanVersion(
  db: Executor,
  organizationId: string,
  planId: string,
  input: {
    version: number;
    finalizedBy: string;
    attestation: string;
    now: string;
    /** The client's newer assessment the clinician confirmed finalising over, if there was one. */
    confirmedNewerAssessment?: { id: string; version: number } | null;
  },
): Promise<PlanVersion | undefined> {
  const head = await headOf(db, organizationId, planId);
  if (!head) return undefined;
  if (input.version !== head.current_version) throw new PlanVersionConflictError(head.current_version);
  const finalised = await db
    .updateTable('plan_versions')
    .set({
      status: 'final',
      finalized_by: input.finalizedBy,
      finalized_at: input.now,
      attestation: input.attestation,
      confirmed_newer_assessment_id: input.confirmedNewerAssessment?.id ?? null,
      confirmed_newer_assessment_version: input.confirmedNewerAssessment?.version ?? null,
    })
    .where('plan_id', '=', planId)
    .where('version', '=', input.version)
    .where('status', '=', 'draft')
    .executeTakeFirst();
  if (Number(finalised.numUpdatedRows) !== 1) throw new PlanAlreadyFinalError(input.version);
  const { document } = await db
    .selectFrom('plan_versions')
    .select('document')
    .where('plan_id', '=', planId)
    .where('version', '=', input.version)
    .executeTakeFirstOrThrow();
  const dates = JSON.parse(document) as { reassessBy?: unknown; dischargeDate?: unknown };
  const moved = await db
    .updateTable('plans')
    .set({
      latest_final_version: input.version,
      final_reassess_by: typeof dates.reassessBy === 'string' ? dates.reassessBy : null,
      final_discharge_date: typeof dates.dischargeDate === 'string' ? dates.dischargeDate : null,
      updated_at: input.now,
    })
    .where('id', '=', planId)
    .where('current_version', '=', input.version)
    .executeTakeFirst();
  if (Number(moved.numUpdatedRows) !== 1) throw new PlanVersionConflictError(input.version + 1);
  return getPlanVersion(db, organizationId, planId, input.version);
}

/** One version of a plan (the current one when `version` is omitted). */
export async function getPlanVersion(
  db: Executor,
  organizationId: string,
  planId: string,
  version?: number,
): Promise<PlanVersion | undefined> {
  const head = await headOf(db, organizationId, planId);
  if (!head) return undefined;
  const row = await db
    .selectFrom('plan_versions')
    .selectAll()
    .where('plan_id', '=', planId)
    .where('version', '=', version ?? head.current_version)
    .executeTakeFirst();
  return row ? toVersion(head, row) : undefined;
}

/** The most recent finalised version of a plan, if it has one. */
export async function getLatestFinalVersion(
  db: Executor,
  organizationId: string,
  planId: string,
): Promise<PlanVersion | undefined> {
  const head = await headOf(db, organizationId, planId);
  if (!head || head.latest_final_version === null) return undefined;
  return getPlanVersion(db, organizationId, planId, head.latest_final_version);
}

/** The current version of every plan of a client, newest plan first. */
export async function listPlansOfClient(
  db: Executor,
  organizationId: string,
  clientId: string,
): Promise<PlanVersion[]> {
  const rows = await db
    .selectFrom('plans as p')
    .innerJoin('plan_versions as v', (join) =>
      join.onRef('v.plan_id', '=', 'p.id').onRef('v.version', '=', 'p.current_version'),
    )
    .selectAll('p')
    .select([
      'v.plan_id',
      'v.version',
      'v.document',
      'v.status',
      'v.amends',
      'v.created_by as version_created_by',
      'v.created_at as version_created_at',
      'v.finalized_by',
      'v.finalized_at',
      'v.attestation',
      'v.confirmed_newer_assessment_id',
      'v.confirmed_newer_assessment_version',
    ])
    .where('p.organization_id', '=', organizationId)
    .where('p.client_id', '=', clientId)
    .orderBy('p.created_at', 'desc')
    .orderBy('p.id', 'desc')
    .execute();
  return rows.map((row) =>
    toVersion(row, { ...row, created_by: row.version_created_by, created_at: row.version_created_at }),
  );
}

/** Every version number of a plan with its status, oldest first. */
export async function listPlanVersionSummaries(
  db: Executor,
  organizationId: string,
  planId: string,
): Promise<Array<{ version: number; status: PlanVersion['status']; createdAt: string; finalizedAt: string | null }>> {
  const rows = await db
    .selectFrom('plan_versions as v')
    .innerJoin('plans as p', 'p.id', 'v.plan_id')
    .select(['v.version', 'v.status', 'v.created_at', 'v.finalized_at'])
    .where('p.organization_id', '=', organizationId)
    .where('v.plan_id', '=', planId)
    .orderBy('v.version')
    .execute();
  return rows.map((row) => ({
    version: row.version,
    status: row.status,
    createdAt: row.created_at,
    finalizedAt: row.finalized_at,
  }));
}

/**
 * The discharge day of each named client's most recently finalised plan: when the plan's check-in
 * schedule starts. Clients with no finalised plan (or none with a discharge day) are left out.
 */
export async function dischargeDatesOfClients(
  db: Executor,
  clientIds: readonly string[],
): Promise<Map<string, string>> {
  const latest = new Map<string, { date: string; finalizedAt: string }>();
  // In slices: PostgreSQL and SQLite both cap the parameters of one statement.
  for (let start = 0; start < clientIds.length; start += 500) {
    const rows = await db
      .selectFrom('plans as p')
      .innerJoin('plan_versions as v', (join) =>
        join.onRef('v.plan_id', '=', 'p.id').onRef('v.version', '=', 'p.latest_final_version'),
      )
      .select(['p.client_id', 'p.final_discharge_date', 'v.finalized_at'])
      .where('p.client_id', 'in', clientIds.slice(start, start + 500))
      .where('p.final_discharge_date', 'is not', null)
      .execute();
    for (const row of rows) {
      const finalizedAt = row.finalized_at ?? '';
      const seen = latest.get(row.client_id);
      if (row.final_discharge_date !== null && (!seen || finalizedAt > seen.finalizedAt)) {
        latest.set(row.client_id, { date: row.final_discharge_date, finalizedAt });
      }
    }
  }
  return new Map([...latest].map(([clientId, { date }]) => [clientId, date]));
}
