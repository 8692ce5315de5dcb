/**
 * `stepdown users create --set-password-link`, on SQLite and PostgreSQL: the operator adds a user
 * without choosing their password and gets the same one-time link the workspace gives (at
 * STEPDOWN_PUBLIC_URL, working once for 72 hours, kept only as a hash), printed with its expiry.
 * The user opens it over real HTTP, chooses a password and is signed in. The link is audited as
 * the workspace's is (actor: the system). A bad use of the option exits 2 naming it; without it,
 * the command still reads the password from standard input.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionResponse } from '../../src/core/api/auth.js';
import { findCredentialsByEmail } from '../../src/storage/users.js';
import { type CommandResult, childEnv, runStepdown, STEPDOWN_BIN, tempDataDir } from '../support/cli.js';
import { testDialects } from '../support/databases.js';
import { expectJson, send } from '../support/http.js';
import { signIn, startTestServer, type TestServer } from '../support/server.js';

const NEW_PASSWORD = 'lantern orchard velvet compass';

/** Runs the command with a file as its standard input (`stepdown ... < FILE`), as a shell would. */
function runWithStdinFile(args: string[], file: string, env: Record<string, string>): Promise<CommandResult> {
  const input = openSync(file, 'r');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [STEPDOWN_BIN, ...args], {
      env: childEnv(env),
      stdio: [input, 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (code) => {
      closeSync(input);
      resolve({ code, stdout, stderr });
    });
  });
}
const HOUR_MS = 3_600_000;

describe.each(testDialects())('stepdown users create --set-password-link on %s', (dialect) => {
  let server: TestServer;
  let env: Record<string, string>;
  let orgName: string;
  let adminEmail: string;

  beforeAll(async () => {
    server = await startTestServer(dialect);
    const org = await server.addOrganization();
    orgName = org.name;
    adminEmail = (await server.addUser(org, 'admin')).email;
    env = { DATABASE_URL: server.database.url, STEPDOWN_PUBLIC_URL: server.baseUrl, STEPDOWN_DATA_DIR: tempDataDir() };
  });
  afterAll(async () => {
    await server.close();
  });

  const argsFor = (email: string, extra: string[]) => [
    'users',
    'create',
    '--org',
    orgName,
    '--existing-org',
    '--email',
    email,
    '--role',
    'clinician',
    ...extra,
  ];
  const create = (email: string, extra: string[], input?: string, childEnv: Record<string, string> = env) =>
    runStepdown(argsFor(email, extra), { env: childEnv, input });

  it('prints a one-time link with its expiry instead of asking for a password; the user sets theirs with it', async () => {
    const before = Date.now();
    const result = await create('robin.okafor@example.org', ['--name', 'Robin Okafor', '--set-password-link']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Created clinician robin.okafor@example.org in ${orgName} (existing organisation)`);
    const match = /^(https?:\S+\/app#\/set-password\/([A-Za-z0-9_-]{43}))$/m.exec(result.stdout);
    expect(match?.[1]?.startsWith(`${server.baseUrl}/app#/set-password/`)).toBe(true);
    const code = match?.[2] ?? '';
    const until = /works once, until (\S+Z)/.exec(result.stdout)?.[1] ?? '';
    const expires = Date.parse(until);
    expect(expires).toBeGreaterThanOrEqual(before + 72 * HOUR_MS - 1000);
    expect(expires).toBeLessThanOrEqual(Date.now() + 72 * HOUR_MS);

    // Only the hash is kept; nobody knows the account's password until the user chooses one.
    const stored = await server.database.handle.db
      .selectFrom('set_password_links')
      .select(['code_hash', 'expires_at'])
      .execute();
    expect(stored.map((row) => row.code_hash)).toContain(createHash('sha256').update(code).digest('hex'));
    expect(JSON.stringify(stored)).not.toContain(code);

    const checked = await expectJson<{ email: string; displayName: string }>(
      await send(server, null, 'POST', '/api/v1/auth/set-password/check', { json: { code } }),
      200,
    );
    expect(checked).toMatchObject({ email: 'robin.okafor@example.org', displayName: 'Robin Okafor' });
    const session = await expectJson<SessionResponse>(
      await send(server, null, 'POST', '/api/v1/auth/set-password', { json: { code, password: NEW_PASSWORD } }),
      200,
    );
    expect(session.user.email).toBe('robin.okafor@example.org');
    await signIn(server, 'robin.okafor@example.org', NEW_PASSWORD);

    const admin = await signIn(server, adminEmail);
    const log = await expectJson<{
      items: Array<{ action: string; actorKind: string; resourceId: string | null; outcome: string }>;
    }>(await admin.request('GET', '/api/v1/audit-events?limit=100'), 200);
    const about = log.items.filter((event) => event.resourceId === session.user.id).reverse();
    expect(about.map((event) => `${event.action}:${event.actorKind}:${event.outcome}`)).toEqual([
      'user.create:system:success',
      'user.set-password-link:system:success',
      'user.set-password:user:success',
    ]);
  });

  it('says the link uses the listening address when STEPDOWN_PUBLIC_URL is not set', async () => {
    const result = await create('sam.idowu@example.org', ['--set-password-link'], undefined, {
      DATABASE_URL: server.database.url,
      STEPDOWN_DATA_DIR: tempDataDir(),
      HOST: '127.0.0.1',
      PORT: '4123',
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^http:\/\/127\.0\.0\.1:4123\/app#\/set-password\/[A-Za-z0-9_-]{43}$/m);
    expect(result.stderr).toMatch(/STEPDOWN_PUBLIC_URL is not set/);
  });

  it('exits 2 naming the option when it is misused, and saves nothing', async () => {
    const withValue = await create('kim.achterberg@example.org', ['--set-password-link=yes']);
    expect(withValue.code).toBe(2);
    expect(withValue.stderr).toContain('--set-password-link');
    // A password in a file on standard input as well: one or the other.
    const file = join(mkdtempSync(join(tmpdir(), 'stepdown-cli-')), 'password.txt');
    writeFileSync(file, `${NEW_PASSWORD}\n`);
    const withPassword = await runWithStdinFile(
      argsFor('kim.achterberg@example.org', ['--set-password-link']),
      file,
      env,
    );
    expect(withPassword.code).toBe(2);
    expect(withPassword.stderr).toMatch(/^--set-password-link: /);
    expect(await findCredentialsByEmail(server.database.handle.db, 'kim.achterberg@example.org')).toBeUndefined();
  });

  it('still reads the password from standard input without the option', async () => {
    const result = await create('lee.marsh@example.org', [], `${NEW_PASSWORD}\n`);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('set-password');
    await signIn(server, 'lee.marsh@example.org', NEW_PASSWORD);
  });
});
