/**
 * The workspace's HTTP client: same-origin JSON calls with the session cookie, the CSRF token on
 * every state-changing request, and problem details turned into errors that keep each field issue.
 * Response types come from the API's schemas (src/core/api), the same ones the server answers with.
 */
import type { Problem, ProblemIssue } from '../../core/api/problem.js';

export type { ProblemIssue };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: ProblemIssue[] = [],
    /** The whole problem document, with any extension members (the candidates of a possible duplicate). */
    readonly problem: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export interface RequestOptions {
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * Calls the API and returns the parsed JSON (undefined for 204), or throws ApiError. `T` is the
 * route's response type from src/core/api (undefined when left out, so an unread answer stays unread).
 */
export async function api<T = undefined>(
  method: string,
  path: string,
  options: RequestOptions = {},
): Promise<{ data: T; response: Response }> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
  } catch {
    throw new ApiError(0, 'offline', 'The server cannot be reached. Check the connection and try again.');
  }
  if (response.status === 204) return { data: undefined as T, response };
  const type = response.headers.get('content-type') ?? '';
  const payload: unknown = type.includes('json') ? await response.json() : await response.text();
  if (!response.ok) {
    // A proxy or a crash may answer with something else than problem details: every field may be missing.
    const problem = (typeof payload === 'object' && payload !== null ? payload : {}) as Partial<Problem>;
    throw new ApiError(
      response.status,
      problem.code ?? 'error',
      problem.detail ?? `Request failed (${response.status}).`,
      problem.errors ?? [],
      problem,
    );
  }
  return { data: payload as T, response };
}

/** The issues of an error for one field path (exact, or under it). */
export function issuesFor(error: unknown, path: string): string[] {
  if (!(error instanceof ApiError)) return [];
  return error.issues
    .filter((issue) => issue.path === path || issue.path.startsWith(`${path}.`))
    .map((issue) => issue.message);
}
