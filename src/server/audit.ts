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
