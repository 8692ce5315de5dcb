/**
 * Storage contract for migration 0019 (set-password links), on SQLite and PostgreSQL alike: a new
 * link revokes the user's earlier unused ones, a link is used once however many try at once, never
 * after it expires or is revoked, and the newest link of each user is what the admin sees.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertOrganization } from '../../src/storage/organizations.js';
import type { Organization, User } from '../../src/storage/records.js';
import {
  findSetPasswordLink,
  insertSetPasswordLink,
  latestSetPasswordLinks,
  useSetPasswordLink,
} from '../../src/storage/set-password-links.js';
import { insertUser } from '../../src/storage/users.js';
import { createTestDatabase, type TestDatabase, testDialects } from '../support/databases.js';

const T0 = '2026-12-06T19:09:00.000Z';
const LATER = '2026-12-07T19:09:00.000Z';
const EXPIRES = '2026-12-09T19:09:00.000Z';

describe.each(testDialects())('set-password links (0019) on %s', (dialect) => {
  let database: TestDatabase;
  const db = () => database.handle.db;
  let org: Organization;
  let admin: User;

  const newUser = () =>
    insertUser(db(), {
      organizationId: org.id,
      email: `${randomUUID()}@example.org`,
      displayName: 'New Colleague',
      role: 'clinician',
      passwordHash: 'not-a-real-hash',
      now: T0,
    });
  const link = (userId: string, codeHash: string, now = T0) =>
    insertSetPasswordLink(db(), {
      organizationId: org.id,
      userId,
      codeHash,
      createdBy: admin.id,
      now,
      expiresAt: EXPIRES,
    });

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    org = await insertOrganization(db(), { name: `Clinic ${randomUUID()}`, now: T0 });
    admin = await insertUser(db(), {
      organizationId: org.id,
      email: `${randomUUID()}@example.org`,
      displayName: 'Ada Admin',
      role: 'admin',
      passwordHash: 'not-a-real-hash',
      now: T0,
    });
  });
  afterAll(async () => {
    await database.drop();
  });

  it('keeps only the newest unused link working, and shows it as the newest', async () => {
    const user = await newUser();
    const first = await link(user.id, `hash-${randomUUID()}`);
    const second = await link(user.id, `hash-${randomUUID()}`, LATER);
    const hashOfFirst =
      (await db().selectFrom('set_password_links').select('code_hash').where('id', '=', first.id).executeTakeFirst())
        ?.code_hash ?? '';
    expect((await findSetPasswordLink(db(), hashOfFirst))?.revokedAt).toBe(LATER);
    expect(await useSetPasswordLink(db(), first.id, LATER)).toBe(false);
    expect((await latestSetPasswordLinks(db(), org.id)).get(user.id)).toEqual(second);
  });

  it('is used once, even by two at the same moment, and never after it expires', async () => {
    const user = await newUser();
    const made = await link(user.id, `hash-${randomUUID()}`);
    const results = await Promise.all([
      useSetPasswordLink(db(), made.id, LATER),
      useSetPasswordLink(db(), made.id, LATER),
    ]);
    expect(results.sort()).toEqual([false, true]);
    expect((await latestSetPasswordLinks(db(), org.id)).get(user.id)?.usedAt).toBe(LATER);

    const late = await link(user.id, `hash-${randomUUID()}`);
    expect(await useSetPasswordLink(db(), late.id, EXPIRES)).toBe(false);
    expect(await useSetPasswordLink(db(), late.id, LATER)).toBe(true);
  });

  it('finds nothing for a hash no link has, and lists no other organisation’s links', async () => {
    expect(await findSetPasswordLink(db(), 'no-such-hash')).toBeUndefined();
    const other = await insertOrganization(db(), { name: `Clinic ${randomUUID()}`, now: T0 });
    expect((await latestSetPasswordLinks(db(), other.id)).size).toBe(0);
  });
});
