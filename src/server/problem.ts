/**
 * The one error exit of the HTTP server. Known errors become RFC 9457 problem details with a stable
 * `code` and every bad field listed by path; anything unexpected is logged with the request id (and
 * nothing from the request) and answered with a generic 500 that reveals nothing.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, FastifySchemaCompiler } from 'fastify';
import type { ZodType } from 'zod';
import {
  ERROR_STATUS,
  ERROR_TITLES,
  type ErrorCode,
  type Problem,
  type ProblemExtensions,
  type ProblemIssue,
} from '../core/api/problem.js';
import { AppError } from '../core/errors.js';
import { formatPath, parseWith, type FieldIssue, type Parsed } from '../core/validation.js';
import { isStorageUnavailable } from '../storage/storage-faults.js';

/** Input that failed a route schema; `part` says which part of the request. */
export class RequestValidationError extends Error {
  readonly statusCode = 400;
  constructor(
    readonly part: string,
    readonly issues: FieldIssue[],
  ) {
    super(`invalid ${part}`);
    this.name = 'RequestValidationError';
  }
}

const PART_NAMES: Record<string, string> = { body: 'body', querystring: 'query', params: 'params', headers: 'headers' };

/** Whether any text in a value holds U+0000 (the same texts as nulCharacterIssues visits). */
function holdsNul(value: unknown): boolean {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const current = pending.pop();
    if (typeof current === 'string') {
      if (current.includes('\u0000')) return true;
    } else if (current !== null && typeof current === 'object') {
      for (const child of Object.values(current)) pending.push(child);
    }
  }
  return false;
}

/**
 * Every text in a validated value that holds U+0000, by path. PostgreSQL text cannot store it (the
 * insert or even a comparison fails, a 500) while SQLite can, so it is refused at the edge and both
 * engines answer alike. Walks with a stack: a schema may one day allow deep values.
 */
function nulCharacterIssues(value: unknown): FieldIssue[] {
  // Almost every request holds none: look first without building paths.
  if (!holdsNul(value)) return [];
  const issues: FieldIssue[] = [];
  const pending: Array<{ value: unknown; path: PropertyKey[] }> = [{ value, path: [] }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const current = next.value;
    if (typeof current === 'string') {
      if (current.includes('\u0000')) issues.push({ path: formatPath(next.path), message: 'must not contain U+0000' });
    } else if (current !== null && typeof current === 'object') {
      for (const [key, child] of Object.entries(current)) pending.push({ value: child, path: [...next.path, key] });
    }
  }
  return issues;
}

/**
 * A request-part validator from a parse function: problems worded and placed as for a zod schema,
 * and the same U+0000 check. For routes whose part has a faster parser than its schema.
 */
export function validatorOf<T>(httpPart: string, parse: (data: unknown) => Parsed<T>) {
  const part = PART_NAMES[httpPart] ?? httpPart;
  return (data: unknown): { value: T } | { error: RequestValidationError } => {
    const parsed = parse(data);
    if (!parsed.ok) return { error: new RequestValidationError(part, parsed.issues) };
    const nul = nulCharacterIssues(parsed.value);
    return nul.length === 0 ? { value: parsed.value } : { error: new RequestValidationError(part, nul) };
  };
}

/** Validates each request part with its zod schema, reporting issues in our own words. */
export const zodValidatorCompiler: FastifySchemaCompiler<ZodType> = ({ schema, httpPart }) =>
  validatorOf(httpPart ?? 'body', (data) => parseWith(schema, data));

export function problemOf(
  code: ErrorCode,
  detail: string,
  requestId: string,
  errors?: ProblemIssue[],
  extensions: ProblemExtensions = {},
): Problem {
  return {
    type: `urn:stepdown:problem:${code}`,
    title: ERROR_TITLES[code],
    status: ERROR_STATUS[code],
    code,
    detail,
    ...(errors && errors.length > 0 ? { errors } : {}),
    requestId,
    ...extensions,
  };
}

export function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  return reply.code(problem.status).type('application/problem+json').send(problem);
}

