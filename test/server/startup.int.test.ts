/**
 * Start-up and the server commands, run as a newcomer or an operator runs them: `stepdown serve`
 * on an empty data folder (migrate, seed the demo clinic, print the address and the demo sign-in),
 * refusing bad configuration with the variable named and exit code 2, never seeding demo data in
 * production, `stepdown users create` and `stepdown migrate [--status]`.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../src/server/auth/passwords.js';
import { type DatabaseHandle, openDatabase } from '../../src/storage/database.js';
import { MIGRATIONS } from '../../src/storage/migrations/index.js';
import { countOrganizations, findOrganizationByName } from '../../src/storage/organizations.js';
import { findCredentialsByEmail } from '../../src/storage/users.js';
import { EHR_ISSUER, EHR_KEYS, writeClientsFile } from '../support/cds.js';
import { type CommandResult, freePort, runStepdown, startServe, tempDataDir } from '../support/cli.js';
import { createTestDatabase, type TestDatabase, testDialects } from '../support/databases.js';

const SECRET = 'an-operator-secret-that-is-long-enough-0123456789';
const MIGRATION_NAMES = MIGRATIONS.map((migration) => migration.name);

/** Asserts an exit code, showing the output when it differs. */
function expectExit(result: CommandResult, code: number): void {
  expect({ code: result.code, stdout: result.stdout, stderr: result.stderr }).toMatchObject({ code });
}

/** Fails when output looks like a stack trace rather than a message. */
function expectNoStack(result: CommandResult): void {
  expect(result.stderr).not.toMatch(/\n\s+at \S+/);
  expect(result.stdout).not.toMatch(/\n\s+at \S+/);
}

/** Where the data of one test lives: a data folder, and the database (SQLite inside it by default). */
interface Target {
  dataDir: string;
  env: Record<string, string>;
  open(): DatabaseHandle;
  cleanup(): Promise<void>;
}

