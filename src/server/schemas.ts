/**
 * Request and response shapes of the HTTP API, as zod schemas: they validate requests (with our own
 * messages, see problem.ts) and describe the API in OpenAPI. Limits live here, shared with clients.
 */
import { z } from 'zod';
import { AssessmentSchema } from '../core/assessment.js';
import { StoredRecommendationSchema } from '../core/recommendation.js';
import { ARCHIVED_FILTERS } from '../storage/clients.js';

export const LIMITS = {
  displayName: 200,
  externalRef: 100,
  search: 100,
  cursor: 500,
  pageSize: 100,
  email: 254,
  password: 1000,
} as const;

const currentYear = new Date().getUTCFullYear();

export const IdParams = z.strictObject({ id: z.uuid() });
export const VersionParams = z.strictObject({ id: z.uuid(), version: z.coerce.number().int().min(1).max(1_000_000) });

export const SignInBody = z.strictObject({
  email: z.string().trim().min(3).max(LIMITS.email),
  password: z.string().min(1).max(LIMITS.password),
});

export const UserResponse = z.object({
  id: z.string(),
  organizationId: z.string(),
  email: z.string(),
  displayName: z.string(),
  role: z.enum(['admin', 'clinician']),
  disabled: z.boolean(),
  createdAt: z.string(),
});

export const SessionResponse = z.object({ user: UserResponse, csrfToken: z.string() });

export const NewUserBody = z.strictObject({
  email: z.email().max(LIMITS.email),
  displayName: z.string().trim().min(1).max(LIMITS.displayName),
  role: z.enum(['admin', 'clinician']),
  password: z.string().min(12, 'must be at least 12 characters').max(LIMITS.password),
});

export const UserPatchBody = z
  .strictObject({
    displayName: z.string().trim().min(1).max(LIMITS.displayName).optional(),
    role: z.enum(['admin', 'clinician']).optional(),
    disabled: z.boolean().optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, 'name at least one field to change');

const displayName = z.string().trim().min(1).max(LIMITS.displayName);
const externalRef = z.string().trim().min(1).max(LIMITS.externalRef).nullable();
const birthYear = z.int().min(1900).max(currentYear).nullable();
const language = z.enum(['en', 'es']);

export const NewClientBody = z.strictObject({
  displayName,
  externalRef: externalRef.optional(),
  birthYear: birthYear.optional(),
  preferredLanguage: language.optional(),
});

export const ClientPatchBody = z
  .strictObject({
    displayName: displayName.optional(),
    externalRef: externalRef.optional(),
    birthYear: birthYear.optional(),
    preferredLanguage: language.optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, 'name at least one field to change');

export const ClientResponse = z.object({
  id: z.string(),
  displayName: z.string(),
  externalRef: z.string().nullable(),
  birthYear: z.number().nullable(),
  preferredLanguage: language,
  archived: z.boolean(),
  archivedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const ClientListQuery = z.strictObject({
  q: z.string().max(LIMITS.search).optional(),
  limit: z.coerce.number().int().min(1).max(LIMITS.pageSize).default(20),
  cursor: z.string().min(1).max(LIMITS.cursor).optional(),
  archived: z
    .enum(ARCHIVED_FILTERS)
    .default('exclude')
    .describe('exclude: active clients only; include: archived clients too; only: archived clients only'),
});

export const ClientListResponse = z.object({ items: z.array(ClientResponse), nextCursor: z.string().nullable() });

export const RulesetRefResponse = z.object({ id: z.string(), version: z.string(), hash: z.string() });

export const AssessmentResponse = z.object({
  id: z.string(),
  clientId: z.string(),
  version: z.number(),
  assessment: AssessmentSchema,
  recommendation: StoredRecommendationSchema,
  ruleset: RulesetRefResponse,
  createdBy: z.string(),
  createdAt: z.string(),
});

export const AssessmentListResponse = z.object({ items: z.array(AssessmentResponse) });

/**
 * If-Match on a versioned save: the ETag the caller read, a positive version quoted (as the ETag
 * header sends it) or bare. Optional here so that leaving it out is answered 428 (see if-match.ts),
 * not 400 as a malformed one is.
 */
export const IfMatchHeaders = z.object({
  'if-match': z
    .string()
    .regex(/^(?:"[1-9]\d{0,6}"|[1-9]\d{0,6})$/, 'must be the ETag you read, a version in quotes, as in "3"')
    .optional()
    .describe('Required: the ETag of the version you read, as in "3" (428 without it, 412 when someone saved first)'),
});

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
});

export const AuditListResponse = z.object({ items: z.array(AuditEventResponse), nextCursor: z.string().nullable() });

export const ProblemResponse = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number(),
  code: z.string(),
  detail: z.string(),
  errors: z.array(z.object({ in: z.string(), path: z.string(), message: z.string() })).optional(),
  requestId: z.string(),
});
