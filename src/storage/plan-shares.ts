/**
 * What a client does with a finalised plan: the codes that let them read it on their phone (only a
 * hash of each code is stored, so a copy of the database opens no plan), and their acknowledgements
 * that they understand why it is recommended.
 */
import { randomUUID } from 'node:crypto';
import type { Executor } from './executor.js';
import type { PlanAcknowledgement, PlanShareCode } from './records.js';
import type { PlanAcknowledgementsTable, PlanShareCodesTable } from './schema.js';

function toShareCode(row: PlanShareCodesTable): PlanShareCode {
  return {
    id: row.id,
    organizationId: row.organization_id,
    planId: row.plan_id,
    clientId: row.client_id,
    createdBy: row.created_by,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
    revokedBy: row.revoked_by,
  };
}

/**
 * Every share code ever made for a plan, oldest first: when each was made and revoked, and by whom.
 * The record has no hash (the hash is a credential, not part of the record).
 */
export async function listShareCodesOfPlan(
  db: Executor,
  organizationId: string,
  planId: string,
): Promise<PlanShareCode[]> {
  const rows = await db
    .selectFrom('plan_share_codes')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('plan_id', '=', planId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(toShareCode);
}

function toAcknowledgement(row: PlanAcknowledgementsTable): PlanAcknowledgement {
  return {
    id: row.id,
    planId: row.plan_id,
    planVersion: row.plan_version,
    clientId: row.client_id,
    via: row.via,
    recordedBy: row.recorded_by,
    language: row.language,
    acknowledgedAt: row.acknowledged_at,
  };
}

/** Stores a share code by its hash. Call inside a transaction with the revocation of older codes. */
export async function insertShareCode(
  db: Executor,
  input: { organizationId: string; planId: string; clientId: string; codeHash: string; createdBy: string; now: string },
): Promise<PlanShareCode> {
  const row: PlanShareCodesTable = {
    id: randomUUID(),
    organization_id: input.organizationId,
    plan_id: input.planId,
    client_id: input.clientId,
    code_hash: input.codeHash,
    created_by: input.createdBy,
    created_at: input.now,
    revoked_at: null,
    revoked_by: null,
  };
  await db.insertInto('plan_share_codes').values(row).execute();
  return toShareCode(row);
}

/** Revokes every active share code of a plan; returns how many were active. */
export async function revokeShareCodes(
  db: Executor,
  organizationId: string,
  planId: string,
  input: { revokedBy: string; now: string },
): Promise<number> {
  const result = await db
    .updateTable('plan_share_codes')
    .set({ revoked_at: input.now, revoked_by: input.revokedBy })
    .where('organization_id', '=', organizationId)
    .where('plan_id', '=', planId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** The share code with this hash, revoked or not (the caller decides what a revoked code shows). */
export async function findShareCode(db: Executor, codeHash: string): Promise<PlanShareCode | undefined> {
  const row = await db.selectFrom('plan_share_codes').selectAll().where('code_hash', '=', codeHash).executeTakeFirst();
  return row ? toShareCode(row) : undefined;
}

export async function insertAcknowledgement(
  db: Executor,
  input: {
    organizationId: string;
    planId: string;
    planVersion: number;
    clientId: string;
    via: PlanAcknowledgement['via'];
    recordedBy: string | null;
    language: PlanAcknowledgement['language'];
    now: string;
  },
): Promise<PlanAcknowledgement> {
  const row: PlanAcknowledgementsTable = {
    id: randomUUID(),
    organization_id: input.organizationId,
    plan_id: input.planId,
    plan_version: input.planVersion,
    client_id: input.clientId,
    via: input.via,
    recorded_by: input.recordedBy,
    language: input.language,
    acknowledged_at: input.now,
  };
  await db.insertInto('plan_acknowledgements').values(row).execute();
  return toAcknowledgement(row);
}

/** Acknowledgements of a plan, oldest first. */
export async function listAcknowledgements(
  db: Executor,
  organizationId: string,
  planId: string,
): Promise<PlanAcknowledgement[]> {
  const rows = await db
    .selectFrom('plan_acknowledgements')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('plan_id', '=', planId)
    .orderBy('acknowledged_at')
    .orderBy('id')
    .execute();
  return rows.map(toAcknowledgement);
}
