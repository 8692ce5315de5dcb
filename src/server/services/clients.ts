/**
 * Client records: each read or change writes its audit event in the same transaction. A client of
 * another organisation is "not found" (and the attempt is audited as denied), never "forbidden",
 * so ids cannot be probed across organisations.
 *
 * An archived client's records are kept as they are: every change to them (details, assessments,
 * plans, referrals, new consents and links) is refused with 409 until the client is restored.
 * Reading and exporting stay open, and so do revoking a consent or a link, which protect the client.
 */
import type { AuditAction } from '../../core/audit-actions.js';
import { AppError } from '../../core/errors.js';
import { calendarDate } from '../../core/time-zone.js';
import {
  archiveClient as archiveClientRow,
  findPossibleDuplicates,
  getClient,
  getClientForChange,
  insertClient,
  listClients as listClientRows,
  restoreClient as restoreClientRow,
  updateClient as updateClientRow,
  type ClientPatch,
  type ClientQuery,
} from '../../storage/clients.js';
import type { Executor } from '../../storage/executor.js';
import type { Client, Page } from '../../storage/records.js';
import { recordAudit } from '../audit.js';
import { withCursor } from './paging.js';
import type { RequestContext } from '../context.js';

export const CLIENT_NOT_FOUND = 'No client with this id in your organisation.';

/** Records a denied attempt on a client id and returns the not-found error to throw. */
export async function deniedClient(
  db: Executor,
  context: RequestContext,
  action: AuditAction,
  id: string,
): Promise<AppError> {
  await recordAudit(db, context, [
    { action, resourceType: 'client', resourceId: id, clientId: null, outcome: 'denied' },
  ]);
  return new AppError('not_found', CLIENT_NOT_FOUND);
}

/**
 * The client whose records a change is about to touch, locked against archiving until the
 * transaction ends; undefined when the organisation has no such client. Refuses (409) when the
 * client is archived; `change` finishes "restore them before ...".
 */
export async function clientForChange(
  db: Executor,
  organizationId: string,
  clientId: string,
  change: string,
): Promise<Client | undefined> {
  const client = await getClientForChange(db, organizationId, clientId);
  if (client !== undefined && client.archivedAt !== null) {
    throw new AppError('conflict', `This client is archived; restore them before ${change}.`);
  }
  return client;
}

/** A date of birth after the clinic's today is a typing mistake. */
function birthDateIssues(birthDate: string | null | undefined, context: RequestContext): void {
  if (birthDate && birthDate > calendarDate(context.now, context.timeZone)) {
    throw new AppError('invalid_input', 'Some fields are not valid.', [
      { path: 'birthDate', message: 'cannot be in the future' },
    ]);
  }
}

/**
 * Adds a client. When the organisation already has a client with the same name and date of birth,
 * or the same record number (archived ones too: a returning client often is one), nothing is added
 * and the answer is 409 `possible_duplicate` listing them, until the request names each of them in
 * `notADuplicateOf` (the clinician looked, and they are other people). Showing a candidate is a
 * read of their record, audited against them.
 */
