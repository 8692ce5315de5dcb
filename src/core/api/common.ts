/**
 * Parts shared by the request shapes of the HTTP API: limits (shared with clients), path
 * parameters, the If-Match header and instants.
 */
import { z } from 'zod';

export const LIMITS = {
  displayName: 200,
  externalRef: 100,
  search: 100,
  cursor: 500,
  pageSize: 100,
  email: 254,
  password: 1000,
} as const;

export const IdParams = z.strictObject({ id: z.uuid() });
export const VersionParams = z.strictObject({ id: z.uuid(), version: z.coerce.number().int().min(1).max(1_000_000) });

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
