/**
 * Users an admin manages (issue 11, item 9), on SQLite and PostgreSQL: a user added without a
 * password gets a one-time link that works once, expires, is replaced by a newer one and is kept
 * only as a hash; the new user chooses a password the policy accepts and is signed in. Disabling a
 * user ends their sessions at once and refuses their sign-in until they are enabled again. Each
 * step is in the audit log.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type {
  AdminUserListResponse,
  CreatedUserResponse,
  SessionResponse,
  SetPasswordCheckResponse,
  SetPasswordLinkResponse,
} from '../../src/core/api/auth.js';
import { PASSWORD_TOO_EASY, PASSWORD_TOO_SHORT } from '../../src/server/auth/password-policy.js';
import { testDialects } from '../support/databases.js';
import { expectJson, expectProblem, send } from '../support/http.js';
import { type Session, signIn, startTestServer, type TestServer } from '../support/server.js';

const NEW_PASSWORD = 'lantern orchard velvet compass';
const HOUR_MS = 3_600_000;

function codeOf(url: string): string {
  const match = /\/app#\/set-password\/([A-Za-z0-9_-]{43})$/.exec(url);
  if (!match?.[1]) throw new Error(`not a set-password link: ${url}`);
  return match[1];
}

describe.each(testDialects())('users an admin manages, on %s', (dialect) => {
  let server: TestServer;
  let admin: Session;
  let adminId: string;
  let adminEmail: string;

  beforeAll(async () => {
    server = await startTestServer(dialect);
    const org = await server.addOrganization();
    const adminUser = await server.addUser(org, 'admin');
    adminId = adminUser.id;
    adminEmail = adminUser.email;
  });
  // The tests move the clock by minutes and days: the admin signs in afresh for each.
  beforeEach(async () => {
    admin = await signIn(server, adminEmail);
  });
  afterAll(async () => {
    await server.close();
  });

  /** Sends as nobody, after a minute has passed, so the public routes' per-address limit never answers. */
  const publicCall = (path: string, json: unknown) => {
    server.advance(61_000);
    return send(server, null, 'POST', path, { json });
  };

  const create = async (email: string) =>
    expectJson<CreatedUserResponse>(
      await admin.request('POST', '/api/v1/users', { email, displayName: 'Robin Okafor', role: 'clinician' }),
      201,
    );

  const actions = async (userId: string) => {
    const log = await expectJson<{ items: Array<{ action: string; outcome: string; resourceId: string | null }> }>(
      await admin.request('GET', '/api/v1/audit-events?limit=100'),
      200,
    );
    return log.items
      .filter((event) => event.resourceId === userId)
      .map((event) => `${event.action}:${event.outcome}`)
      .reverse();
  };

  it('gives a one-time link for a user added without a password, kept only as a hash', async () => {
    const created = await create('robin.okafor@example.org');
    expect(created).toMatchObject({ email: 'robin.okafor@example.org', role: 'clinician', disabled: false });
    const link = created.invitationLink as SetPasswordLinkResponse;
    expect(link.url.startsWith(`${server.baseUrl}/app#/set-password/`)).toBe(true);
    expect(Date.parse(link.expiresAt) - server.now().getTime()).toBeGreaterThan(71 * HOUR_MS);
    expect(created.invitation).toEqual({ expiresAt: link.expiresAt, expired: false });

    const code = codeOf(link.url);
    const rows = await server.database.handle.db.selectFrom('set_password_links').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(code);
    expect(rows[0]?.code_hash).toBe(createHash('sha256').update(code).digest('hex'));

    // Until the link is used, no password opens the account: the one made for it is known to nobody.
    const signInResponse = await send(server, null, 'POST', '/api/v1/auth/sign-in', {
      json: { email: 'robin.okafor@example.org', password: 'correct horse battery staple' },
    });
    await expectProblem(signInResponse, 401, 'invalid_credentials');

    const listed = await expectJson<AdminUserListResponse>(await admin.request('GET', '/api/v1/users'), 200);
    expect(listed.items.find((user) => user.id === created.id)?.invitation).toEqual({
      expiresAt: link.expiresAt,
      expired: false,
    });
    expect(listed.items.find((user) => user.id === adminId)?.invitation).toBeNull();
  });

  it('lets the new user choose a password the policy accepts, once, and signs them in', async () => {
    const created = await create('sam.idowu@example.org');
    const code = codeOf(created.invitationLink?.url ?? '');

    const check = await expectJson<SetPasswordCheckResponse>(
      await publicCall('/api/v1/auth/set-password/check', { code }),
      200,
    );
    expect(check).toEqual({
      email: 'sam.idowu@example.org',
      displayName: 'Robin Okafor',
      expiresAt: created.invitationLink?.expiresAt,
    });

    const short = await expectProblem(
      await publicCall('/api/v1/auth/set-password', { code, password: 'too short' }),
      400,
      'invalid_input',
    );
    expect(short.errors).toEqual([{ in: 'body', path: 'password', message: PASSWORD_TOO_SHORT }]);
    const easy = await expectProblem(
      await publicCall('/api/v1/auth/set-password', { code, password: 'sam.idowu@example.org' }),
      400,
      'invalid_input',
    );
    expect(easy.errors).toEqual([{ in: 'body', path: 'password', message: PASSWORD_TOO_EASY }]);

    // A refused password does not use the link up.
    const response = await publicCall('/api/v1/auth/set-password', { code, password: NEW_PASSWORD });
    const session = await expectJson<SessionResponse>(response, 200);
    expect(session.user.email).toBe('sam.idowu@example.org');
    const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect(cookie).toMatch(/^stepdown_session=/);
    const me = await fetch(`${server.baseUrl}/api/v1/auth/session`, { headers: { cookie } });
    expect(((await me.json()) as SessionResponse).user.id).toBe(created.id);

    const again = await expectProblem(
      await publicCall('/api/v1/auth/set-password', { code, password: 'another fine long passphrase' }),
      404,
      'not_found',
    );
    expect(again.detail).toMatch(/used already: it works once/);
    await expectProblem(await publicCall('/api/v1/auth/set-password/check', { code }), 404, 'not_found');

    await signIn(server, 'sam.idowu@example.org', NEW_PASSWORD);
    const listed = await expectJson<AdminUserListResponse>(await admin.request('GET', '/api/v1/users'), 200);
    expect(listed.items.find((user) => user.id === created.id)?.invitation).toBeNull();
    expect(await actions(created.id)).toEqual([
      'user.create:success',
      'user.set-password-link:success',
      'user.set-password:success',
      'user.set-password:denied',
    ]);
  });

  it('refuses an expired link and one replaced by a newer link, saying so', async () => {
    const created = await create('kim.achterberg@example.org');
    const first = codeOf(created.invitationLink?.url ?? '');
    const newer = await expectJson<SetPasswordLinkResponse>(
      await admin.request('POST', `/api/v1/users/${created.id}/set-password-link`),
      201,
    );
    const replaced = await expectProblem(
      await publicCall('/api/v1/auth/set-password', { code: first, password: NEW_PASSWORD }),
      404,
      'not_found',
    );
    expect(replaced.detail).toMatch(/newer link/);

    server.advance(73 * HOUR_MS);
    const expired = await expectProblem(
      await publicCall('/api/v1/auth/set-password', { code: codeOf(newer.url), password: NEW_PASSWORD }),
      404,
      'not_found',
    );
    expect(expired.detail).toMatch(/stopped working on/);
    admin = await signIn(server, adminEmail);
    const listed = await expectJson<AdminUserListResponse>(await admin.request('GET', '/api/v1/users'), 200);
    expect(listed.items.find((user) => user.id === created.id)?.invitation).toEqual({
      expiresAt: newer.expiresAt,
      expired: true,
    });

    const unknown = await expectProblem(
      await publicCall('/api/v1/auth/set-password/check', { code: 'A'.repeat(43) }),
      404,
      'not_found',
    );
    expect(unknown.detail).toMatch(/does not work/);
  });

  it('ends a disabled user’s sessions, refuses their sign-in and link, and lets them back when enabled', async () => {
    const created = await create('lee.moana@example.org');
    const code = codeOf(created.invitationLink?.url ?? '');
    await expectJson(await publicCall('/api/v1/auth/set-password', { code, password: NEW_PASSWORD }), 200);
    const user = await signIn(server, 'lee.moana@example.org', NEW_PASSWORD);
    await expectJson(await user.request('GET', '/api/v1/auth/session'), 200);

    const disabled = await expectJson<{ disabled: boolean }>(
      await admin.request('PATCH', `/api/v1/users/${created.id}`, { disabled: true }),
      200,
    );
    expect(disabled.disabled).toBe(true);
    await expectProblem(await user.request('GET', '/api/v1/clients'), 401, 'unauthenticated');
    await expect(signIn(server, 'lee.moana@example.org', NEW_PASSWORD)).rejects.toThrow(/401/);
    await expectProblem(await admin.request('POST', `/api/v1/users/${created.id}/set-password-link`), 409, 'conflict');

    await expectJson(await admin.request('PATCH', `/api/v1/users/${created.id}`, { disabled: false }), 200);
    const back = await signIn(server, 'lee.moana@example.org', NEW_PASSWORD);
    await expectJson(await back.request('GET', '/api/v1/auth/session'), 200);
    expect(await actions(created.id)).toEqual([
      'user.create:success',
      'user.set-password-link:success',
      'user.set-password:success',
      'user.update:success',
      'user.disable:success',
      'user.update:success',
      'user.enable:success',
    ]);
  });

  it('still takes a password chosen by the admin, and then makes no link', async () => {
    const created = await expectJson<CreatedUserResponse>(
      await admin.request('POST', '/api/v1/users', {
        email: 'ari.nakamura@example.org',
        displayName: 'Ari Nakamura',
        role: 'admin',
        password: NEW_PASSWORD,
      }),
      201,
    );
    expect(created.invitationLink).toBeNull();
    expect(created.invitation).toBeNull();
    await signIn(server, 'ari.nakamura@example.org', NEW_PASSWORD);
  });

  it('describes the routes in OpenAPI', async () => {
    const spec = await expectJson<{
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    }>(await send(server, null, 'GET', '/api/openapi.json'), 200);
    expect(Object.keys(spec.paths['/api/v1/users/{id}/set-password-link'] ?? {})).toEqual(['post']);
    expect(Object.keys(spec.paths['/api/v1/auth/set-password/check'] ?? {})).toEqual(['post']);
    expect(Object.keys(spec.paths['/api/v1/auth/set-password'] ?? {})).toEqual(['post']);
    expect(JSON.stringify(spec.paths['/api/v1/users']?.post?.responses['201'])).toContain('invitationLink');
  });
});
