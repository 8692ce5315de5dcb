/** The audit log as admins read it. */
import { z } from 'zod';
import { LIMITS } from './common.js';

/**
 * An instant as the audit log stores it (toISOString, always with milliseconds). Times are compared
 * as text, and "12:00:00Z" sorts after "12:00:00.500Z", so a bound without milliseconds would cut
 * the wrong side of its own second.
 */
const instant = z.iso.datetime().transform((value) => new Date(value).toISOString());

export const AuditQuery = z.strictObject({
  clientId: z.uuid().optional(),
  actorUserId: z.uuid().optional(),
  action: z.string().min(1).max(100).optional(),
  outcome: z.enum(['success', 'denied', 'failure']).optional(),
  from: instant.optional(),
  to: instant.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().min(1).max(LIMITS.cursor).optional(),
});

export const AuditEventResponse = z.object({
  id: z.string(),
  at: z.string(),
  actorUserId: z.string().nullable(),
  actorKind: z.enum(['user', 'anonymous', 'system']),
  action: z.string(),
  resourceType: z.string(),
  resourceId: z.string().nullable(),
  clientId: z.string().nullable(),
  outcome: z.enum(['success', 'denied', 'failure']),
  ip: z.string().nullable(),
  requestId: z.string().nullable(),
  /** The user's display name (null when no user acted); "a former user" when the account is gone. */
  actorName: z.string().nullable(),
  /** The client's name and record number, when the event is about a client of the organisation. */
  clientName: z.string().nullable(),
  clientRef: z.string().nullable(),
});
export type AuditEventResponse = z.infer<typeof AuditEventResponse>;

export const AuditListResponse = z.object({ items: z.array(AuditEventResponse), nextCursor: z.string().nullable() });
export type AuditListResponse = z.infer<typeof AuditListResponse>;
