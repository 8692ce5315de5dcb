/**
 * Check-in reminders: one row per client and due occurrence (unique), so a reminder is recorded
 * before it is sent and never sent twice. A sender claims a pending reminder by moving its next
 * attempt past a lease with a guarded update, so two processes cannot both send it; a failure puts
 * the next attempt later and keeps it pending.
 */
import { randomUUID } from 'node:crypto';
import type { Executor } from './executor.js';
import type { CheckInRemindersTable } from './schema.js';

export interface CheckInReminder {
  id: string;
  organizationId: string;
  clientId: string;
  dueKey: string;
  instruments: string[];
  status: 'pending' | 'sent' | 'cancelled';
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  linkId: string | null;
  createdAt: string;
  sentAt: string | null;
}

function toReminder(row: CheckInRemindersTable): CheckInReminder {
  return {
    id: row.id,
    organizationId: row.organization_id,
    clientId: row.client_id,
    dueKey: row.due_key,
    instruments: JSON.parse(row.instruments) as string[],
    status: row.status,
    attempts: Number(row.attempts),
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
    linkId: row.link_id,
    createdAt: row.created_at,
    sentAt: row.sent_at,
  };
}

/** A client who can be reminded: active, with an email address. */
export interface RemindableClient {
  id: string;
  organizationId: string;
  email: string;
  preferredLanguage: 'en' | 'es';
}

/** Active clients of every organisation who have an email address, by id, a page at a time. */
export async function listRemindableClients(
  db: Executor,
  options: { after?: string | undefined; limit: number },
): Promise<RemindableClient[]> {
  let select = db
    .selectFrom('clients')
    .select(['id', 'organization_id', 'email', 'preferred_language'])
    .where('email', 'is not', null)
    .where('archived_at', 'is', null);
  if (options.after !== undefined) select = select.where('id', '>', options.after);
  const rows = await select.orderBy('id').limit(options.limit).execute();
  return rows.map((row) => ({
    id: row.id,
    organizationId: row.organization_id,
    email: row.email ?? '',
    preferredLanguage: row.preferred_language,
  }));
}

/**
 * Records a reminder for a due occurrence, pending and to be sent at once. False when this
 * occurrence already has one (whatever its state): it is never recorded, or sent, twice.
 */
export async function recordDueReminder(
  db: Executor,
  input: { organizationId: string; clientId: string; dueKey: string; instruments: readonly string[]; now: string },
): Promise<boolean> {
  const result = await db
    .insertInto('check_in_reminders')
    .values({
      id: randomUUID(),
      organization_id: input.organizationId,
      client_id: input.clientId,
      due_key: input.dueKey,
      instruments: JSON.stringify(input.instruments),
      status: 'pending',
      attempts: 0,
      next_attempt_at: input.now,
      last_error: null,
      link_id: null,
      created_at: input.now,
      sent_at: null,
    })
    .onConflict((oc) => oc.columns(['client_id', 'due_key']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

/**
 * Claims up to `limit` pending reminders whose next attempt has come: each one's next attempt is
 * moved to `leaseUntil` by an update guarded on its old value, so only one sender wins it. A sender
 * that dies mid-way leaves it to be tried again when the lease ends.
 */
export async function claimDueReminders(
  db: Executor,
  input: { now: string; leaseUntil: string; limit: number },
): Promise<CheckInReminder[]> {
  const rows = await db
    .selectFrom('check_in_reminders')
    .selectAll()
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', input.now)
    .orderBy('next_attempt_at')
    .orderBy('id')
    .limit(input.limit)
    .execute();
  const claimed: CheckInReminder[] = [];
  for (const row of rows) {
    const updated = await db
      .updateTable('check_in_reminders')
      .set({ next_attempt_at: input.leaseUntil })
      .where('id', '=', row.id)
      .where('status', '=', 'pending')
      .where('next_attempt_at', '=', row.next_attempt_at)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 1) claimed.push(toReminder({ ...row, next_attempt_at: input.leaseUntil }));
  }
  return claimed;
}

/** Marks a reminder sent, with the link it carried. */
export async function markReminderSent(
  db: Executor,
  id: string,
  input: { linkId: string; now: string },
): Promise<void> {
  await db
    .updateTable('check_in_reminders')
    .set((eb) => ({
      status: 'sent',
      sent_at: input.now,
      link_id: input.linkId,
      attempts: eb('attempts', '+', 1),
      last_error: null,
    }))
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .execute();
}

/** Records a failed attempt: still pending, tried again at `nextAttemptAt`. */
export async function markReminderFailed(
  db: Executor,
  id: string,
  input: { error: string; nextAttemptAt: string; linkId: string | null },
): Promise<void> {
  await db
    .updateTable('check_in_reminders')
    .set((eb) => ({
      attempts: eb('attempts', '+', 1),
      last_error: input.error.slice(0, 200),
      next_attempt_at: input.nextAttemptAt,
      link_id: input.linkId,
    }))
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .execute();
}

/** Ends a pending reminder that is no longer due (the client answered, was archived, or has no address). */
export async function cancelReminder(db: Executor, id: string): Promise<void> {
  await db
    .updateTable('check_in_reminders')
    .set({ status: 'cancelled' })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .execute();
}

/** A client's reminders, oldest first. */
export async function listRemindersOfClient(
  db: Executor,
  organizationId: string,
  clientId: string,
): Promise<CheckInReminder[]> {
  const rows = await db
    .selectFrom('check_in_reminders')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('client_id', '=', clientId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(toReminder);
}
