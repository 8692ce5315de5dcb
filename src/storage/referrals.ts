/**
 * Referrals of clients to programs, scoped by organisation like clients: there is no unscoped read.
 * Each status change is kept, with who made it and when.
 */
import { randomUUID } from 'node:crypto';
import type { ReferralStatus } from '../core/programs/referral.js';
import type { Executor } from './executor.js';
import type { ReferralsTable } from './schema.js';

export interface ReferralStatusChange {
  status: ReferralStatus;
  changedBy: string;
  changedAt: string;
  /** What happened, in the clinician's words. */
  note: string | null;
  /** The day it happened (YYYY-MM-DD in the organisation's calendar), when given. */
  effectiveOn: string | null;
}

/** What a clinician may say about a status change beside the status itself. */
export interface ChangeDetails {
  note?: string | null | undefined;
  effectiveOn?: string | null | undefined;
}

export interface Referral {
  id: string;
  organizationId: string;
  clientId: string;
  programId: string;
  status: ReferralStatus;
  /** Every status the referral has had, oldest first; the first is always `sent`. */
  history: ReferralStatusChange[];
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

async function historyOf(db: Executor, ids: readonly string[]): Promise<Map<string, ReferralStatusChange[]>> {
  const byReferral = new Map<string, ReferralStatusChange[]>();
  if (ids.length === 0) return byReferral;
  const rows = await db
    .selectFrom('referral_status_changes')
    .select(['referral_id', 'status', 'changed_by', 'changed_at', 'note', 'effective_on'])
    .where('referral_id', 'in', [...ids])
    .orderBy('referral_id')
    .orderBy('changed_at')
    .orderBy('id')
    .execute();
  for (const row of rows) {
    const list = byReferral.get(row.referral_id) ?? [];
    list.push({
      status: row.status,
      changedBy: row.changed_by,
      changedAt: row.changed_at,
      note: row.note,
      effectiveOn: row.effective_on,
    });
    byReferral.set(row.referral_id, list);
  }
  return byReferral;
}

function toReferral(row: ReferralsTable, history: ReferralStatusChange[]): Referral {
  return {
    id: row.id,
    organizationId: row.organization_id,
    clientId: row.client_id,
    programId: row.program_id,
    status: row.status,
    history,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

async function addChange(
  db: Executor,
  referralId: string,
  status: ReferralStatus,
  changedBy: string,
  now: string,
  details: ChangeDetails,
): Promise<void> {
  await db
    .insertInto('referral_status_changes')
    .values({
      id: randomUUID(),
      referral_id: referralId,
      status,
      changed_by: changedBy,
      changed_at: now,
      note: details.note ?? null,
      effective_on: details.effectiveOn ?? null,
    })
    .execute();
}

/** Records a new referral with status `sent`. Call inside a transaction. */
export async function insertReferral(
  db: Executor,
  input: {
    organizationId: string;
    clientId: string;
    programId: string;
    createdBy: string;
    now: string;
    details?: ChangeDetails;
  },
): Promise<Referral> {
  const row: ReferralsTable = {
    id: randomUUID(),
    organization_id: input.organizationId,
    client_id: input.clientId,
    program_id: input.programId,
    status: 'sent',
    created_by: input.createdBy,
    created_at: input.now,
    updated_at: input.now,
  };
  await db.insertInto('referrals').values(row).execute();
  const details = input.details ?? {};
  await addChange(db, row.id, 'sent', input.createdBy, input.now, details);
  return toReferral(row, [
    {
      status: 'sent',
      changedBy: input.createdBy,
      changedAt: input.now,
      note: details.note ?? null,
      effectiveOn: details.effectiveOn ?? null,
    },
  ]);
}

export async function getReferral(db: Executor, organizationId: string, id: string): Promise<Referral | undefined> {
  const row = await db
    .selectFrom('referrals')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  return toReferral(row, (await historyOf(db, [id])).get(id) ?? []);
}

/** A client's referrals, newest first. */
export async function listReferralsOfClient(
  db: Executor,
  organizationId: string,
  clientId: string,
): Promise<Referral[]> {
  const rows = await db
    .selectFrom('referrals')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('client_id', '=', clientId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  const history = await historyOf(
    db,
    rows.map((row) => row.id),
  );
  return rows.map((row) => toReferral(row, history.get(row.id) ?? []));
}

/**
 * Moves a referral to a new status if it is still at `from` (so two people changing it at once
 * cannot both win). Returns the referral, or undefined when it is not in the organisation or no
 * longer at `from`. Call inside a transaction.
 */
export async function changeReferralStatus(
  db: Executor,
  organizationId: string,
  id: string,
  change: { from: ReferralStatus; to: ReferralStatus; changedBy: string; now: string } & ChangeDetails,
): Promise<Referral | undefined> {
  const updated = await db
    .updateTable('referrals')
    .set({ status: change.to, updated_at: change.now })
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .where('status', '=', change.from)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) return undefined;
  await addChange(db, id, change.to, change.changedBy, change.now, change);
  return getReferral(db, organizationId, id);
}

/**
 * The referral the same person made of the same client to the same program since `since`, if any:
 * a repeated request (a double click, a retry) finds the first instead of making a second.
 */
export async function findRecentReferral(
  db: Executor,
  input: { organizationId: string; clientId: string; programId: string; createdBy: string; since: string },
): Promise<Referral | undefined> {
  const row = await db
    .selectFrom('referrals')
    .select('id')
    .where('organization_id', '=', input.organizationId)
    .where('client_id', '=', input.clientId)
    .where('program_id', '=', input.programId)
    .where('created_by', '=', input.createdBy)
    .where('created_at', '>=', input.since)
    .orderBy('created_at')
    .orderBy('id')
    .executeTakeFirst();
  return row ? getReferral(db, input.organizationId, row.id) : undefined;
}
