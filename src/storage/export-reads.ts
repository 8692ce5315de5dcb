/**
 * Reads that only the organisation export needs, beside the repositories that own the tables. Like
 * them, each is scoped by organisation and maps rows to records at this boundary.
 */
import type { Executor } from './executor.js';
import type { PlanShareCode } from './records.js';

/**
 * Every share code ever made for a plan, oldest first, without its hash: when each was made and
 * revoked, and by whom. (The hash is a credential, not part of the record.)
 */
export async function listShareCodesOfPlan(
  db: Executor,
  organizationId: string,
  planId: string,
): Promise<PlanShareCode[]> {
  const rows = await db
    .selectFrom('plan_share_codes')
    .select(['id', 'organization_id', 'plan_id', 'client_id', 'created_by', 'created_at', 'revoked_at', 'revoked_by'])
    .where('organization_id', '=', organizationId)
    .where('plan_id', '=', planId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    organizationId: row.organization_id,
    planId: row.plan_id,
    clientId: row.client_id,
    createdBy: row.created_by,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
    revokedBy: row.revoked_by,
  }));
}
