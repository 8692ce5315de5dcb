/**
 * One error vocabulary for the whole system: a stable code, a message for people, and the field
 * issues when input was at fault. The codes and their HTTP statuses are the API's (api/problem.ts).
 */
import { ERROR_STATUS, type ErrorCode, type ProblemExtensions } from './api/problem.js';
import type { FieldIssue } from './validation.js';

export { ERROR_STATUS, type ErrorCode };

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues: FieldIssue[] = [],
    /** Which part of a request the issues are about (body, query, params, headers). */
    readonly part: string = 'body',
    /** Further members of the problem document (RFC 9457 extension members): who saved first on a 412, the candidates of a possible duplicate. */
    readonly extensions: ProblemExtensions & Readonly<Record<string, unknown>> = {},
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