/** Maps Fastify's own errors (body parsing, limits) to our codes. */
function fromFastifyError(
  error: FastifyError,
): { code: ErrorCode; detail: string; errors?: ProblemIssue[] } | undefined {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { code: 'invalid_json', detail: 'The request body is not valid JSON.' };
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { code: 'payload_too_large', detail: 'The request body is too large.' };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      // A body of a type no parser reads (anything but application/json on the API).
      return {
        code: 'unsupported_media_type',
        detail: 'Send the body as application/json.',
        errors: [{ in: 'headers', path: 'content-type', message: 'must be application/json' }],
      };
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      // The body that arrived is not as long as the header said: a malformed request, not a wrong type.
      return {
        code: 'invalid_input',
        detail: 'The Content-Length header does not match the length of the body.',
        errors: [{ in: 'headers', path: 'content-length', message: 'must be the length of the body in bytes' }],
      };
    case 'FST_ERR_CTP_INVALID_TYPE':
      return { code: 'unsupported_media_type', detail: 'The Content-Type header is not valid.' };
    default:
      break;
  }
  if (error.statusCode === 429)
    return { code: 'rate_limited', detail: 'Too many attempts. Wait a minute and try again.' };
  if (error.statusCode === 413) return { code: 'payload_too_large', detail: 'The request is too large.' };
  if (error.statusCode === 415) return { code: 'unsupported_media_type', detail: 'Send the body as application/json.' };
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
    return { code: 'invalid_input', detail: 'The request could not be understood.' };
  }
  return undefined;
}

/**
 * Fastify's answer to a request it refuses before routing (a path param that is not valid
 * percent-encoded UTF-8, or longer than the router allows); without this it is Fastify's own JSON
 * shape, not a problem document. No route matched, so no param can be named.
 */
export function frameworkErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const message =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? 'a part of the address is too long'
      : 'is not valid percent-encoded UTF-8';
  if (error.code === 'FST_ERR_BAD_URL' || error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    sendProblem(
      reply.header('cache-control', 'no-store'),
      problemOf('invalid_input', 'The address is not valid.', request.id, [{ in: 'params', path: '(root)', message }]),
    );
    return;
  }
  request.log.error({ err: { type: error.name, message: error.message } }, 'unexpected framework error');
  sendProblem(reply, problemOf('internal', 'Something went wrong on our side.', request.id));
}

/** A request's commit mark once it has been refused because its changes were not saved. */
export const REFUSED_COMMIT_MARK = -1;

/** Installs the error and not-found handlers. */
export function installProblemHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof RequestValidationError) {
      return sendProblem(
        reply,
        problemOf(
          'invalid_input',
          'Some fields are not valid.',
          request.id,
          error.issues.map((issue) => ({ in: error.part, ...issue })),
        ),
      );
    }
    if (error instanceof AppError) {
      // A refusal for now (a full queue): say when to come back.
      const retryAfter = (error as AppError & { retryAfterSeconds?: unknown }).retryAfterSeconds;
      if (typeof retryAfter === 'number') reply.header('retry-after', String(retryAfter));
      return sendProblem(reply, {
        ...error.extensions,
        ...problemOf(
          error.code,
          error.message,
          request.id,
          error.issues.map((issue) => ({ in: error.part, ...issue })),
          error.extensions,
        ),
      });
    }
    const known = fromFastifyError(error);
    if (known) return sendProblem(reply, problemOf(known.code, known.detail, request.id, known.errors));
    // A full or failing disk: the transaction was rolled back whole. The operator must hear of it.
    if (isStorageUnavailable(error)) {
      request.log.error({ err: { type: error.name, message: error.message } }, 'the database cannot write');
      // Its batch is lost as well: the answer below must not wait for it and fail a second time.
      request.commitMark = REFUSED_COMMIT_MARK;
      return sendProblem(
        reply,
        problemOf(
          'unavailable',
          'The database cannot save anything just now (its disk is full or failing). Nothing was saved; try again later.',
          request.id,
        ),
      );
    }
    // Unexpected: log what went wrong (message and stack, no request data) and say nothing more.
    request.log.error({ err: { type: error.name, message: error.message, stack: error.stack } }, 'unexpected error');
    return sendProblem(reply, problemOf('internal', 'Something went wrong on our side.', request.id));
  });
  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, problemOf('not_found', 'There is nothing at this address.', request.id)),
  );
}