export async function createClient(
  db: Executor,
  context: RequestContext,
  input: {
    displayName: string;
    externalRef?: string | null;
    birthYear?: number | null;
    birthDate?: string | null;
    preferredLanguage?: 'en' | 'es';
    email?: string | null;
    notADuplicateOf?: string[];
  },
): Promise<Client> {
  birthDateIssues(input.birthDate, context);
  const { notADuplicateOf = [], ...fields } = input;
  const result = await db.transaction().execute(async (trx) => {
    const duplicates = (await findPossibleDuplicates(trx, context.actor.organizationId, fields)).filter(
      (candidate) => !notADuplicateOf.includes(candidate.id),
    );
    if (duplicates.length > 0) {
      // Committed with the answer: the candidates' records were shown.
      await recordAudit(
        trx,
        context,
        duplicates.map((candidate) => ({
          action: 'client.duplicate-check',
          resourceType: 'client',
          resourceId: candidate.id,
          clientId: candidate.id,
        })),
      );
      return { created: undefined, duplicates };
    }
    const client = await insertClient(trx, {
      ...fields,
      organizationId: context.actor.organizationId,
      createdBy: context.actor.userId,
      now: context.now.toISOString(),
    });
    await recordAudit(trx, context, [
      { action: 'client.create', resourceType: 'client', resourceId: client.id, clientId: client.id },
    ]);
    return { created: client, duplicates };
  });
  if (result.created) return result.created;
  const { duplicates } = result;
  throw new AppError(
    'possible_duplicate',
    `This client may be the same person as ${duplicates.length === 1 ? 'a client' : `one of ${duplicates.length} clients`} already recorded, with the same name and date of birth or the same record number. Open their record, or add this client anyway if they are someone else.`,
    [],
    'body',
    {
      duplicates: duplicates.map((candidate) => ({
        id: candidate.id,
        displayName: candidate.displayName,
        externalRef: candidate.externalRef,
        birthDate: candidate.birthDate,
        archived: candidate.archivedAt !== null,
      })),
    },
  );
}

export async function readClient(db: Executor, context: RequestContext, id: string): Promise<Client> {
  const client = await db.transaction().execute(async (trx) => {
    const found = await getClient(trx, context.actor.organizationId, id);
    if (found) {
      await recordAudit(trx, context, [
        { action: 'client.read', resourceType: 'client', resourceId: id, clientId: id },
      ]);
    }
    return found;
  });
  if (!client) throw await deniedClient(db, context, 'client.read', id);
  return client;
}

export async function updateClient(
  db: Executor,
  context: RequestContext,
  id: string,
  patch: ClientPatch,
): Promise<Client> {
  birthDateIssues(patch.birthDate, context);
  const client = await db.transaction().execute(async (trx) => {
    if (!(await clientForChange(trx, context.actor.organizationId, id, 'changing their details'))) return undefined;
    const updated = await updateClientRow(trx, context.actor.organizationId, id, patch, context.now.toISOString());
    if (updated) {
      await recordAudit(trx, context, [
        { action: 'client.update', resourceType: 'client', resourceId: id, clientId: id },
      ]);
    }
    return updated;
  });
  if (!client) throw await deniedClient(db, context, 'client.update', id);
  return client;
}

/** Archives a client, or restores one so their records can change again; either again changes nothing. */
async function setArchived(
  db: Executor,
  context: RequestContext,
  id: string,
  action: 'client.archive' | 'client.restore',
): Promise<Client> {
  const now = context.now.toISOString();
  const client = await db.transaction().execute(async (trx) => {
    const change = action === 'client.archive' ? archiveClientRow : restoreClientRow;
    const changed = await change(trx, context.actor.organizationId, id, now);
    if (changed) await recordAudit(trx, context, [{ action, resourceType: 'client', resourceId: id, clientId: id }]);
    return changed;
  });
  if (!client) throw await deniedClient(db, context, action, id);
  return client;
}

export function archiveClient(db: Executor, context: RequestContext, id: string): Promise<Client> {
  return setArchived(db, context, id, 'client.archive');
}

export function restoreClient(db: Executor, context: RequestContext, id: string): Promise<Client> {
  return setArchived(db, context, id, 'client.restore');
}

/** Lists clients; each client shown is a disclosure of that client, so each gets its audit event. */
export async function listClients(db: Executor, context: RequestContext, query: ClientQuery): Promise<Page<Client>> {
  return withCursor(() =>
    db.transaction().execute(async (trx) => {
      const page = await listClientRows(trx, context.actor.organizationId, query);
      await recordAudit(
        trx,
        context,
        page.items.map((client) => ({
          action: 'client.list',
          resourceType: 'client',
          resourceId: client.id,
          clientId: client.id,
        })),
      );
      return page;
    }),
  );
}
