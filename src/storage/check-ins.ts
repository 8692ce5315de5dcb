/**
 * Measurement schedules and check-in links. A link is found by the hash of its code; it is used once
 * (the update that marks it used is guarded, so two sends cannot both win).
 */
import { randomUUID } from 'node:crypto';
import type { Executor } from './executor.js';
import type { CheckInLinksTable } from './schema.js';

export interface StoredScheduleEntry {
  instrument: string;
  everyDays: number;
}

export interface StoredSchedule {
  clientId: string;
  entries: StoredScheduleEntry[];
  updatedBy: string;
  updatedAt: string;
}

/** The schedule a clinician saved for a client, or undefined while the default applies. */
export async function getMeasureSchedule(
  db: Executor,
  organizationId: string,
  clientId: string,
): Promise<StoredSchedule | undefined> {
  const row = await db
    .selectFrom('measure_schedules')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('client_id', '=', clientId)
    .executeTakeFirst();
  return row
    ? {
        clientId: row.client_id,
        entries: JSON.parse(row.entries) as StoredScheduleEntry[],
        updatedBy: row.updated_by,
        updatedAt: row.updated_at,
      }
    : undefined;
}

/** Saves a client's schedule, replacing any earlier one. Call inside a transaction. */
export async function saveMeasureSchedule(
  db: Executor,
  input: {
    organizationId: string;
    clientId: string;
    entries: readonly StoredScheduleEntry[];
    userId: string;
    now: string;
  },
): Promise<StoredSchedule> {
  const entries = JSON.stringify(input.entries);
  await db
    .insertInto('measure_schedules')
    .values({
      client_id: input.clientId,
      organization_id: input.organizationId,
      entries,
      updated_by: input.userId,
      updated_at: input.now,
    })
    .onConflict((oc) =>
      oc.column('client_id').doUpdateSet({ entries, updated_by: input.userId, updated_at: input.now }),
    )
    .execute();
  return { clientId: input.clientId, entries: [...input.entries], updatedBy: input.userId, updatedAt: input.now };
}

/** When the client last gave each instrument. */
export async function lastTakenOfClient(
  db: Executor,
  organizationId: string,
  clientId: string,
): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('measure_latest')
    .select(['instrument_id', 'last_taken_at as last'])
    .where('organization_id', '=', organizationId)
    .where('client_id', '=', clientId)
    .execute();
  return new Map(rows.map((row) => [row.instrument_id, String(row.last)]));
}

export interface CheckInLink {
  id: string;
  organizationId: string;
  clientId: string;
  instruments: string[];
  language: 'en' | 'es';
  createdBy: string;
  createdAt: string;
  expiresAt: string;
  usedAt: string | null;
  submissionId: string | null;
  revokedAt: string | null;
}

function toLink(row: CheckInLinksTable): CheckInLink {
  return {
    id: row.id,
    organizationId: row.organization_id,
    clientId: row.client_id,
    instruments: JSON.parse(row.instruments) as string[],
    language: row.language,
    createdBy: row.created_by,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    usedAt: row.used_at,
    submissionId: row.submission_id,
    revokedAt: row.revoked_at,
  };
}

export async function insertCheckInLink(
  db: Executor,
  input: {
    organizationId: string;
    clientId: string;
    codeHash: string;
    instruments: readonly string[];
    language: 'en' | 'es';
    createdBy: string;
    now: string;
    expiresAt: string;
  },
): Promise<CheckInLink> {
  const row: CheckInLinksTable = {
    id: randomUUID(),
    organization_id: input.organizationId,
    client_id: input.clientId,
    code_hash: input.codeHash,
    instruments: JSON.stringify(input.instruments),
    language: input.language,
    created_by: input.createdBy,
    created_at: input.now,
    expires_at: input.expiresAt,
    used_at: null,
    submission_id: null,
    revoked_at: null,
  };
  await db.insertInto('check_in_links').values(row).execute();
  return toLink(row);
}

/** The link a code's hash names, whatever its state, or undefined. */
export async function findCheckInLink(db: Executor, codeHash: string): Promise<CheckInLink | undefined> {
  const row = await db.selectFrom('check_in_links').selectAll().where('code_hash', '=', codeHash).executeTakeFirst();
  return row ? toLink(row) : undefined;
}

/** Marks a link used by one submission; false when it was used first by another. Call inside a transaction. */
export async function markCheckInLinkUsed(
  db: Executor,
  linkId: string,
  input: { submissionId: string; now: string },
): Promise<boolean> {
  const updated = await db
    .updateTable('check_in_links')
    .set({ used_at: input.now, submission_id: input.submissionId })
    .where('id', '=', linkId)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}

/** A client's links, newest first. */
export async function listCheckInLinksOfClient(
  db: Executor,
  organizationId: string,
  clientId: string,
): Promise<CheckInLink[]> {
  const rows = await db
    .selectFrom('check_in_links')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('client_id', '=', clientId)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute();
  return rows.map(toLink);
}

/** The saved schedules of the clients named (the default applies to those left out). */
export async function schedulesOfClients(
  db: Executor,
  clientIds: readonly string[],
): Promise<Map<string, StoredScheduleEntry[]>> {
  const schedules = new Map<string, StoredScheduleEntry[]>();
  // In slices: PostgreSQL and SQLite both cap the parameters of one statement.
  for (let start = 0; start < clientIds.length; start += 500) {
    const rows = await db
      .selectFrom('measure_schedules')
      .select(['client_id', 'entries'])
      .where('client_id', 'in', clientIds.slice(start, start + 500))
      .execute();
    for (const row of rows) schedules.set(row.client_id, JSON.parse(row.entries) as StoredScheduleEntry[]);
  }
  return schedules;
}

/** When each client named last gave each instrument. */
export async function lastTakenOfClients(
  db: Executor,
  clientIds: readonly string[],
): Promise<Map<string, Map<string, string>>> {
  const taken = new Map<string, Map<string, string>>();
  for (let start = 0; start < clientIds.length; start += 500) {
    const rows = await db
      .selectFrom('measure_latest')
      .select(['client_id', 'instrument_id', 'last_taken_at as last'])
      .where('client_id', 'in', clientIds.slice(start, start + 500))
      .execute();
    for (const row of rows) {
      const ofClient = taken.get(row.client_id) ?? new Map<string, string>();
      ofClient.set(row.instrument_id, String(row.last));
      taken.set(row.client_id, ofClient);
    }
  }
  return taken;
}
