/**
 * The workspace's HTTP client: same-origin JSON calls with the session cookie, the CSRF token on
 * every state-changing request, and problem details turned into errors that keep each field issue.
 * Response types come from the API's schemas (src/core/api), the same ones the server answers with.
 *
 * When the session has ended (a 401 on a signed-in call), the call waits for the sign-in dialog the
 * workspace opens over the page and is then made again, so a save in progress goes through.
 */
import type { Problem, ProblemExtensions, ProblemIssue } from '../../core/api/problem.js';
import { plainMessage } from './plain-words.js';

export type { ProblemIssue };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: ProblemIssue[] = [],
    /** Extra members of the problem (on a 412: the version saved first, by whom and when). */
    readonly extensions: ProblemExtensions = {},
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

/** Asks the person to sign in again; true once they have (with a new CSRF token set), false if they did not. */
type SignInAgain = () => Promise<boolean>;
let signInAgain: SignInAgain | null = null;
let pendingSignIn: Promise<boolean> | null = null;

/** Set by the workspace while someone is signed in: how to sign in again when the session ends. */
export function setSignInAgain(handler: SignInAgain | null): void {
  signInAgain = handler;
}

/** One dialog for every call that found the session ended at the same time. */
function waitForSignIn(handler: SignInAgain): Promise<boolean> {
  pendingSignIn ??= handler().finally(() => {
    pendingSignIn = null;
  });
  return pendingSignIn;
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
  try {
    return await once<T>(method, path, options);
  } catch (caught) {
    const ended = caught instanceof ApiError && caught.status === 401 && caught.code === 'unauthenticated';
    if (!ended || signInAgain === null || path === '/api/v1/auth/sign-in') throw caught;
    if (!(await waitForSignIn(signInAgain))) throw caught;
    return once<T>(method, path, options);
  }
}

async function once<T>(
  method: string,
  path: string,
  options: RequestOptions,
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
      {
        ...(problem.currentVersion === undefined ? {} : { currentVersion: problem.currentVersion }),
        ...(problem.savedBy === undefined ? {} : { savedBy: problem.savedBy }),
        ...(problem.savedAt === undefined ? {} : { savedAt: problem.savedAt }),
      },
      problem,
    );
  }
  return { data: payload as T, response };
}

/** The issues of an error for one field path (exact, or under it), in plain words, shown beside that field. */
export function issuesFor(error: unknown, path: string): string[] {
  if (!(error instanceof ApiError)) return [];
  return error.issues
    .filter((issue) => issue.path === path || issue.path.startsWith(`${path}.`))
    .map((issue) => plainMessage(issue.message));
}
