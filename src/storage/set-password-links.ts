/**
 * One-time links with which a user chooses their own password (migration 0019). Only the SHA-256
 * of a link's code is stored; the record read back never carries it.
 */
import { randomUUID } from 'node:crypto';
import type { Executor } from './executor.js';
import type { SetPasswordLinksTable } from './schema.js';

export interface SetPasswordLink {
  id: string;
  organizationId: string;
  userId: string;
  createdBy: string;
  createdAt: string;
  expiresAt: string;
  usedAt: string | null;
  revokedAt: string | null;
}

function toLink(row: SetPasswordLinksTable): SetPasswordLink {
  return {
    id: row.id,
    organizationId: row.organization_id,
    userId: row.user_id,
    createdBy: row.created_by,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    usedAt: row.used_at,
    revokedAt: row.revoked_at,
  };
}

/**
 * Stores a new link by its code's hash and revokes the user's earlier links that were not used, so
 * only the newest one works. Call inside a transaction.
 */
export async function insertSetPasswordLink(
  db: Executor,
  input: {
    organizationId: string;
    userId: string;
    codeHash: string;
    createdBy: string;
    now: string;
    expiresAt: string;
  },
): Promise<SetPasswordLink> {
  await db
    .updateTable('set_password_links')
    .set({ revoked_at: input.now })
    .where('organization_id', '=', input.organizationId)
    .where('user_id', '=', input.userId)
    .where('used_at', 'is', null)
    .where('revoked_at', 'is', null)
    .execute();
  const row: SetPasswordLinksTable = {
    id: randomUUID(),
    organization_id: input.organizationId,
    user_id: input.userId,
    code_hash: input.codeHash,
    created_by: input.createdBy,
    created_at: input.now,
    expires_at: input.expiresAt,
    used_at: null,
    revoked_at: null,
  };
  await db.insertInto('set_password_links').values(row).execute();
  return toLink(row);
}

/** The link with this code hash, whatever its state (the caller decides what a used or expired one shows). */
export async function findSetPasswordLink(db: Executor, codeHash: string): Promise<SetPasswordLink | undefined> {
  const row = await db
    .selectFrom('set_password_links')
    .selectAll()
    .where('code_hash', '=', codeHash)
    .executeTakeFirst();
  return row ? toLink(row) : undefined;
}

/**
 * Uses a link, once: true for the one caller that found it unused, unrevoked and unexpired at `now`;
 * false for everyone else, however many try at the same moment.
 */
export async function useSetPasswordLink(db: Executor, id: string, now: string): Promise<boolean> {
  const result = await db
    .updateTable('set_password_links')
    .set({ used_at: now })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The newest link of each user of an organisation who has one, by user id. */
export async function latestSetPasswordLinks(
  db: Executor,
  organizationId: string,
): Promise<Map<string, SetPasswordLink>> {
  const rows = await db
    .selectFrom('set_password_links')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  // Oldest first, so each user's newest link is the one left in the map; of two made in the same
  // millisecond, the one that was not revoked is the newer.
  const latest = new Map<string, SetPasswordLink>();
  for (const row of rows) {
    const kept = latest.get(row.user_id);
    if (kept && kept.createdAt === row.created_at && kept.revokedAt === null && row.revoked_at !== null) continue;
    latest.set(row.user_id, toLink(row));
  }
  return latest;
}
