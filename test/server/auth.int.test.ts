/**
 * Signing in and out, sessions, CSRF, lockout, rate limiting and security headers, over real HTTP
 * with a clock the test moves. Each test gets its own server (on one database per engine), so the
 * sign-in rate limit (per address, per server) of one test never answers another's sign-ins.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadDefaultRuleSet } from '../../src/core/rulesets/index.js';
import { ABSOLUTE_TIMEOUT_MS, IDLE_TIMEOUT_MS } from '../../src/server/access.js';
import { buildApp } from '../../src/server/app.js';
import { decoyHash } from '../../src/server/auth/passwords.js';
import { LOCKOUT_MS, MAX_FAILED_SIGN_INS } from '../../src/server/services/auth.js';
import { getUser, updateUser } from '../../src/storage/users.js';
import { createTestDatabase, type TestDatabase, testDialects } from '../support/databases.js';
import { expectJson, expectProblem, send } from '../support/http.js';
import { type Session, signIn, startTestServer, TEST_PASSWORD, type TestServer } from '../support/server.js';

const MINUTE = 60_000;

interface SessionBody {
  user: { id: string; organizationId: string; email: string; role: string };
  csrfToken: string;
}

function signInRequest(server: TestServer, email: string, password: string, headers: Record<string, string> = {}) {
  return send(server, null, 'POST', '/api/v1/auth/sign-in', { json: { email, password }, headers });
}

/** The parts of a Set-Cookie header, attribute names lower-cased. */
function cookieAttributes(header: string): { name: string; value: string; attributes: Map<string, string> } {
  const [pair = '', ...rest] = header.split(';').map((part) => part.trim());
  const [name = '', value = ''] = pair.split(/=(.*)/s);
  const attributes = new Map(
    rest.map((part) => {
      const [key = '', val = ''] = part.split(/=(.*)/s);
      return [key.toLowerCase(), val] as const;
    }),
  );
  return { name, value, attributes };
}

/** A failed sign-in's answer without its request id: what a caller could compare between accounts. */
async function failedAnswer(response: Response): Promise<unknown> {
  const problem = await expectProblem(response, 401, 'invalid_credentials');
  return {
    status: response.status,
    setCookie: response.headers.getSetCookie(),
    body: { ...problem, requestId: 'any' },
  };
}

