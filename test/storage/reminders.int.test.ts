/**
 * Storage contract of migration 0021's reminders, on SQLite and PostgreSQL alike: a client's email
 * address is kept and changed; a due occurrence is recorded once whatever happens after; a pending
 * reminder is claimed by one sender only, keeps its due state through failures and is ended by a
 * send or a cancel; the migration can be run twice.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertCheckInLink } from '../../src/storage/check-ins.js';
import { getClient, insertClient, updateClient } from '../../src/storage/clients.js';
import type { Executor } from '../../src/storage/executor.js';
import { up as remindersMigration } from '../../src/storage/migrations/0021-reminders-and-goals.js';
import { insertOrganization } from '../../src/storage/organizations.js';
import type { Organization, User } from '../../src/storage/records.js';
import {
  cancelReminder,
  claimDueReminders,
  listRemindableClients,
  listRemindersOfClient,
  markReminderFailed,
  markReminderSent,
  recordDueReminder,
} from '../../src/storage/reminders.js';
import { insertUser } from '../../src/storage/users.js';
import { createTestDatabase, type TestDatabase, testDialects } from '../support/databases.js';

const T0 = '2026-12-07T09:00:00.000Z';
const at = (minutes: number): string => new Date(Date.parse(T0) + minutes * 60_000).toISOString();

describe.each(testDialects())('reminder storage (0021) on %s', (dialect) => {
  let database: TestDatabase;
  let db: Executor;
  let org: Organization;
  let user: User;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    db = database.handle.db;
    org = await insertOrganization(db, { name: `Clinic ${randomUUID()}`, now: T0 });
    user = await insertUser(db, {
      organizationId: org.id,
      email: `${randomUUID()}@example.org`,
      displayName: 'Casey Clinician',
      role: 'clinician',
      passwordHash: 'not-a-real-hash',
      now: T0,
    });
  });
  afterAll(async () => {
    await database.drop();
  });

  it('keeps a client’s optional email address, and lists only active clients who have one', async () => {
    const withEmail = await insertClient(db, {
      organizationId: org.id,
      displayName: 'Ana Email',
      email: 'ana@example.org',
      preferredLanguage: 'es',
      createdBy: user.id,
      now: T0,
    });
    const without = await insertClient(db, {
      organizationId: org.id,
      displayName: 'Ben None',
      createdBy: user.id,
      now: T0,
    });
    expect(withEmail.email).toBe('ana@example.org');
    expect((await getClient(db, org.id, without.id))?.email).toBeNull();
    expect((await updateClient(db, org.id, without.id, { email: 'ben@example.org' }, T0))?.email).toBe(
      'ben@example.org',
    );
    expect((await updateClient(db, org.id, without.id, { email: null }, T0))?.email).toBeNull();
    const listed = await listRemindableClients(db, { limit: 100 });
    expect(listed.filter((client) => client.organizationId === org.id)).toEqual([
      { id: withEmail.id, organizationId: org.id, email: 'ana@example.org', preferredLanguage: 'es' },
    ]);
    // Paged by id.
    expect(await listRemindableClients(db, { limit: 100, after: withEmail.id })).not.toContainEqual(
      expect.objectContaining({ id: withEmail.id }),
    );
  });

  it('records an occurrence once, lets one sender claim it, keeps it due through failures, and ends it once', async () => {
    const client = await insertClient(db, {
      organizationId: org.id,
      displayName: 'Cleo Claim',
      email: 'cleo@example.org',
      createdBy: user.id,
      now: T0,
    });
    const occurrence = {
      organizationId: org.id,
      clientId: client.id,
      dueKey: 'phq-9@never gad-7@never',
      instruments: ['phq-9', 'gad-7'],
    };
    expect(await recordDueReminder(db, { ...occurrence, now: T0 })).toBe(true);
    expect(await recordDueReminder(db, { ...occurrence, now: at(5) })).toBe(false);

    const [claimed] = await claimDueReminders(db, { now: T0, leaseUntil: at(10), limit: 10 });
    expect(claimed).toMatchObject({
      clientId: client.id,
      instruments: ['phq-9', 'gad-7'],
      status: 'pending',
      attempts: 0,
    });
    // Leased: a second sender at the same moment gets nothing.
    expect(await claimDueReminders(db, { now: T0, leaseUntil: at(10), limit: 10 })).toEqual([]);

    await markReminderFailed(db, claimed?.id ?? '', { error: 'ECONNREFUSED', nextAttemptAt: at(1), linkId: null });
    const [failed] = await listRemindersOfClient(db, org.id, client.id);
    expect(failed).toMatchObject({ status: 'pending', attempts: 1, lastError: 'ECONNREFUSED', nextAttemptAt: at(1) });
    expect(await claimDueReminders(db, { now: T0, leaseUntil: at(10), limit: 10 })).toEqual([]);
    const [again] = await claimDueReminders(db, { now: at(1), leaseUntil: at(11), limit: 10 });
    expect(again?.id).toBe(claimed?.id);

    const link = await insertCheckInLink(db, {
      organizationId: org.id,
      clientId: client.id,
      codeHash: randomUUID(),
      instruments: ['phq-9', 'gad-7'],
      language: 'en',
      createdBy: user.id,
      now: at(2),
      expiresAt: at(60 * 72),
    });
    await markReminderSent(db, again?.id ?? '', { linkId: link.id, now: at(2) });
    const [sent] = await listRemindersOfClient(db, org.id, client.id);
    expect(sent).toMatchObject({ status: 'sent', attempts: 2, lastError: null, sentAt: at(2), linkId: link.id });
    // Ended: neither a cancel nor a late failure changes it, and nothing is claimed.
    await cancelReminder(db, sent?.id ?? '');
    await markReminderFailed(db, sent?.id ?? '', { error: 'late', nextAttemptAt: at(3), linkId: null });
    expect((await listRemindersOfClient(db, org.id, client.id))[0]).toMatchObject({ status: 'sent', attempts: 2 });
    expect(await claimDueReminders(db, { now: at(60), leaseUntil: at(70), limit: 10 })).toEqual([]);
  });

  it('can run its migration twice', async () => {
    await remindersMigration(db as never);
    await remindersMigration(db as never);
    expect(
      (await getClient(db, org.id, (await listRemindableClients(db, { limit: 1 }))[0]?.id ?? ''))?.id,
    ).toBeTruthy();
  });
});