async function newTarget(dialect: 'sqlite' | 'postgres'): Promise<Target> {
  const dataDir = tempDataDir();
  let postgres: TestDatabase | undefined;
  if (dialect === 'postgres') postgres = await createTestDatabase('postgres', { migrate: false });
  return {
    dataDir,
    // SQLite uses the default location, stepdown.db in the data folder, as a newcomer's does.
    env: { STEPDOWN_DATA_DIR: dataDir, ...(postgres ? { DATABASE_URL: postgres.url } : {}) },
    open: () =>
      postgres
        ? openDatabase({ kind: 'postgres', url: postgres.url })
        : openDatabase({ kind: 'sqlite', path: join(dataDir, 'stepdown.db') }),
    cleanup: async () => {
      await postgres?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function withDatabase<T>(target: Target, use: (handle: DatabaseHandle) => Promise<T>): Promise<T> {
  const handle = target.open();
  try {
    return await use(handle);
  } finally {
    await handle.close();
  }
}

describe('configuration that stops start-up', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = tempDataDir();
  });
  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('names each bad variable, exits 2, and prints no stack trace', async () => {
    const base = { STEPDOWN_DATA_DIR: dataDir };
    // Every problem the schema finds is listed at once, so one run covers several bad variables.
    const cases: Array<{ env: Record<string, string>; names: Array<{ name: string; says?: RegExp }> }> = [
      {
        env: { NODE_ENV: 'production' },
        names: [{ name: 'STEPDOWN_SECRET', says: /required when NODE_ENV=production/ }],
      },
      {
        env: { PORT: 'eighty', LOG_LEVEL: 'loud', STEPDOWN_SECRET: 'short' },
        names: [{ name: 'PORT' }, { name: 'LOG_LEVEL' }, { name: 'STEPDOWN_SECRET', says: /at least 32/ }],
      },
      // Checks made after the schema are listed together too.
      {
        env: {
          DATABASE_URL: 'mysql://db.example/stepdown',
          NODE_ENV: 'production',
          STEPDOWN_SECRET: SECRET,
          STEPDOWN_SEED_DEMO: 'true',
        },
        names: [{ name: 'DATABASE_URL' }, { name: 'STEPDOWN_SEED_DEMO', says: /never seeded/ }],
      },
      {
        env: { STEPDOWN_CDS_CLIENTS: join(dataDir, 'no-such-clients.json') },
        names: [{ name: 'STEPDOWN_CDS_CLIENTS', says: /cannot read/ }],
      },
    ];
    const results = await Promise.all(cases.map((c) => runStepdown(['serve'], { env: { ...base, ...c.env } })));
    results.forEach((result, index) => {
      const expected = cases[index] as (typeof cases)[number];
      expectExit(result, 2);
      expectNoStack(result);
      expect(result.stderr).toMatch(/Stepdown cannot start: the configuration is invalid/);
      for (const { name, says } of expected.names) {
        const line = result.stderr.split('\n').find((text) => text.trim().startsWith(`${name}: `));
        expect(line, `${name} in ${result.stderr}`).toBeDefined();
        if (says) expect(line).toMatch(says);
      }
      expect(result.stdout).not.toMatch(/Stepdown is running/);
      // A secret never appears in a message.
      expect(result.stderr).not.toContain(SECRET);
    });
  }, 120_000);

  it('refuses a CDS client listed for a clinic the database does not hold, naming the entry', async () => {
    const folder = tempDataDir();
    try {
      const clients = writeClientsFile('clients-with-unknown-clinic.json', {
        clients: [
          {
            iss: EHR_ISSUER,
            organization: 'No Such Clinic',
            jwks: { keys: [EHR_KEYS.ec.publicKey.export({ format: 'jwk' })] },
          },
        ],
      });
      const result = await runStepdown(['serve'], {
        env: { STEPDOWN_DATA_DIR: folder, STEPDOWN_CDS_CLIENTS: clients, PORT: String(await freePort()) },
      });
      expectExit(result, 2);
      expectNoStack(result);
      expect(result.stderr).toContain(
        'STEPDOWN_CDS_CLIENTS: clients.0.organization: there is no organisation named "No Such Clinic"',
      );
      expect(result.stdout).not.toMatch(/Stepdown is running/);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }, 60_000);

  it('refuses bad command arguments with exit 2, naming the option', async () => {
    const env = { STEPDOWN_DATA_DIR: dataDir };
    const good = ['--org', 'Harbor Clinic', '--new-org', '--email', 'new@harbor.example', '--role', 'clinician'];
    // Every bad option of users create is named at once; an unknown option or a short password stops it first.
    const bad: Array<{ args: string[]; input?: string; names: string[] }> = [
      {
        args: ['users', 'create', '--email', 'not-an-email', '--role', 'superuser'],
        names: ['--org: required', '--email: ', '--role: '],
      },
      { args: ['users', 'create', ...good, '--bogus', 'x'], names: ['--bogus'] },
      {
        args: ['users', 'create', ...good],
        input: 'short',
        names: ['password (read from standard input): Use at least 12 characters'],
      },
      { args: ['migrate', '--force'], names: ['--force'] },
    ];
    const results = await Promise.all(
      bad.map((c) => runStepdown(c.args, { env, input: c.input ?? 'a strong enough password' })),
    );
    results.forEach((result, index) => {
      const expected = bad[index] as (typeof bad)[number];
      expectExit(result, 2);
      expectNoStack(result);
      for (const name of expected.names) expect(result.stderr).toContain(name);
    });
  }, 120_000);
});

describe.each(testDialects())('start-up and commands on %s', (dialect) => {
  it('serves a fresh install: migrates, seeds the demo clinic, prints the address and the demo sign-in', async () => {
    const target = await newTarget(dialect);
    try {
      const env = { ...target.env, LOG_LEVEL: 'silent', PORT: String(await freePort()) };
      const server = await startServe(env);
      try {
        const out = server.stdout();
        expect(out).toMatch(new RegExp(`applied ${MIGRATION_NAMES.join(', ')}`));
        expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
        expect(out).toContain('Demo sign-in: demo@stepdown.local / quiet-harbor-morning');
        expect(out).toContain('Seeded a demo clinic');
        expect(server.stderr()).toBe('');

        const signIn = await fetch(`${server.url}/api/v1/auth/sign-in`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: 'demo@stepdown.local', password: 'quiet-harbor-morning' }),
        });
        expect(signIn.status).toBe(200);
        const cookie = (signIn.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
        const clients = (await (await fetch(`${server.url}/api/v1/clients`, { headers: { cookie } })).json()) as {
          items: Array<{ displayName: string }>;
        };
        expect(clients.items.map((client) => client.displayName)).toEqual([
          'Alex Chen (demo)',
          'Chris Park (demo)',
          'Jordan Rivera (demo)',
          'María López (demo)',
          'Robin Hale (demo)',
          'Sam Okafor (demo)',
        ]);
        if (dialect === 'sqlite') {
          // A second server on the same port stops, naming PORT.
          const second = await runStepdown(['serve'], { env });
          expectExit(second, 2);
          expectNoStack(second);
          expect(second.stderr).toContain(`PORT: ${env.PORT} is already in use`);
        }
      } finally {
        expect(await server.stop('SIGTERM')).toBe(0);
      }

      // A second start finds everything in place: nothing to migrate, nothing seeded again.
      const again = await startServe({ ...env, PORT: String(await freePort()) });
      try {
        expect(again.stdout()).not.toMatch(/applied/);
        expect(again.stdout()).not.toContain('Seeded');
        expect(again.stdout()).toContain('Demo sign-in: demo@stepdown.local');
      } finally {
        expect(await again.stop('SIGTERM')).toBe(0);
      }
      await withDatabase(target, async (handle) => expect(await countOrganizations(handle.db)).toBe(1));
    } finally {
      await target.cleanup();
    }
  }, 120_000);

  it('never seeds demo data in production', async () => {
    const target = await newTarget(dialect);
    try {
      const server = await startServe({
        ...target.env,
        LOG_LEVEL: 'silent',
        NODE_ENV: 'production',
        STEPDOWN_SECRET: SECRET,
        STEPDOWN_PUBLIC_URL: 'https://stepdown.example.org',
        PORT: String(await freePort()),
      });
      try {
        expect(server.stdout()).not.toMatch(/demo/i);
        const signIn = await fetch(`${server.url}/api/v1/auth/sign-in`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: 'demo@stepdown.local', password: 'quiet-harbor-morning' }),
        });
        expect(signIn.status).toBe(401);
      } finally {
        expect(await server.stop('SIGTERM')).toBe(0);
      }
      await withDatabase(target, async (handle) => {
        expect(await countOrganizations(handle.db)).toBe(0);
        expect(await findCredentialsByEmail(handle.db, 'demo@stepdown.local')).toBeUndefined();
      });
    } finally {
      await target.cleanup();
    }
  }, 60_000);

  it('creates users (and their organisation) with the password from standard input', async () => {
    const target = await newTarget(dialect);
    try {
      const create = (args: string[], input: string) =>
        runStepdown(['users', 'create', ...args], { env: target.env, input });
      const admin = await create(
        [
          '--org',
          'Harbor Clinic',
          '--new-org',
          '--email',
          'Lead@Harbor.example',
          '--role',
          'admin',
          '--name',
          'Lead Admin',
        ],
        'a strong admin password\nignored second line\n',
      );
      expectExit(admin, 0);
      expect(admin.stdout).toContain('Created admin lead@harbor.example in Harbor Clinic (new organisation)');
      const colleague = await create(
        ['--org', 'Harbor Clinic', '--existing-org', '--email', 'nurse@harbor.example', '--role', 'clinician'],
        'another strong password',
      );
      expectExit(colleague, 0);
      expect(colleague.stdout).toBe(
        'Created clinician nurse@harbor.example in Harbor Clinic (existing organisation)\n',
      );

      await withDatabase(target, async (handle) => {
        const org = await findOrganizationByName(handle.db, 'Harbor Clinic');
        const credentials = await findCredentialsByEmail(handle.db, 'lead@harbor.example');
        expect(credentials?.user).toMatchObject({ organizationId: org?.id, role: 'admin', displayName: 'Lead Admin' });
        expect(await verifyPassword(credentials?.passwordHash ?? '', 'a strong admin password')).toBe(true);
        expect((await findCredentialsByEmail(handle.db, 'nurse@harbor.example'))?.user).toMatchObject({
          organizationId: org?.id,
          role: 'clinician',
          displayName: 'nurse@harbor.example',
        });
        expect(await countOrganizations(handle.db)).toBe(1);
      });

      // An email already in use, in any case and any organisation, is refused naming --email.
      const duplicate = await create(
        ['--org', 'Other Clinic', '--new-org', '--email', 'NURSE@harbor.example', '--role', 'admin'],
        'a strong enough password',
      );
      expectExit(duplicate, 2);
      expectNoStack(duplicate);
      expect(duplicate.stderr).toContain('--email: NURSE@harbor.example already has an account');
      await withDatabase(target, async (handle) => {
        expect(await countOrganizations(handle.db)).toBe(1);
        expect(await findOrganizationByName(handle.db, 'Other Clinic')).toBeUndefined();
      });
    } finally {
      await target.cleanup();
    }
  }, 120_000);

  it('lets one of two simultaneous creations of an email win and refuses the other with exit 2', async () => {
    const target = await newTarget(dialect);
    try {
      expectExit(await runStepdown(['migrate'], { env: target.env }), 0);
      expectExit(
        await runStepdown(
          ['users', 'create', '--org', 'Race Clinic', '--new-org', '--email', 'first@race.example', '--role', 'admin'],
          {
            env: target.env,
            input: 'a strong enough password',
          },
        ),
        0,
      );
      // Two processes at once, for one email in one organisation: neither can see the other's
      // creation before it commits, so the unique email decides.
      const create = () =>
        runStepdown(
          [
            'users',
            'create',
            '--org',
            'Race Clinic',
            '--existing-org',
            '--email',
            'twice@race.example',
            '--role',
            'admin',
          ],
          { env: target.env, input: 'a strong enough password' },
        );
      const results = await Promise.all([create(), create()]);
      expect(results.map((result) => result.code).sort(), results.map((r) => r.stdout + r.stderr).join('\n')).toEqual([
        0, 2,
      ]);
      const [created, refused] = results[0]?.code === 0 ? results : [...results].reverse();
      expect(created?.stdout).toBe('Created admin twice@race.example in Race Clinic (existing organisation)\n');
      expectNoStack(refused as CommandResult);
      expect(refused?.stdout).toBe('');
      expect(refused?.stderr).toContain('--email: twice@race.example already has an account');
      await withDatabase(target, async (handle) => {
        expect(await countOrganizations(handle.db)).toBe(1);
        expect((await findCredentialsByEmail(handle.db, 'twice@race.example'))?.user.role).toBe('admin');
      });
    } finally {
      await target.cleanup();
    }
  }, 120_000);

  it('migrates, reports its status, and refuses a database from a newer Stepdown', async () => {
    const target = await newTarget(dialect);
    try {
      if (dialect === 'sqlite') {
        // Reading the status of an empty database is the same on both engines; once is enough.
        const before = await runStepdown(['migrate', '--status'], { env: target.env });
        expectExit(before, 0);
        expect(before.stdout).toContain('applied: none');
        expect(before.stdout).toContain(`pending: ${MIGRATION_NAMES.join(', ')}`);
      }

      const migrated = await runStepdown(['migrate'], { env: target.env });
      expectExit(migrated, 0);
      expect(migrated.stdout).toMatch(new RegExp(`^Applied ${MIGRATION_NAMES.join(', ')} to `));

      const after = await runStepdown(['migrate', '--status'], { env: target.env });
      expectExit(after, 0);
      expect(after.stdout).toContain(`applied: ${MIGRATION_NAMES.join(', ')}`);
      expect(after.stdout).toContain('pending: none');

      await withDatabase(target, async (handle) => {
        await sql`insert into stepdown_migrations (name, applied_at) values ('9999-from-the-future', '2030-01-01T00:00:00.000Z')`.execute(
          handle.db,
        );
      });
      const refusals = [runStepdown(['migrate'], { env: target.env })];
      // serve takes the same path; once is enough.
      if (dialect === 'sqlite') {
        refusals.push(
          runStepdown(['serve'], { env: { ...target.env, LOG_LEVEL: 'silent', PORT: String(await freePort()) } }),
        );
      }
      for (const result of await Promise.all(refusals)) {
        expectExit(result, 2);
        expectNoStack(result);
        expect(result.stderr).toMatch(/migrated by a newer Stepdown \(unknown migrations: 9999-from-the-future\)/);
      }
    } finally {
      await target.cleanup();
    }
  }, 120_000);
});
