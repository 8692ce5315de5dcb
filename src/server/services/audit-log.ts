/**
 * The audit log as an admin reads it: each event with the names of its user and client, filtered
 * and paged, or exported as CSV with the clinic's local time beside UTC and each action's words
 * (the screen's, from core's one table) beside its code. Reading and exporting the
 * log are themselves audited (`audit.read`, `audit.export`), against the client when the reading
 * was about one.
 */
import type { z } from 'zod';
import type { AuditQuery } from '../../core/api/audit.js';
import { actionWords } from '../../core/audit-actions.js';
import { formatDateTime } from '../../core/time-zone.js';
import { listAuditEvents } from '../../storage/audit.js';
import { clientNames } from '../../storage/clients.js';
import type { Executor } from '../../storage/executor.js';
import type { AuditEvent } from '../../storage/records.js';
import { userNames } from '../../storage/users.js';
import { recordAudit } from '../audit.js';
import type { RequestContext } from '../context.js';
import { withCursor } from './paging.js';

export interface NamedAuditEvent {
  event: AuditEvent;
  actorName: string | null;
  client: { displayName: string; externalRef: string | null } | null;
}

type Query = z.output<typeof AuditQuery>;

async function named(db: Executor, organizationId: string, events: AuditEvent[]): Promise<NamedAuditEvent[]> {
  const users = await userNames(
    db,
    organizationId,
    events.flatMap((event) => (event.actorUserId ? [event.actorUserId] : [])),
  );
  const clients = await clientNames(
    db,
    organizationId,
    events.flatMap((event) => (event.clientId ? [event.clientId] : [])),
  );
  return events.map((event) => ({
    event,
    actorName: event.actorUserId ? (users.get(event.actorUserId) ?? 'a former user') : null,
    client: event.clientId ? (clients.get(event.clientId) ?? null) : null,
  }));
}

/** One page of the log, newest first, with names; the reading is audited. */
export async function readAuditLog(
  db: Executor,
  context: RequestContext,
  query: Query,
): Promise<{ items: NamedAuditEvent[]; nextCursor: string | null }> {
  const organizationId = context.actor.organizationId;
  return db.transaction().execute(async (trx) => {
    const page = await withCursor(() => listAuditEvents(trx, organizationId, query));
    const items = await named(trx, organizationId, page.items);
    await recordAudit(trx, context, [
      { action: 'audit.read', resourceType: 'audit-log', resourceId: null, clientId: query.clientId ?? null },
    ]);
    return { items, nextCursor: page.nextCursor };
  });
}

/** At most this many events in one export; a narrower filter gets the rest. */
export const EXPORT_LIMIT = 10_000;

function csvCell(value: string | null): string {
  if (value === null || value === '') return '';
  // Quote every cell that needs it, and defuse text a spreadsheet would run as a formula.
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) || safe !== value || /\s/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The filtered log as CSV (RFC 4180, CRLF), newest first; the export is audited. */
export async function exportAuditLog(db: Executor, context: RequestContext, query: Query): Promise<string> {
  const organizationId = context.actor.organizationId;
  return db.transaction().execute(async (trx) => {
    const rows: NamedAuditEvent[] = [];
    let cursor: string | undefined = query.cursor;
    do {
      const page = await withCursor(() =>
        listAuditEvents(trx, organizationId, { ...query, cursor, limit: Math.min(500, EXPORT_LIMIT - rows.length) }),
      );
      rows.push(...(await named(trx, organizationId, page.items)));
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined && rows.length < EXPORT_LIMIT);
    await recordAudit(trx, context, [
      { action: 'audit.export', resourceType: 'audit-log', resourceId: null, clientId: query.clientId ?? null },
    ]);
    const header = [
      'Time (clinic)',
      'Time (UTC)',
      'User',
      'Action',
      'What was done',
      'Outcome',
      'Client',
      'Record number',
      'Resource',
      'Resource id',
      'IP address',
    ];
    const lines = rows.map(({ event, actorName, client }) =>
      [
        formatDateTime(event.at, context.timeZone),
        event.at,
        actorName ?? event.actorKind,
        event.action,
        actionWords(event.action),
        event.outcome,
        client?.displayName ?? null,
        client?.externalRef ?? null,
        event.resourceType,
        event.resourceId,
        event.ip,
      ]
        .map(csvCell)
        .join(','),
    );
    return `${[header.join(','), ...lines].join('\r\n')}\r\n`;
  });
}
