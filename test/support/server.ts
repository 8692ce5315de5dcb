/**
 * A real Stepdown server for HTTP tests: the real app on a real database, listening on a loopback
 * port, with a clock the test can move. Helpers sign in and make requests with real fetch.
 */
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { loadDefaultRuleSet } from '../../src/core/rulesets/index.js';
import { type AppOptions, buildApp } from '../../src/server/app.js';
import { decoyHash, hashPassword } from '../../src/server/auth/passwords.js';
import type { CdsClient } from '../../src/server/cds/clients.js';
import type { ProxyTrust } from '../../src/server/proxy-trust.js';
import type { SmtpSettings } from '../../src/server/reminders.js';
import { insertOrganization } from '../../src/storage/organizations.js';
import type { Organization, Role, User } from '../../src/storage/records.js';
import { insertUser } from '../../src/storage/users.js';
import { createTestDatabase, type TestDatabase, type TestDialect } from './databases.js';

export const TEST_PASSWORD = 'correct horse battery staple';

export interface TestServer {
  app: FastifyInstance;
  database: TestDatabase;
  baseUrl: string;
  /** Moves the server's clock forward. */
  advance(ms: number): void;
  now(): Date;
  addOrganization(name?: string): Promise<Organization>;
  addUser(organization: Organization, role: Role, email?: string): Promise<User>;
  close(): Promise<void>;
}

let counter = 0;

/**
 * Starts a server; `appOptions` can capture its log (logStream, logLevel) or its routes (onRoute).
 * With `shared`, it runs on that database and leaves it in place on close (a fresh server, with its
 * own rate-limit memory, costs far less than a fresh PostgreSQL database).
 */
export async function startTestServer(
  dialect: TestDialect = 'sqlite',
  appOptions: AppOptions & {
    cdsClients?: CdsClient[];
    trustProxy?: ProxyTrust;
    publicUrl?: string;
    sweepIntervalMs?: number;
    smtp?: SmtpSettings;
    reminderIntervalMs?: number;
  } = {},
  shared?: TestDatabase,
): Promise<TestServer> {
  const { cdsClients, trustProxy, publicUrl, sweepIntervalMs, smtp, reminderIntervalMs, ...options } = appOptions;
  const database = shared ?? (await createTestDatabase(dialect));
  // Per-address limits are kept in the database; a fresh server on a shared one starts with none
  // counted, as a fresh database would.
  if (shared) await shared.handle.db.deleteFrom('rate_limits').execute();
  let offset = 0;
  const clock = () => new Date(Date.now() + offset);
  const app = await buildApp(
    {
      database: database.handle,
      ruleset: loadDefaultRuleSet(),
      secret: Buffer.from('test-secret-test-secret-test-secret!'),
      clock,
      decoyHash: decoyHash(),
      trustProxy: trustProxy ?? false,
      publicUrl: publicUrl === undefined ? undefined : new URL(publicUrl),
      sweepIntervalMs,
      // The built front end, when `vite build` has run (npm test builds it first).
      webRoot: fileURLToPath(new URL('../../dist/web', import.meta.url)),
      cdsClients,
      smtp,
      reminderIntervalMs,
    },
    { logLevel: 'silent', ...options },
  );
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const passwordHash = await hashPassword(TEST_PASSWORD);
  return {
    app,
    database,
    baseUrl: `http://127.0.0.1:${port}`,
    advance: (ms) => {
      offset += ms;
    },
    now: clock,
    addOrganization: (name) =>
      insertOrganization(database.handle.db, {
        name: name ?? `Org ${++counter} ${Math.random()}`,
        now: clock().toISOString(),
      }),
    addUser: (organization, role, email) =>
      insertUser(database.handle.db, {
        organizationId: organization.id,
        email: email ?? `user${++counter}.${Math.random().toString(36).slice(2)}@example.org`,
        displayName: `${role} ${counter}`,
        role,
        passwordHash,
        now: clock().toISOString(),
      }),
    close: async () => {
      await app.close();
      if (!shared) await database.drop();
    },
  };
}

/** A signed-in HTTP session: keeps the cookie and sends the CSRF token on state-changing requests. */
export interface Session {
  cookie: string;
  csrfToken: string;
  request(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
}

export async function signIn(server: TestServer, email: string, password = TEST_PASSWORD): Promise<Session> {
  const response = await fetch(`${server.baseUrl}/api/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (response.status !== 200) throw new Error(`sign-in failed with ${response.status}: ${await response.text()}`);
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  return {
    cookie,
    csrfToken,
    request: (method, path, body, headers = {}) =>
      fetch(`${server.baseUrl}${path}`, {
        method,
        headers: {
          cookie,
          ...(method === 'GET' || method === 'HEAD' ? {} : { 'x-csrf-token': csrfToken }),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
  };
}

/** A request with no session at all. */
export function anonymous(server: TestServer, method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${server.baseUrl}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/** A log stream for `startTestServer(..., { logLevel: 'info', logStream })` and the text written to it so far. */
export function capturedLog(): { stream: Writable; text(): string } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString('utf8');
      done();
    },
  });
  return { stream, text: () => text };
}
