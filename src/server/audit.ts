/** Builds audit events from a request context, so every service records them the same way. */
import type { Executor } from '../storage/executor.js';
import { insertAuditEvents } from '../storage/audit.js';
import type { AuditEvent } from '../storage/records.js';
import type { RequestContext } from './context.js';

export interface AuditFact {
  action: string;
  resourceType: string;
  resourceId: string | null;
  clientId: string | null;
  outcome?: AuditEvent['outcome'];
}

/** Writes audit events for the caller; pass the transaction that makes the change. */
export function recordAudit(db: Executor, context: RequestContext, facts: readonly AuditFact[]): Promise<void> {
  return insertAuditEvents(
    db,
    facts.map((fact) => ({
      at: context.now.toISOString(),
      organizationId: context.actor.organizationId,
      actorUserId: context.actor.userId,
      actorKind: 'user' as const,
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
