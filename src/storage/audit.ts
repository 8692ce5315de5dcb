/**
 * The audit log: append-only (the database refuses updates and deletes), written in the same
 * transaction as the access it records. It holds who, what, which client, when, from where and the
 * outcome; never client data itself.
 */
import { randomUUID } from 'node:crypto';
import type { Executor } from './executor.js';
import { decodeCursor, encodeCursor } from './paging.js';
import type { AuditEvent, NewAuditEvent, Page } from './records.js';
import type { AuditEventsTable } from './schema.js';
import { InvalidCursorError } from './clients.js';

function toEvent(row: AuditEventsTable & { seq: number }): AuditEvent {
  return {
    seq: row.seq,
    id: row.id,
    at: row.at,
    organizationId: row.organization_id,
    actorUserId: row.actor_user_id,
    actorKind: row.actor_kind,
    action: row.action,
    resourceType: row.resource_type,
    resourceId: row.resource_id,
    clientId: row.client_id,
    outcome: row.outcome,
    ip: row.ip,
    requestId: row.request_id,
  };
}

/** Rows per insert: each row binds 12 parameters, and SQLite allows 32,766 in one statement. */
const INSERT_BATCH = 500;

/** Appends events; many at once go in batches of one statement each (call it in one transaction to keep them together). */
export async function insertAuditEvents(db: Executor, events: readonly NewAuditEvent[]): Promise<void> {
  for (let start = 0; start < events.length; start += INSERT_BATCH) {
    await insertAuditBatch(db, events.slice(start, start + INSERT_BATCH));
  }
}

async function insertAuditBatch(db: Executor, events: readonly NewAuditEvent[]): Promise<void> {
  await db
    .insertInto('audit_events')
    .values(
      events.map((event) => ({
        id: randomUUID(),
        at: event.at,
        organization_id: event.organizationId,
        actor_user_id: event.actorUserId,
        actor_kind: event.actorKind,
        action: event.action,
        resource_type: event.resourceType,
        resource_id: event.resourceId,
        client_id: event.clientId,
        outcome: event.outcome,
        ip: event.ip,
        request_id: event.requestId,
      })),
    )
    .execute();
}

export interface AuditQuery {
  clientId?: string | undefined;
  actorUserId?: string | undefined;
  action?: string | undefined;
  outcome?: AuditEvent['outcome'] | undefined;
  from?: string | undefined;
  to?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

/**
 * The query behind listAuditEvents, one row more than the page: exported so the storage tests can
 * read its plan (each database must serve it from an index, without sorting the log).
 */
export function auditEventsQuery(db: Executor, organizationId: string, query: AuditQuery) {
  let select = db.selectFrom('audit_events').selectAll().where('organization_id', '=', organizationId);
  if (query.clientId) select = select.where('client_id', '=', query.clientId);
  if (query.actorUserId) select = select.where('actor_user_id', '=', query.actorUserId);
  if (query.action) select = select.where('action', '=', query.action);
  if (query.outcome) select = select.where('outcome', '=', query.outcome);
  if (query.from) select = select.where('at', '>=', query.from);
  if (query.to) select = select.where('at', '<', query.to);
  if (query.cursor !== undefined) {
    const [at, seq] = decodeCursor(query.cursor, 2) ?? [];
    // Only a cursor we issued: PostgreSQL refuses 1.5 or 1e400 as a bigint (a 500, not a 400).
    if (typeof at !== 'string' || typeof seq !== 'number' || !Number.isSafeInteger(seq)) {
      throw new InvalidCursorError();
    }
    select = select.where((eb) => eb(eb.refTuple('at', 'seq'), '<', eb.tuple(at, seq)));
  }
  // By when each event happened (a back-dated import or seed is written after later events), then by
  // the order written, so equal times keep one order and the cursor (at, seq) never skips or repeats.
  return select
    .orderBy('at', 'desc')
    .orderBy('seq', 'desc')
    .limit(query.limit + 1);
}

/** Audit events of an organisation, newest first by when they happened, filtered and paged. */
export async function listAuditEvents(
  db: Executor,
  organizationId: string,
  query: AuditQuery,
): Promise<Page<AuditEvent>> {
  const rows = await auditEventsQuery(db, organizationId, query).execute();
  const more = rows.length > query.limit;
  const page = (more ? rows.slice(0, query.limit) : rows) as Array<AuditEventsTable & { seq: number }>;
  const last = page.at(-1);
  return { items: page.map(toEvent), nextCursor: more && last ? encodeCursor([last.at, last.seq]) : null };
}

/** Every audit event about one client, oldest first (for tests and the accounting of disclosures). */
export async function listAuditEventsOfClient(db: Executor, clientId: string): Promise<AuditEvent[]> {
  const rows = await db
    .selectFrom('audit_events')
    .selectAll()
    .where('client_id', '=', clientId)
    .orderBy('seq')
    .execute();
  return (rows as Array<AuditEventsTable & { seq: number }>).map(toEvent);
}

/**
 * The events that disclosed one client's records under a consent, oldest first: a recipient opening
 * their link (`consent.disclose`) and the clinic giving a program its summary (`consent.use`).
 * Refused attempts disclosed nothing and are left out.
 */
export async function listDisclosureEvents(
  db: Executor,
  organizationId: string,
  clientId: string,
): Promise<AuditEvent[]> {
  const rows = await db
    .selectFrom('audit_events')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('client_id', '=', clientId)
    .where('action', 'in', ['consent.disclose', 'consent.use'])
    .where('outcome', '=', 'success')
    .orderBy('seq')
    .execute();
  return (rows as Array<AuditEventsTable & { seq: number }>).map(toEvent);
}

/** The tables of resources that belong to one client of one organisation, by audit resource type. */
const OWNED_RESOURCES = {
  client: 'clients',
  assessment: 'assessments',
  plan: 'plans',
  referral: 'referrals',
  consent: 'consents',
  measure: 'measures',
  'measure-alert': 'measure_alerts',
  'check-in-link': 'check_in_links',
} as const;

/**
 * Which organisation and client a resource belongs to, whoever asks: for recording a denied
 * attempt where its owner will see it. Undefined for an unknown type or id.
 */
export async function ownerOfResource(
  db: Executor,
  resourceType: string,
  id: string,
): Promise<{ organizationId: string; clientId: string } | undefined> {
  if (!Object.hasOwn(OWNED_RESOURCES, resourceType)) return undefined;
  const table = OWNED_RESOURCES[resourceType as keyof typeof OWNED_RESOURCES];
  if (table === 'clients') {
    const row = await db
      .selectFrom('clients')
      .select(['id', 'organization_id'])
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? { organizationId: row.organization_id, clientId: row.id } : undefined;
  }
  const row = await db
    .selectFrom(table)
    .select(['organization_id', 'client_id'])
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? { organizationId: row.organization_id, clientId: row.client_id } : undefined;
}
