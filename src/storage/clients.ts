/** Clients of an organisation. Every query is scoped by organisation: there is no unscoped read. */
import { randomUUID } from 'node:crypto';
import { PostgresAdapter, sql } from 'kysely';
import { searchKey } from '../core/search-key.js';
import type { ArchivedFilter } from '../core/api/clients.js';
import type { Executor } from './executor.js';
import { decodeCursor, encodeCursor, likePattern } from './paging.js';
import type { Client, Page } from './records.js';
import type { ClientsTable } from './schema.js';

export class InvalidCursorError extends Error {
  constructor() {
    super('cursor is not one this server issued');
    this.name = 'InvalidCursorError';
  }
}

function toClient(row: ClientsTable): Client {
  return {
    id: row.id,
    organizationId: row.organization_id,
    displayName: row.display_name,
    externalRef: row.external_ref,
    birthYear: row.birth_year,
    birthDate: row.birth_date,
    preferredLanguage: row.preferred_language,
    email: row.email,
    archivedAt: row.archived_at,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export interface NewClient {
  organizationId: string;
  displayName: string;
  externalRef?: string | null;
  birthYear?: number | null;
  birthDate?: string | null;
  preferredLanguage?: 'en' | 'es';
  email?: string | null;
  createdBy: string;
  now: string;
}

export async function insertClient(db: Executor, input: NewClient): Promise<Client> {
  const row: ClientsTable = {
    id: randomUUID(),
    organization_id: input.organizationId,
    display_name: input.displayName,
    search_name: searchKey(input.displayName),
    external_ref: input.externalRef ?? null,
    search_ref: input.externalRef ? searchKey(input.externalRef) : null,
    birth_year: input.birthYear ?? null,
    birth_date: input.birthDate ?? null,
    preferred_language: input.preferredLanguage ?? 'en',
    archived_at: null,
    created_by: input.createdBy,
    created_at: input.now,
    updated_at: input.now,
    email: input.email ?? null,
  };
  await db.insertInto('clients').values(row).execute();
  return toClient(row);
}

export async function getClient(db: Executor, organizationId: string, id: string): Promise<Client | undefined> {
  const row = await db
    .selectFrom('clients')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toClient(row) : undefined;
}

/**
 * The client, read to decide whether a change to their records may go ahead: on PostgreSQL the row
 * stays locked (FOR SHARE) until the transaction ends, so an archive cannot commit between that
 * check and the change. SQLite runs one transaction at a time, so it needs no lock.
 */
export async function getClientForChange(
  db: Executor,
  organizationId: string,
  id: string,
): Promise<Client | undefined> {
  let select = db.selectFrom('clients').selectAll().where('organization_id', '=', organizationId).where('id', '=', id);
  if (db.getExecutor().adapter instanceof PostgresAdapter) select = select.forShare();
  const row = await select.executeTakeFirst();
  return row ? toClient(row) : undefined;
}

export interface ClientPatch {
  displayName?: string;
  externalRef?: string | null;
  birthYear?: number | null;
  birthDate?: string | null;
  preferredLanguage?: 'en' | 'es';
  email?: string | null;
}

export async function updateClient(
  db: Executor,
  organizationId: string,
  id: string,
  patch: ClientPatch,
  now: string,
): Promise<Client | undefined> {
  const result = await db
    .updateTable('clients')
    .set({
      ...(patch.displayName === undefined
        ? {}
        : { display_name: patch.displayName, search_name: searchKey(patch.displayName) }),
      ...(patch.externalRef === undefined
        ? {}
        : { external_ref: patch.externalRef, search_ref: patch.externalRef ? searchKey(patch.externalRef) : null }),
      ...(patch.birthYear === undefined ? {} : { birth_year: patch.birthYear }),
      ...(patch.birthDate === undefined ? {} : { birth_date: patch.birthDate }),
      ...(patch.preferredLanguage === undefined ? {} : { preferred_language: patch.preferredLanguage }),
      ...(patch.email === undefined ? {} : { email: patch.email }),
      updated_at: now,
    })
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) return undefined;
  return getClient(db, organizationId, id);
}

/**
 * Archives a client (`archivedAt` a time) or restores one (`null`); a client already in that state
 * is left as they are. Answers the client, or undefined when the organisation has no such client.
 */
async function setArchivedAt(
  db: Executor,
  organizationId: string,
  id: string,
  archivedAt: string | null,
  now: string,
): Promise<Client | undefined> {
  await db
    .updateTable('clients')
    .set({ archived_at: archivedAt, updated_at: now })
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .where('archived_at', archivedAt === null ? 'is not' : 'is', null)
    .execute();
  return getClient(db, organizationId, id);
}

export function archiveClient(
  db: Executor,
  organizationId: string,
  id: string,
  now: string,
): Promise<Client | undefined> {
  return setArchivedAt(db, organizationId, id, now, now);
}

/** Brings an archived client back; a client who is not archived is left as they are. */
export function restoreClient(
  db: Executor,
  organizationId: string,
  id: string,
  now: string,
): Promise<Client | undefined> {
  return setArchivedAt(db, organizationId, id, null, now);
}

export interface ClientQuery {
  q?: string | undefined;
  limit: number;
  cursor?: string | undefined;
  archived?: ArchivedFilter | undefined;
}

/**
 * Lists clients by name, then id; `q` matches part of the name or the external reference, and
 * `archived` picks by archive state. The cursor is the sort key of the last client listed, which
 * does not depend on the filters, so a page follows on from the last one shown whatever the filters
 * leave out (a client archived or restored between pages is listed or not as the filter says, and
 * no other client is skipped or repeated).
 */
export async function listClients(db: Executor, organizationId: string, query: ClientQuery): Promise<Page<Client>> {
  let select = db.selectFrom('clients').selectAll().where('organization_id', '=', organizationId);
  const archived = query.archived ?? 'exclude';
  if (archived === 'exclude') select = select.where('archived_at', 'is', null);
  else if (archived === 'only') select = select.where('archived_at', 'is not', null);
  const q = query.q === undefined ? undefined : searchKey(query.q.trim());
  if (q) {
    const pattern = likePattern(q);
    select = select.where(
      (eb) =>
        sql<boolean>`(${eb.ref('search_name')} like ${pattern} escape '\\' or ${eb.ref('search_ref')} like ${pattern} escape '\\')`,
    );
  }
  if (query.cursor !== undefined) {
    const key = decodeCursor(query.cursor, 2);
    if (!key) throw new InvalidCursorError();
    const [name, id] = key.map(String) as [string, string];
    select = select.where((eb) =>
      eb.or([eb('search_name', '>', name), eb.and([eb('search_name', '=', name), eb('id', '>', id)])]),
    );
  }
  const rows = await select
    .orderBy('search_name')
    .orderBy('id')
    .limit(query.limit + 1)
    .execute();
  const more = rows.length > query.limit;
  const page = more ? rows.slice(0, query.limit) : rows;
  const last = page.at(-1);
  return {
    items: page.map(toClient),
    nextCursor: more && last ? encodeCursor([last.search_name, last.id]) : null,
  };
}

/**
 * Clients who may be the same person as a new one: the same name (without case or accents) and
 * date of birth, or the same record number. Archived clients count: a returning client is often one.
 */
export async function findPossibleDuplicates(
  db: Executor,
  organizationId: string,
  candidate: { displayName: string; birthDate?: string | null; externalRef?: string | null },
): Promise<Client[]> {
  const name = searchKey(candidate.displayName.trim());
  const ref = candidate.externalRef?.trim() ? searchKey(candidate.externalRef.trim()) : null;
  const birthDate = candidate.birthDate ?? null;
  if (birthDate === null && ref === null) return [];
  const rows = await db
    .selectFrom('clients')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where((eb) =>
      eb.or([
        ...(birthDate === null ? [] : [eb.and([eb('search_name', '=', name), eb('birth_date', '=', birthDate)])]),
        ...(ref === null ? [] : [eb('search_ref', '=', ref)]),
      ]),
    )
    .orderBy('search_name')
    .orderBy('id')
    .limit(10)
    .execute();
  return rows.map(toClient);
}

/**
 * Locks the client's row until the transaction ends (FOR UPDATE on PostgreSQL), so two requests
 * about the same client that check, then write, take turns. SQLite runs one transaction at a time.
 * Take it before any other read of the client in the transaction.
 */
export async function lockClient(db: Executor, organizationId: string, id: string): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await db
    .selectFrom('clients')
    .select('id')
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .forUpdate()
    .execute();
}

/** Names and record numbers of some clients of an organisation, by id (others' ids are left out). */
export async function clientNames(
  db: Executor,
  organizationId: string,
  ids: readonly string[],
): Promise<Map<string, { displayName: string; externalRef: string | null }>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('clients')
    .select(['id', 'display_name', 'external_ref'])
    .where('organization_id', '=', organizationId)
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((row) => [row.id, { displayName: row.display_name, externalRef: row.external_ref }]));
}
