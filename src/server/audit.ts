/** Builds audit events from a request context, so every service records them the same way. */
import type { AuditAction } from '../core/audit-actions.js';
import type { Executor } from '../storage/executor.js';
import { insertAuditEvents, ownerOfResource } from '../storage/audit.js';
import type { AuditEvent } from '../storage/records.js';
import type { RequestContext } from './context.js';

export interface AuditFact {
  action: AuditAction;
  resourceType: string;
  resourceId: string | null;
  clientId: string | null;
  outcome?: AuditEvent['outcome'];
}

/**
 * Writes audit events for the caller; pass the transaction that makes the change. A denied attempt
 * on a resource of another organisation is also recorded in that organisation's log, naming the
 * client, so the clinic whose record was tried sees the attempt; the caller learns nothing of it.
 */
export async function recordAudit(db: Executor, context: RequestContext, facts: readonly AuditFact[]): Promise<void> {
  const event = (fact: AuditFact, organizationId: string, clientId: string | null) => ({
    at: context.now.toISOString(),
    organizationId,
    actorUserId: context.actor.userId,
    actorKind: 'user' as const,
    action: fact.action,
    resourceType: fact.resourceType,
    resourceId: fact.resourceId,
    clientId,
    outcome: fact.outcome ?? 'success',
    ip: context.ip,
    requestId: context.requestId,
  });
  const events = facts.map((fact) => event(fact, context.actor.organizationId, fact.clientId));
  for (const fact of facts) {
    if (fact.outcome !== 'denied' || fact.resourceId === null) continue;
    const owner = await ownerOfResource(db, fact.resourceType, fact.resourceId);
    if (owner && owner.organizationId !== context.actor.organizationId) {
      events.push(event(fact, owner.organizationId, owner.clientId));
    }
  }
  await insertAuditEvents(db, events);
}

/** Where an anonymous request came from: the facts an audit event of a share page needs. */
export interface AnonymousContext {
  ip: string;
  requestId: string;
  now: Date;
  /** A signed-in user who opened the page anyway (a colleague checking the client's link): named, not anonymous. */
  viewerUserId?: string | null;
}

/**
 * Writes audit events for someone with no account (a client on their share page, a consented
 * recipient): actor kind `anonymous`, with the organisation and client the code led to. When the
 * browser carries a staff session, the event names that user instead.
 */
export function recordAnonymousAudit(
  db: Executor,
  context: AnonymousContext,
  facts: ReadonlyArray<AuditFact & { organizationId: string | null }>,
): Promise<void> {
  return insertAuditEvents(
    db,
    facts.map((fact) => ({
      at: context.now.toISOString(),
      organizationId: fact.organizationId,
      actorUserId: context.viewerUserId ?? null,
      actorKind: context.viewerUserId ? ('user' as const) : ('anonymous' as const),
      action: fact.action,
      resourceType: fact.resourceType,
      resourceId: fact.resourceId,
      clientId: fact.clientId,
      outcome: fact.outcome ?? 'success',
      ip: context.ip,
      requestId: context.requestId,
    })),
  );
}
