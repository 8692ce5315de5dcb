/**
 * Errors as the HTTP API sends them: RFC 9457 problem details with a stable `code`, the HTTP status
 * of each code and its title. Shared code, so the browser reads errors exactly as the server writes them.
 */
import { z } from 'zod';
import type { FieldIssue } from '../validation.js';

export const ERROR_STATUS = {
  invalid_input: 400,
  invalid_json: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  csrf_failed: 403,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  assessment_superseded: 409,
  /** A new client may be the same person as one already recorded; the problem lists them. */
  possible_duplicate: 409,
  version_conflict: 412,
  prefetch_missing: 412,
  precondition_required: 428,
  payload_too_large: 413,
  unsupported_media_type: 415,
  /** A document asked for holds text no font here can print. */
  unprintable_text: 422,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export const ERROR_CODES = Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]];

export const ERROR_TITLES: Record<ErrorCode, string> = {
  invalid_input: 'Invalid input',
  invalid_json: 'Invalid JSON',
  unauthenticated: 'Sign-in required',
  invalid_credentials: 'Sign-in failed',
  csrf_failed: 'Missing or wrong CSRF token',
  forbidden: 'Not allowed',
  not_found: 'Not found',
  method_not_allowed: 'Method not allowed',
  conflict: 'Conflict',
  assessment_superseded: 'Newer assessment',
  possible_duplicate: 'Possibly the same person as another client',
  version_conflict: 'Someone else saved first',
  prefetch_missing: 'Prefetched data missing',
  precondition_required: 'Version required',
  payload_too_large: 'Request too large',
  unsupported_media_type: 'Unsupported media type',
  unprintable_text: 'Text the PDF cannot print',
  rate_limited: 'Too many requests',
  internal: 'Internal error',
  unavailable: 'Service unavailable',
};

export interface ProblemIssue extends FieldIssue {
  /** Which part of the request: body, query, params or headers. */
  in: string;
}

export const ProblemResponse = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number(),
  code: z.enum(ERROR_CODES),
  detail: z.string(),
  errors: z.array(z.object({ in: z.string(), path: z.string(), message: z.string() })).optional(),
  requestId: z.string(),
  /** On a 412 of a versioned change: the version saved first, who saved it and when. */
  currentVersion: z.number().optional(),
  savedBy: z.object({ id: z.string(), displayName: z.string() }).optional(),
  savedAt: z.string().optional(),
});

export type Problem = z.infer<typeof ProblemResponse>;

/** Members a problem may carry beyond the standard ones. */
export type ProblemExtensions = Pick<Problem, 'currentVersion' | 'savedBy' | 'savedAt'>;
