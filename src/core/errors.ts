/**
 * One error vocabulary for the whole system: a stable code, a message for people, and the field
 * issues when input was at fault. The table below maps each code to its HTTP status, here in shared
 * code, so the browser reads errors exactly as the server writes them.
 */
import type { FieldIssue } from './validation.js';

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

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues: FieldIssue[] = [],
    /** Which part of a request the issues are about (body, query, params, headers). */
    readonly part: string = 'body',
  ) {
    super(message);
    this.name = 'AppError';
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

/** Invalid input, with every problem named by its path. */
export function invalidInput(issues: FieldIssue[], message = 'Some fields are not valid.'): AppError {
  return new AppError('invalid_input', message, issues);
}
