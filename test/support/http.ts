/**
 * HTTP helpers shared by the server suites: one way to send a request as anyone (with or without a
 * session, with a raw body or headers), a typed builder for assessment documents, and a check that
 * a response is a problem document with the expected status and code.
 */
import { expect } from 'vitest';
import type { Problem } from '../../src/core/api/problem.js';
import type { Session, TestServer } from './server.js';

/** A stepdown/assessment@1 document; override any part. */
export function assessmentDocument(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    schema: 'stepdown/assessment@1',
    population: 'adult',
    ratings: { d1: 0, d2: 0, d3: 2, d4: 1, d5: 2, d6: 1 },
    ...overrides,
  };
}

export interface SendOptions {
  /** Sent as JSON with content-type application/json. */
  json?: unknown;
  /** Sent as is; set the content type yourself in `headers`. */
  raw?: string;
  headers?: Record<string, string>;
  /** Leave out the session's CSRF token on a state-changing request. */
  withoutCsrf?: boolean;
}

/** Sends a request as the session's user, or anonymously when `session` is null. Never follows redirects. */
export function send(
  server: TestServer,
  session: Session | null,
  method: string,
  path: string,
  options: SendOptions = {},
): Promise<Response> {
  const headers: Record<string, string> = {};
  if (session) {
    headers.cookie = session.cookie;
    if (method !== 'GET' && method !== 'HEAD' && !options.withoutCsrf) headers['x-csrf-token'] = session.csrfToken;
  }
  if (options.json !== undefined) headers['content-type'] = 'application/json';
  Object.assign(headers, options.headers);
  const body = options.json !== undefined ? JSON.stringify(options.json) : options.raw;
  return fetch(`${server.baseUrl}${path}`, {
    method,
    headers,
    redirect: 'manual',
    ...(body === undefined ? {} : { body }),
  });
}

/** A problem document as the API sends it. */
export type ProblemBody = Problem;

/** Asserts an RFC 9457 problem document with this status and code, and returns it. */
export async function expectProblem(response: Response, status: number, code: string): Promise<ProblemBody> {
  const text = await response.text();
  expect({ status: response.status, text }).toMatchObject({ status });
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const problem = JSON.parse(text) as ProblemBody;
  expect(problem).toMatchObject({ status, code });
  expect(typeof problem.requestId).toBe('string');
  return problem;
}

/** Reads a JSON body, asserting the status first (the body is shown when it differs). */
export async function expectJson<T>(response: Response, status: number): Promise<T> {
  const text = await response.text();
  expect({ status: response.status, text }).toMatchObject({ status });
  return JSON.parse(text) as T;
}

/** A request with no session, its JSON body read after asserting the status. */
export async function anonymousJson<T>(
  server: { baseUrl: string },
  method: string,
  path: string,
  json: unknown,
  status: number,
): Promise<T> {
  const response = await fetch(`${server.baseUrl}${path}`, {
    method,
    headers: json === undefined ? {} : { 'content-type': 'application/json' },
    ...(json === undefined ? {} : { body: JSON.stringify(json) }),
  });
  return expectJson<T>(response, status);
}
