/**
 * Organisation names could be squatted (issue 12, item 4): a clinic renamed itself to a name about
 * to be onboarded, and `users create --org "Springfield Recovery" --role admin` then silently added
 * the new admin to the squatter's organisation; look-alike names (case, no-break spaces, full-width
 * letters) were accepted as different. Names are now unique by a normalised form (NFKC, case-folded,
 * spaces collapsed), a rename onto another's is 409, and the command says whether the organisation
 * is new or existing and needs --new-org or --existing-org to match. Both engines.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { organizationNameKey } from '../../src/core/organization-name.js';
import { countOrganizations, findOrganizationByName } from '../../src/storage/organizations.js';
import { findCredentialsByEmail } from '../../src/storage/users.js';
import { runStepdown, tempDataDir } from '../support/cli.js';
import { createTestDatabase, type TestDatabase, testDialects } from '../support/databases.js';
import { expectJson, expectProblem } from '../support/http.js';
import { signIn, startTestServer, type TestServer } from '../support/server.js';

const PASSWORD = 'a strong enough password for the tests';

describe('the normalised form of a name', () => {
  it('folds case, full-width letters, no-break and repeated spaces, and keeps different names apart', () => {
    const key = organizationNameKey('Springfield Recovery');
    for (const alike of [
      'springfield recovery',
      'SPRINGFIELD RECOVERY',
      'Ｓｐｒｉｎｇｆｉｅｌｄ Ｒｅｃｏｖｅｒｙ',
      'Springfield\u00a0Recovery',
      'Springfield \u3000 Recovery',
      '  Springfield   Recovery ',
      'Spring\u200bfield Recovery',
    ]) {
      expect({ alike, key: organizationNameKey(alike) }).toEqual({ alike, key });
    }
    expect(organizationNameKey('Straße Clinic')).toBe(organizationNameKey('STRASSE CLINIC'));
    expect(organizationNameKey('Springfield Recovery Center')).not.toBe(key);
    expect(organizationNameKey('Springfield-Recovery')).not.toBe(key);
  });
});

describe.each(testDialects())('organisation names cannot be squatted (%s)', (dialect) => {
  let server: TestServer;
  let database: TestDatabase;
  let dataDir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    server = await startTestServer(dialect, {}, database);
    dataDir = tempDataDir();
    env = {
      STEPDOWN_DATA_DIR: dataDir,
      DATABASE_URL: database.url,
      STEPDOWN_SECRET: 'a-test-secret-that-is-long-enough-0123456789',
    };
  });
  afterAll(async () => {
    await server.close();
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const usersCreate = (args: string[]) => runStepdown(['users', 'create', ...args], { env, input: PASSWORD });

  it('refuses a rename onto another organisation’s name or a look-alike of it with 409', async () => {
    await server.addOrganization('Harbor House');
    const squatter = await signIn(server, (await server.addUser(await server.addOrganization(), 'admin')).email);
    for (const name of [
      'Harbor House',
      'harbor house',
      'ＨＡＲＢＯＲ ＨＯＵＳＥ',
      'Harbor\u00a0House',
      'Harbor    House',
    ]) {
      const problem = await expectProblem(
        await squatter.request('PATCH', '/api/v1/organization', { name }),
        409,
        'conflict',
      );
      expect(problem.errors).toEqual([{ in: 'body', path: 'name', message: 'already taken' }]);
    }
    // Its own name in another case is its own to change.
    await expectJson(await squatter.request('PATCH', '/api/v1/organization', { name: 'Squatter Clinic' }), 200);
    const recased = await expectJson<{ name: string }>(
      await squatter.request('PATCH', '/api/v1/organization', { name: 'SQUATTER  clinic' }),
      200,
    );
    expect(recased.name).toBe('SQUATTER  clinic');
  });

  it('never adds a new admin to a squatter’s organisation: users create says it exists and needs --existing-org', async () => {
    // A clinic renames itself to the name of a clinic about to be onboarded.
    const squatterOrg = await server.addOrganization();
    const squatter = await signIn(server, (await server.addUser(squatterOrg, 'admin')).email);
    await expectJson(await squatter.request('PATCH', '/api/v1/organization', { name: 'Springfield Recovery' }), 200);
    const before = await countOrganizations(database.handle.db);

    // The onboarding command as the operator used to type it, and as they mean it.
    const plain = await usersCreate([
      '--org',
      'Springfield Recovery',
      '--email',
      'lead@springfield.example',
      '--role',
      'admin',
    ]);
    expect({ code: plain.code, stderr: plain.stderr }).toMatchObject({ code: 2 });
    expect(plain.stderr).toContain('"Springfield Recovery" is an existing organisation');
    expect(plain.stderr).toContain('--existing-org');
    const asNew = await usersCreate([
      '--org',
      'ｓｐｒｉｎｇｆｉｅｌｄ\u00a0recovery',
      '--new-org',
      '--email',
      'lead@springfield.example',
      '--role',
      'admin',
    ]);
    expect({ code: asNew.code, stderr: asNew.stderr }).toMatchObject({ code: 2 });
    expect(asNew.stderr).toContain('already exists as "Springfield Recovery"');
    for (const result of [plain, asNew]) {
      expect(result.stdout).toBe('');
      expect(result.stderr).not.toMatch(/\n\s+at \S+/);
    }
    expect(await findCredentialsByEmail(database.handle.db, 'lead@springfield.example')).toBeUndefined();
    expect(await countOrganizations(database.handle.db)).toBe(before);
  }, 60_000);

  it('creates a new organisation only with --new-org, and adds to an existing one only with --existing-org', async () => {
    const missing = await usersCreate([
      '--org',
      'Lakeside Clinic',
      '--existing-org',
      '--email',
      'a@lakeside.example',
      '--role',
      'admin',
    ]);
    expect({ code: missing.code, stderr: missing.stderr }).toMatchObject({ code: 2 });
    expect(missing.stderr).toContain('no organisation is named "Lakeside Clinic"');
    expect(missing.stderr).toContain('--new-org');
    const unsaid = await usersCreate(['--org', 'Lakeside Clinic', '--email', 'a@lakeside.example', '--role', 'admin']);
    expect({ code: unsaid.code, stderr: unsaid.stderr }).toMatchObject({ code: 2 });
    expect(unsaid.stderr).toContain('"Lakeside Clinic" is a new organisation');
    const both = await usersCreate([
      '--org',
      'Lakeside Clinic',
      '--new-org',
      '--existing-org',
      '--email',
      'a@lakeside.example',
      '--role',
      'admin',
    ]);
    expect({ code: both.code, stderr: both.stderr }).toMatchObject({ code: 2 });
    expect(await findOrganizationByName(database.handle.db, 'Lakeside Clinic')).toBeUndefined();

    const created = await usersCreate([
      '--org',
      'Lakeside Clinic',
      '--new-org',
      '--email',
      'a@lakeside.example',
      '--role',
      'admin',
    ]);
    expect({ code: created.code, stdout: created.stdout }).toEqual({
      code: 0,
      stdout: 'Created admin a@lakeside.example in Lakeside Clinic (new organisation)\n',
    });
    const added = await usersCreate([
      '--org',
      'LAKESIDE  clinic',
      '--existing-org',
      '--email',
      'b@lakeside.example',
      '--role',
      'clinician',
    ]);
    expect({ code: added.code, stdout: added.stdout }).toEqual({
      code: 0,
      stdout: 'Created clinician b@lakeside.example in Lakeside Clinic (existing organisation)\n',
    });
    const org = await findOrganizationByName(database.handle.db, 'lakeside clinic');
    expect(org?.name).toBe('Lakeside Clinic');
    expect((await findCredentialsByEmail(database.handle.db, 'b@lakeside.example'))?.user.organizationId).toBe(org?.id);
  }, 90_000);

  it('says so in stepdown help', async () => {
    const help = await runStepdown(['help'], { env: {} });
    expect(help.stdout).toContain('users create --org NAME --new-org|--existing-org');
  });
});