describe.each(testDialects())('auth on %s', (dialect) => {
  let database: TestDatabase;
  let server: TestServer;
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
  });
  afterAll(async () => {
    await database.drop();
  });
  beforeEach(async () => {
    server = await startTestServer(dialect, {}, database);
  });
  afterEach(async () => {
    await server.close();
  });

  async function clinicianSession(): Promise<{ session: Session; email: string; userId: string }> {
    const org = await server.addOrganization();
    const user = await server.addUser(org, 'clinician');
    return { session: await signIn(server, user.email), email: user.email, userId: user.id };
  }

  it('signs in with an HttpOnly, SameSite=Strict session cookie, not Secure over plain HTTP', async () => {
    const org = await server.addOrganization();
    const user = await server.addUser(org, 'clinician');
    const response = await signInRequest(server, `  ${user.email.toUpperCase()} `, TEST_PASSWORD);
    const body = await expectJson<SessionBody>(response, 200);
    expect(body.user).toEqual({
      id: user.id,
      organizationId: org.id,
      email: user.email,
      displayName: user.displayName,
      role: 'clinician',
      disabled: false,
      createdAt: user.createdAt,
    });
    expect(body.csrfToken).toMatch(/^[A-Za-z0-9_-]{40,}$/);

    const cookies = response.headers.getSetCookie();
    expect(cookies).toHaveLength(1);
    const cookie = cookieAttributes(cookies[0] ?? '');
    expect(cookie.name).toBe('stepdown_session');
    expect(cookie.value).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(cookie.attributes.has('httponly')).toBe(true);
    expect(cookie.attributes.get('samesite')).toBe('Strict');
    expect(cookie.attributes.get('path')).toBe('/');
    expect(cookie.attributes.has('secure')).toBe(false);
    expect(Number(cookie.attributes.get('max-age'))).toBeGreaterThanOrEqual(ABSOLUTE_TIMEOUT_MS / 1000 - 1);
    expect(Number(cookie.attributes.get('max-age'))).toBeLessThanOrEqual(ABSOLUTE_TIMEOUT_MS / 1000);

    const session = await expectJson<SessionBody>(
      await fetch(`${server.baseUrl}/api/v1/auth/session`, {
        headers: { cookie: `stepdown_session=${cookie.value}` },
      }),
      200,
    );
    expect(session).toEqual(body);
  });

  it('marks the cookie Secure when the public address is https, whatever X-Forwarded-Proto says', async () => {
    const org = await server.addOrganization();
    const user = await server.addUser(org, 'clinician');
    const appAt = (publicUrl: string) =>
      buildApp(
        {
          database: server.database.handle,
          ruleset: loadDefaultRuleSet(),
          secret: Buffer.from('proxy-test-secret-proxy-test-secret!'),
          clock: () => new Date(),
          decoyHash: decoyHash(),
          trustProxy: ['127.0.0.1'],
          publicUrl: new URL(publicUrl),
        },
        { logLevel: 'silent' },
      );
    for (const [publicUrl, secure] of [
      ['https://stepdown.example.org', true],
      ['http://stepdown.internal:8080', false],
    ] as const) {
      const app = await appAt(publicUrl);
      try {
        for (const proto of ['https', 'http']) {
          const answer = await app.inject({
            method: 'POST',
            url: '/api/v1/auth/sign-in',
            remoteAddress: '127.0.0.1',
            headers: { 'content-type': 'application/json', 'x-forwarded-proto': proto },
            payload: JSON.stringify({ email: user.email, password: TEST_PASSWORD }),
          });
          expect(answer.statusCode).toBe(200);
          expect(cookieAttributes(String(answer.headers['set-cookie'])).attributes.has('secure'), publicUrl).toBe(
            secure,
          );
        }
      } finally {
        await app.close();
      }
    }
  });

  it('signs out: the session ends and the cookie is cleared', async () => {
    const { session } = await clinicianSession();
    const out = await session.request('POST', '/api/v1/auth/sign-out');
    expect(out.status).toBe(204);
    const cleared = cookieAttributes(out.headers.getSetCookie()[0] ?? '');
    expect(cleared.name).toBe('stepdown_session');
    expect(cleared.value).toBe('');
    expect(Date.parse(cleared.attributes.get('expires') ?? '')).toBeLessThan(Date.now());
    await expectProblem(await session.request('GET', '/api/v1/auth/session'), 401, 'unauthenticated');
    await expectProblem(await session.request('POST', '/api/v1/auth/sign-out'), 401, 'unauthenticated');
  });

  it('refuses a state-changing request without the CSRF token or with a wrong one', async () => {
    const { session } = await clinicianSession();
    const other = await clinicianSession();
    const body = { displayName: 'Avery Stone' };
    await expectProblem(
      await send(server, session, 'POST', '/api/v1/clients', { json: body, withoutCsrf: true }),
      403,
      'csrf_failed',
    );
    for (const token of ['wrong', '', other.session.csrfToken, `${session.csrfToken}x`, session.csrfToken.slice(1)]) {
      await expectProblem(
        await send(server, session, 'POST', '/api/v1/clients', { json: body, headers: { 'x-csrf-token': token } }),
        403,
        'csrf_failed',
      );
    }
    await expectProblem(
      await send(server, session, 'POST', '/api/v1/auth/sign-out', { withoutCsrf: true }),
      403,
      'csrf_failed',
    );
    // Nothing was created; reading needs no token; the right token works.
    const list = await expectJson<{ items: unknown[] }>(await session.request('GET', '/api/v1/clients'), 200);
    expect(list.items).toEqual([]);
    expect((await session.request('POST', '/api/v1/clients', body)).status).toBe(201);
  });

  it('refuses a state-changing request from another site, even with the right token', async () => {
    const { session } = await clinicianSession();
    const host = new URL(server.baseUrl).host;
    for (const origin of ['https://evil.example', `http://${host}.evil.example`, 'http://127.0.0.1', 'garbage']) {
      await expectProblem(
        await session.request('POST', '/api/v1/clients', { displayName: 'X' }, { origin }),
        403,
        'csrf_failed',
      );
      await expectProblem(
        await signInRequest(server, 'someone@example.org', TEST_PASSWORD, { origin }),
        403,
        'csrf_failed',
      );
    }
    expect(
      (await session.request('POST', '/api/v1/clients', { displayName: 'Y' }, { origin: server.baseUrl })).status,
    ).toBe(201);
    // The app's pages send Referrer-Policy: no-referrer, under which browsers send "Origin: null" on
    // their own same-origin POSTs; the CSRF token is what protects those.
    expect((await session.request('POST', '/api/v1/clients', { displayName: 'Z' }, { origin: 'null' })).status).toBe(
      201,
    );
  });

  it('ends a session idle for more than 30 minutes', async () => {
    const { session } = await clinicianSession();
    server.advance(IDLE_TIMEOUT_MS - MINUTE);
    expect((await session.request('GET', '/api/v1/auth/session')).status).toBe(200);
    // That request was activity: the idle time starts again from it.
    server.advance(IDLE_TIMEOUT_MS - MINUTE);
    expect((await session.request('GET', '/api/v1/auth/session')).status).toBe(200);
    server.advance(31 * MINUTE);
    await expectProblem(await session.request('GET', '/api/v1/auth/session'), 401, 'unauthenticated');
    // Gone for good, not just while idle.
    server.advance(-31 * MINUTE);
    await expectProblem(await session.request('GET', '/api/v1/auth/session'), 401, 'unauthenticated');
  });

  it('ends a session 12 hours after sign-in, however active', async () => {
    const { session } = await clinicianSession();
    let elapsed = 0;
    while (elapsed + 25 * MINUTE < ABSOLUTE_TIMEOUT_MS) {
      server.advance(25 * MINUTE);
      elapsed += 25 * MINUTE;
      expect((await session.request('GET', '/api/v1/auth/session')).status, `after ${elapsed / MINUTE} minutes`).toBe(
        200,
      );
    }
    server.advance(ABSOLUTE_TIMEOUT_MS - elapsed);
    await expectProblem(await session.request('GET', '/api/v1/auth/session'), 401, 'unauthenticated');
  });

  it('locks an account after 5 wrong passwords, for 15 minutes', async () => {
    const org = await server.addOrganization();
    const user = await server.addUser(org, 'clinician');
    for (let attempt = 1; attempt <= MAX_FAILED_SIGN_INS; attempt += 1) {
      await expectProblem(await signInRequest(server, user.email, `wrong ${attempt}`), 401, 'invalid_credentials');
    }
    // Locked: even the right password fails.
    await expectProblem(await signInRequest(server, user.email, TEST_PASSWORD), 401, 'invalid_credentials');
    server.advance(LOCKOUT_MS - MINUTE);
    await expectProblem(await signInRequest(server, user.email, TEST_PASSWORD), 401, 'invalid_credentials');
    server.advance(2 * MINUTE);
    expect((await signInRequest(server, user.email, TEST_PASSWORD)).status).toBe(200);
  });

  it('answers an unknown email, a wrong password, a locked and a disabled account identically', async () => {
    const org = await server.addOrganization();
    const wrong = await server.addUser(org, 'clinician');
    const locked = await server.addUser(org, 'clinician');
    const disabled = await server.addUser(org, 'clinician');
    const db = server.database.handle.db;
    await updateUser(db, org.id, disabled.id, { disabled: true, now: server.now().toISOString() });
    await db
      .updateTable('users')
      .set({ locked_until: new Date(server.now().getTime() + LOCKOUT_MS).toISOString() })
      .where('id', '=', locked.id)
      .execute();

    const answers = [
      await failedAnswer(await signInRequest(server, 'nobody@example.org', TEST_PASSWORD)),
      await failedAnswer(await signInRequest(server, wrong.email, 'not the password')),
      await failedAnswer(await signInRequest(server, locked.email, TEST_PASSWORD)),
      await failedAnswer(await signInRequest(server, disabled.email, TEST_PASSWORD)),
    ];
    for (const answer of answers.slice(1)) expect(answer).toEqual(answers[0]);
    expect(answers[0]).toMatchObject({ setCookie: [] });
  });

  it('limits sign-in attempts, answering 429 as a problem document', async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 10; attempt += 1) {
      statuses.push((await signInRequest(server, 'nobody@example.org', 'guess')).status);
    }
    expect(statuses).toEqual(Array.from({ length: 10 }, () => 401));
    const limited = await signInRequest(server, 'nobody@example.org', 'guess');
    const problem = await expectProblem(limited, 429, 'rate_limited');
    expect(problem.detail).toMatch(/try again/i);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // The limit is on sign-in only.
    expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200);
  });

  it('sends a strict Content-Security-Policy and security headers, and no-store on the API', async () => {
    const { session } = await clinicianSession();
    const responses = [
      await fetch(`${server.baseUrl}/`),
      await session.request('GET', '/api/v1/clients'),
      await fetch(`${server.baseUrl}/api/v1/clients`),
      await fetch(`${server.baseUrl}/api/v1/no-such-thing`),
    ];
    for (const response of responses) {
      const csp = response.headers.get('content-security-policy') ?? '';
      const directives = new Map(
        csp.split(';').map((directive) => {
          const [name = '', ...values] = directive.trim().split(/\s+/);
          return [name, values.join(' ')] as const;
        }),
      );
      expect(directives.get('default-src')).toBe("'self'");
      expect(directives.get('script-src')).toBe("'self'");
      expect(directives.get('style-src')).toBe("'self'");
      expect(directives.get('object-src')).toBe("'none'");
      expect(directives.get('base-uri')).toBe("'none'");
      expect(directives.get('frame-ancestors')).toBe("'none'");
      expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*|https?:/);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('cross-origin-resource-policy')).toBe('same-origin');
      expect(response.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
      await response.arrayBuffer();
    }
    for (const response of responses.slice(1)) expect(response.headers.get('cache-control')).toBe('no-store');
    const signedIn = await signInRequest(server, 'nobody@example.org', 'x');
    expect(signedIn.headers.get('cache-control')).toBe('no-store');
  });

  describe('user management', () => {
    it('lets an admin list, create and change users of their own organisation only', async () => {
      const org = await server.addOrganization();
      const otherOrg = await server.addOrganization();
      const adminUser = await server.addUser(org, 'admin');
      const colleague = await server.addUser(org, 'clinician');
      const stranger = await server.addUser(otherOrg, 'clinician');
      const admin = await signIn(server, adminUser.email);

      const listed = await expectJson<{ items: Array<{ id: string; organizationId: string }> }>(
        await admin.request('GET', '/api/v1/users'),
        200,
      );
      expect(listed.items.map((u) => u.id).sort()).toEqual([adminUser.id, colleague.id].sort());
      expect(JSON.stringify(listed)).not.toMatch(/password|hash/i);

      const created = await expectJson<{ id: string; organizationId: string; role: string; email: string }>(
        await admin.request('POST', '/api/v1/users', {
          email: 'New.Person@Example.org',
          displayName: 'New Person',
          role: 'clinician',
          password: 'a long enough password',
        }),
        201,
      );
      expect(created).toMatchObject({ organizationId: org.id, role: 'clinician', email: 'new.person@example.org' });
      await signIn(server, 'new.person@example.org', 'a long enough password');
      await expectProblem(
        await admin.request('POST', '/api/v1/users', {
          email: stranger.email,
          displayName: 'Copy',
          role: 'admin',
          password: 'a long enough password',
        }),
        409,
        'conflict',
      );

      const promoted = await expectJson<{ role: string; displayName: string }>(
        await admin.request('PATCH', `/api/v1/users/${colleague.id}`, { role: 'admin', displayName: 'Promoted' }),
        200,
      );
      expect(promoted).toMatchObject({ role: 'admin', displayName: 'Promoted' });

      await expectProblem(
        await admin.request('PATCH', `/api/v1/users/${stranger.id}`, { displayName: 'Hijacked', disabled: true }),
        404,
        'not_found',
      );
      expect(await getUser(server.database.handle.db, stranger.id)).toMatchObject({
        displayName: stranger.displayName,
        disabled: false,
      });
      await expectProblem(
        await admin.request('PATCH', `/api/v1/users/${adminUser.id}`, { role: 'clinician' }),
        409,
        'conflict',
      );
    });

    it('ends the sessions of a user the admin disables', async () => {
      const org = await server.addOrganization();
      const admin = await signIn(server, (await server.addUser(org, 'admin')).email);
      const colleague = await server.addUser(org, 'clinician');
      const theirSession = await signIn(server, colleague.email);
      expect((await theirSession.request('GET', '/api/v1/auth/session')).status).toBe(200);
      expect((await admin.request('PATCH', `/api/v1/users/${colleague.id}`, { disabled: true })).status).toBe(200);
      await expectProblem(await theirSession.request('GET', '/api/v1/auth/session'), 401, 'unauthenticated');
      await expectProblem(await signInRequest(server, colleague.email, TEST_PASSWORD), 401, 'invalid_credentials');
    });

    it('refuses user management to a clinician', async () => {
      const { session, userId } = await clinicianSession();
      await expectProblem(await session.request('GET', '/api/v1/users'), 403, 'forbidden');
      await expectProblem(
        await session.request('PATCH', `/api/v1/users/${userId}`, { role: 'admin' }),
        403,
        'forbidden',
      );
    });
  });
});
