/**
 * The storage contract: every repository function, run against SQLite and PostgreSQL with the same
 * expected results. Each test works inside its own organisations, so one migrated database per
 * engine serves the whole suite; the migration tests use fresh, unmigrated databases.
 */
import { randomUUID } from 'node:crypto';
import { CompiledQuery, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchKey } from '../../src/core/search-key.js';
import { systemTimeZone } from '../../src/core/time-zone.js';
import {
  addAssessmentVersion,
  getAssessment,
  insertAssessment,
  listAssessmentsOfClient,
  listVersionNumbers,
  type SavedAssessment,
  VersionConflictError,
} from '../../src/storage/assessments.js';
import {
  auditEventsQuery,
  insertAuditEvents,
  listAuditEvents,
  listAuditEventsOfClient,
  ownerOfResource,
} from '../../src/storage/audit.js';
import {
  archiveClient,
  type ClientQuery,
  getClient,
  getClientForChange,
  InvalidCursorError,
  insertClient,
  listClients,
  type NewClient,
  restoreClient,
  updateClient,
} from '../../src/storage/clients.js';
import type { Executor } from '../../src/storage/executor.js';
import { DatabaseTooNewError, migrateToLatest, migrationStatus } from '../../src/storage/migrate.js';
import { MIGRATIONS } from '../../src/storage/migrations/index.js';
import {
  countOrganizations,
  findOrganizationByName,
  getOrganization,
  insertOrganization,
} from '../../src/storage/organizations.js';
import { encodeCursor } from '../../src/storage/paging.js';
import type {
  AuditEvent,
  Client,
  NewAuditEvent,
  Organization,
  Role,
  Session,
  User,
} from '../../src/storage/records.js';
import {
  deleteSession,
  deleteSessionsOfUser,
  deleteStaleSessions,
  findSessionWithUser,
  insertSession,
  touchSession,
} from '../../src/storage/sessions.js';
import {
  admitSignInAttempt,
  clearSignInsBefore,
  countActiveAdmins,
  findCredentialsByEmail,
  getUser,
  insertUser,
  listUsers,
  lockOrganizationUsers,
  updateUser,
} from '../../src/storage/users.js';
import { countRequest, deleteEndedRateLimits } from '../../src/storage/rate-limits.js';
import { createTestDatabase, type TestDatabase, testDialects } from '../support/databases.js';

const T0 = '2025-03-01T09:00:00.000Z';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** An ISO time `minutes` after T0. */
function at(minutes: number): string {
  return new Date(Date.parse(T0) + minutes * 60_000).toISOString();
}

let sequence = 0;
function unique(prefix: string): string {
  sequence += 1;
  return `${prefix}-${sequence}-${randomUUID().slice(0, 8)}`;
}

/** Typed builders: each makes a valid record, with overrides for what a test cares about. */
function builders(db: Executor) {
  return {
    organization: (overrides: { name?: string } = {}): Promise<Organization> =>
      insertOrganization(db, { name: overrides.name ?? unique('Clinic'), now: T0 }),
    user: (
      organization: Organization,
      overrides: { email?: string; role?: Role; displayName?: string } = {},
    ): Promise<User> =>
      insertUser(db, {
        organizationId: organization.id,
        email: overrides.email ?? `${unique('user')}@example.org`,
        displayName: overrides.displayName ?? 'Test User',
        role: overrides.role ?? 'clinician',
        passwordHash: 'not-a-real-hash',
        now: T0,
      }),
    client: (
      organization: Organization,
      creator: User,
      overrides: Partial<Omit<NewClient, 'organizationId' | 'createdBy'>> = {},
    ): Promise<Client> =>
      insertClient(db, {
        organizationId: organization.id,
        createdBy: creator.id,
        displayName: overrides.displayName ?? 'Test Client',
        now: overrides.now ?? T0,
        ...overrides,
      }),
    session: (user: User, overrides: Partial<Session> = {}): Session => ({
      id: unique('session'),
      userId: user.id,
      csrfToken: unique('csrf'),
      createdAt: T0,
      lastSeenAt: T0,
      expiresAt: at(12 * 60),
      ...overrides,
    }),
    assessment: (creator: User, overrides: Partial<SavedAssessment> = {}): SavedAssessment => ({
      document: {
        schema: 'stepdown/assessment@1',
        population: 'adult',
        ratings: { d1: 0, d2: 0, d3: 2, d4: 1, d5: 2, d6: 1 },
      },
      recommendation: { schema: 'stepdown/recommendation@1', primary: { setting: 'iop' } },
      ruleset: { id: 'stepdown-default', version: '1.0.0', hash: 'sha256:abc' },
      createdBy: creator.id,
      now: T0,
      ...overrides,
    }),
    auditEvent: (organization: Organization | null, overrides: Partial<NewAuditEvent> = {}): NewAuditEvent => ({
      at: T0,
      organizationId: organization?.id ?? null,
      actorUserId: null,
      actorKind: 'system',
      action: 'client.read',
      resourceType: 'client',
      resourceId: null,
      clientId: null,
      outcome: 'success',
      ip: '127.0.0.1',
      requestId: randomUUID(),
      ...overrides,
    }),
  };
}

/** Sorts clients as the store promises: by name without case or accents, then id, both by code point. */
function storeOrder(clients: readonly Client[]): string[] {
  return [...clients]
    .sort((a, b) => {
      const an = searchKey(a.displayName);
      const bn = searchKey(b.displayName);
      if (an !== bn) return an < bn ? -1 : 1;
      return a.id < b.id ? -1 : 1;
    })
    .map((client) => client.id);
}

describe.each(testDialects())('storage contract on %s', (dialect) => {
  let database: TestDatabase;
  let db: Executor;
  let make: ReturnType<typeof builders>;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    db = database.handle.db;
    make = builders(db);
  });
  afterAll(async () => {
    await database.drop();
  });

  describe('organizations', () => {
    it('inserts, reads by id and by name, and counts', async () => {
      const before = await countOrganizations(db);
      const name = unique('Harbor Clinic');
      const created = await insertOrganization(db, {
        name,
        phone: '(555) 010-0199',
        email: 'desk@harbor.example',
        address: '1 Quay Street',
        now: T0,
      });
      expect(created.id).toMatch(UUID);
      expect(created).toEqual({
        id: created.id,
        name,
        phone: '(555) 010-0199',
        email: 'desk@harbor.example',
        address: '1 Quay Street',
        createdAt: T0,
        timeZone: systemTimeZone(),
      });
      expect(await getOrganization(db, created.id)).toEqual(created);
      expect(await findOrganizationByName(db, name)).toEqual(created);
      expect(await getOrganization(db, randomUUID())).toBeUndefined();
      expect(await findOrganizationByName(db, `${name} (other)`)).toBeUndefined();
      expect(await countOrganizations(db)).toBe(before + 1);
      const minimal = await make.organization();
      expect(minimal).toMatchObject({ phone: null, email: null, address: null });
    });

    it('refuses a second organisation with the same name', async () => {
      const first = await make.organization();
      await expect(insertOrganization(db, { name: first.name, now: T0 })).rejects.toThrow();
    });
  });

  describe('users', () => {
    it('counts the admins of an organisation who can sign in, under its lock', async () => {
      const org = await make.organization();
      const other = await make.organization();
      const first = await make.user(org, { role: 'admin' });
      const second = await make.user(org, { role: 'admin' });
      await make.user(org, { role: 'clinician' });
      await make.user(other, { role: 'admin' });
      expect(await countActiveAdmins(db, org.id)).toBe(2);
      await db.transaction().execute(async (trx) => {
        await lockOrganizationUsers(trx, org.id);
        await updateUser(trx, org.id, first.id, { disabled: true, now: T0 });
        expect(await countActiveAdmins(trx, org.id)).toBe(1);
        await updateUser(trx, org.id, second.id, { role: 'clinician', now: T0 });
        expect(await countActiveAdmins(trx, org.id)).toBe(0);
      });
      expect(await countActiveAdmins(db, other.id)).toBe(1);
    });

    it('stores emails lower-cased and finds them without case or surrounding spaces', async () => {
      const org = await make.organization();
      const email = `${unique('Mixed.Case')}@Example.ORG`;
      const user = await make.user(org, { email: `  ${email} `, role: 'admin', displayName: 'Ada Admin' });
      expect(user.id).toMatch(UUID);
      expect(user).toEqual({
        id: user.id,
        organizationId: org.id,
        email: email.toLowerCase(),
        displayName: 'Ada Admin',
        role: 'admin',
        disabled: false,
        createdAt: T0,
        updatedAt: T0,
      });
      const credentials = await findCredentialsByEmail(db, ` ${email.toUpperCase()} `);
      expect(credentials).toEqual({ user, passwordHash: 'not-a-real-hash', failedSignIns: 0, lockedUntil: null });
      expect(await getUser(db, user.id)).toEqual(user);
      expect(await getUser(db, randomUUID())).toBeUndefined();
      expect(await findCredentialsByEmail(db, 'nobody@example.org')).toBeUndefined();
    });

    it('refuses a second account with the same email, even in another organisation', async () => {
      const org = await make.organization();
      const other = await make.organization();
      const user = await make.user(org);
      await expect(make.user(other, { email: user.email.toUpperCase() })).rejects.toThrow();
    });

    it('lists the users of one organisation by email', async () => {
      const org = await make.organization();
      const other = await make.organization();
      const tag = unique('list');
      const emails = [`zed.${tag}@example.org`, `amy.${tag}@example.org`, `bo.${tag}@example.org`];
      for (const email of emails) await make.user(org, { email });
      await make.user(other, { email: `cy.${tag}@example.org` });
      const listed = await listUsers(db, org.id);
      expect(listed.map((u) => u.email)).toEqual([...emails].sort());
      expect(listed.every((u) => u.organizationId === org.id)).toBe(true);
    });

    it('updates a user only within their organisation', async () => {
      const org = await make.organization();
      const other = await make.organization();
      const user = await make.user(org, { displayName: 'Before' });
      const later = at(5);
      const changed = await updateUser(db, org.id, user.id, {
        role: 'admin',
        disabled: true,
        displayName: 'After',
        now: later,
      });
      expect(changed).toEqual({
        ...user,
        role: 'admin',
        disabled: true,
        displayName: 'After',
        updatedAt: later,
      });
      const partly = await updateUser(db, org.id, user.id, { disabled: false, now: at(6) });
      expect(partly).toMatchObject({ role: 'admin', disabled: false, displayName: 'After', updatedAt: at(6) });

      expect(await updateUser(db, other.id, user.id, { displayName: 'Hijacked', now: at(7) })).toBeUndefined();
      expect((await getUser(db, user.id))?.displayName).toBe('After');
      expect(await updateUser(db, org.id, randomUUID(), { displayName: 'Ghost', now: at(7) })).toBeUndefined();
    });

    it('admits sign-in attempts on arrival, locks with the attempt that reaches the limit, and lets the lock run out', async () => {
      const org = await make.organization();
      const user = await make.user(org);
      const options = { now: new Date(at(0)), maxFailures: 5, lockMs: 15 * 60_000 };
      const attempts: Array<number | undefined> = [];
      for (let i = 0; i < 4; i += 1) attempts.push(await admitSignInAttempt(db, user.id, options));
      expect(attempts).toEqual([1, 2, 3, 4]);
      expect(await findCredentialsByEmail(db, user.email)).toMatchObject({ failedSignIns: 4, lockedUntil: null });

      // The fifth is admitted, and locks the account as it arrives: whatever its password, the
      // next attempt is refused without being counted.
      expect(await admitSignInAttempt(db, user.id, options)).toBe(5);
      expect(await findCredentialsByEmail(db, user.email)).toMatchObject({ failedSignIns: 5, lockedUntil: at(15) });
      expect(await admitSignInAttempt(db, user.id, { ...options, now: new Date(at(14)) })).toBeUndefined();
      expect(await findCredentialsByEmail(db, user.email)).toMatchObject({ failedSignIns: 5, lockedUntil: at(15) });

      // Once the lock has run out, counting starts again.
      expect(await admitSignInAttempt(db, user.id, { ...options, now: new Date(at(15)) })).toBe(6);
      expect(await findCredentialsByEmail(db, user.email)).toMatchObject({ failedSignIns: 1, lockedUntil: null });
    });

    it('a success clears the attempts before it, never those after it', async () => {
      const org = await make.organization();
      const user = await make.user(org);
      const options = { now: new Date(at(0)), maxFailures: 5, lockMs: 15 * 60_000 };
      await admitSignInAttempt(db, user.id, options);
      await admitSignInAttempt(db, user.id, options);
      const success = await admitSignInAttempt(db, user.id, options);
      await admitSignInAttempt(db, user.id, options);
      await admitSignInAttempt(db, user.id, options);
      expect(await findCredentialsByEmail(db, user.email)).toMatchObject({ failedSignIns: 5, lockedUntil: at(15) });
      // The third attempt's password was right, but two arrived after it: they stay, and so does the lock.
      await clearSignInsBefore(db, user.id, success ?? 0, options);
      expect(await findCredentialsByEmail(db, user.email)).toMatchObject({ failedSignIns: 2, lockedUntil: null });

      const last = await admitSignInAttempt(db, user.id, options);
      await clearSignInsBefore(db, user.id, last ?? 0, options);
      expect(await findCredentialsByEmail(db, user.email)).toMatchObject({ failedSignIns: 0, lockedUntil: null });
    });

    it('admits exactly up to the limit when attempts arrive at once', async () => {
      const org = await make.organization();
      const user = await make.user(org);
      const options = { now: new Date(at(0)), maxFailures: 5, lockMs: 60_000 };
      const attempts = await Promise.all(Array.from({ length: 12 }, () => admitSignInAttempt(db, user.id, options)));
      expect(attempts.filter((attempt) => attempt !== undefined).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual([
        1, 2, 3, 4, 5,
      ]);
      expect(await findCredentialsByEmail(db, user.email)).toMatchObject({ failedSignIns: 5, lockedUntil: at(1) });
    });
  });

  describe('rate limits', () => {
    it('counts requests per key in fixed windows, once each however many arrive at once', async () => {
      const key = unique('sign-in|203.0.113.9');
      const options = { now: new Date(at(0)), windowMs: 60_000 };
      const counts = await Promise.all(Array.from({ length: 8 }, () => countRequest(db, key, options)));
      expect(counts.map((count) => count.hits).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      expect(new Set(counts.map((count) => count.expiresAt))).toEqual(new Set([at(1)]));
      expect(await countRequest(db, unique('other'), options)).toEqual({ hits: 1, expiresAt: at(1) });
      // The window ends: a new one starts at 1.
      expect(await countRequest(db, key, { ...options, now: new Date(at(1)) })).toEqual({ hits: 1, expiresAt: at(2) });
      expect(await deleteEndedRateLimits(db, new Date(at(1)))).toBeGreaterThanOrEqual(1);
      expect(await countRequest(db, key, { ...options, now: new Date(at(1.5)) })).toEqual({
        hits: 2,
        expiresAt: at(2),
      });
      expect(await deleteEndedRateLimits(db, new Date(at(2)))).toBeGreaterThanOrEqual(1);
      expect(await countRequest(db, key, { ...options, now: new Date(at(2)) })).toEqual({ hits: 1, expiresAt: at(3) });
    });
  });

  describe('sessions', () => {
    /** The session alone, as the sign-in check reads it (with its user). */
    const sessionById = async (id: string) => (await findSessionWithUser(db, id))?.session;

    it('inserts, finds, touches and deletes a session', async () => {
      const org = await make.organization();
      const user = await make.user(org);
      const session = make.session(user);
      await insertSession(db, session);
      expect(await sessionById(session.id)).toEqual(session);
      await touchSession(db, session.id, at(3));
      expect(await sessionById(session.id)).toEqual({ ...session, lastSeenAt: at(3) });
      await deleteSession(db, session.id);
      expect(await sessionById(session.id)).toBeUndefined();
      expect(await sessionById('never-issued')).toBeUndefined();
    });

    it('finds a session with its user in one query, and sees the user change at once', async () => {
      const org = await make.organization();
      const user = await make.user(org);
      const session = make.session(user);
      await insertSession(db, session);
      expect(await findSessionWithUser(db, session.id)).toEqual({ session, user, timeZone: systemTimeZone() });
      // Inside a transaction too (another executor on the same database).
      await db.transaction().execute(async (trx) => {
        expect(await findSessionWithUser(trx, session.id)).toEqual({ session, user, timeZone: systemTimeZone() });
      });
      const changed = await updateUser(db, org.id, user.id, { role: 'admin', disabled: true, now: at(7) });
      expect(await findSessionWithUser(db, session.id)).toEqual({ session, user: changed, timeZone: systemTimeZone() });
      expect(await findSessionWithUser(db, 'never-issued')).toBeUndefined();
      await deleteSession(db, session.id);
      expect(await findSessionWithUser(db, session.id)).toBeUndefined();
    });

    it('deletes every session of one user and no other', async () => {
      const org = await make.organization();
      const user = await make.user(org);
      const bystander = await make.user(org);
      const mine = [make.session(user), make.session(user)];
      const theirs = make.session(bystander);
      for (const session of [...mine, theirs]) await insertSession(db, session);
      await deleteSessionsOfUser(db, user.id);
      for (const session of mine) expect(await sessionById(session.id)).toBeUndefined();
      expect(await sessionById(theirs.id)).toEqual(theirs);
    });

    it('deletes sessions past their absolute expiry or idle too long, and keeps the rest', async () => {
      const org = await make.organization();
      const user = await make.user(org);
      const now = at(100);
      const idleBefore = at(70);
      const expired = make.session(user, { lastSeenAt: at(99), expiresAt: now });
      const idle = make.session(user, { lastSeenAt: at(69), expiresAt: at(500) });
      const fresh = make.session(user, { lastSeenAt: idleBefore, expiresAt: at(101) });
      for (const session of [expired, idle, fresh]) await insertSession(db, session);
      // Other tests' sessions share the table; count only this user's.
      const removed = await deleteStaleSessions(db, now, idleBefore);
      expect(removed).toBeGreaterThanOrEqual(2);
      expect(await sessionById(expired.id)).toBeUndefined();
      expect(await sessionById(idle.id)).toBeUndefined();
      expect(await sessionById(fresh.id)).toEqual(fresh);
      expect(await deleteStaleSessions(db, now, idleBefore)).toBe(0);
    });
  });

  describe('clients', () => {
    it('inserts with defaults and reads only within the organisation', async () => {
      const org = await make.organization();
      const other = await make.organization();
      const user = await make.user(org);
      const client = await make.client(org, user, { displayName: 'Avery Stone' });
      expect(client.id).toMatch(UUID);
      expect(client).toEqual({
        id: client.id,
        organizationId: org.id,
        displayName: 'Avery Stone',
        externalRef: null,
        birthYear: null,
        birthDate: null,
        preferredLanguage: 'en',
        email: null,
        archivedAt: null,
        createdBy: user.id,
        createdAt: T0,
        updatedAt: T0,
      });
      const full = await make.client(org, user, {
        displayName: 'María López',
        externalRef: 'MRN-77',
        birthYear: 1979,
        preferredLanguage: 'es',
      });
      expect(await getClient(db, org.id, full.id)).toEqual(full);
      expect(await getClient(db, other.id, client.id)).toBeUndefined();
      expect(await getClient(db, org.id, randomUUID())).toBeUndefined();
    });

    it('patches only the fields named, within the organisation', async () => {
      const org = await make.organization();
      const other = await make.organization();
      const user = await make.user(org);
      const client = await make.client(org, user, {
        displayName: 'Blake Moss',
        externalRef: 'MRN-1',
        birthYear: 1990,
      });
      const renamed = await updateClient(db, org.id, client.id, { displayName: 'Blake Moss-Hart' }, at(1));
      expect(renamed).toEqual({ ...client, displayName: 'Blake Moss-Hart', updatedAt: at(1) });
      const cleared = await updateClient(
        db,
        org.id,
        client.id,
        { externalRef: null, birthYear: null, preferredLanguage: 'es' },
        at(2),
      );
      expect(cleared).toEqual({
        ...client,
        displayName: 'Blake Moss-Hart',
        externalRef: null,
        birthYear: null,
        preferredLanguage: 'es',
        updatedAt: at(2),
      });
      // The new name is the search key too.
      const found = await listClients(db, org.id, { q: 'moss-hart', limit: 10 });
      expect(found.items.map((c) => c.id)).toEqual([client.id]);

      expect(await updateClient(db, other.id, client.id, { displayName: 'Stolen' }, at(3))).toBeUndefined();
      expect((await getClient(db, org.id, client.id))?.displayName).toBe('Blake Moss-Hart');
      expect(await updateClient(db, org.id, randomUUID(), { displayName: 'Ghost' }, at(3))).toBeUndefined();
    });

    it('archives once, keeps the first archive time, and only within the organisation', async () => {
      const org = await make.organization();
      const other = await make.organization();
      const user = await make.user(org);
      const client = await make.client(org, user);
      expect(await archiveClient(db, other.id, client.id, at(1))).toBeUndefined();
      expect((await getClient(db, org.id, client.id))?.archivedAt).toBeNull();
      const archived = await archiveClient(db, org.id, client.id, at(2));
      expect(archived).toEqual({ ...client, archivedAt: at(2), updatedAt: at(2) });
      expect(await archiveClient(db, org.id, client.id, at(3))).toEqual(archived);

      const active = await listClients(db, org.id, { limit: 10 });
      expect(active.items).toEqual([]);
      const all = await listClients(db, org.id, { limit: 10, archived: 'include' });
      expect(all.items).toEqual([archived]);
      expect((await listClients(db, org.id, { limit: 10, archived: 'only' })).items).toEqual([archived]);
    });

    it('restores an archived client, leaves an active one as is, and only within the organisation', async () => {
      const org = await make.organization();
      const other = await make.organization();
      const user = await make.user(org);
      const client = await make.client(org, user);
      expect(await restoreClient(db, org.id, client.id, at(1))).toEqual(client);
      const archived = await archiveClient(db, org.id, client.id, at(2));
      expect(await restoreClient(db, other.id, client.id, at(3))).toBeUndefined();
      expect(await getClient(db, org.id, client.id)).toEqual(archived);
      const restored = await restoreClient(db, org.id, client.id, at(4));
      expect(restored).toEqual({ ...client, archivedAt: null, updatedAt: at(4) });
      expect(await restoreClient(db, org.id, client.id, at(5))).toEqual(restored);
      expect(await restoreClient(db, org.id, randomUUID(), at(5))).toBeUndefined();
      expect((await listClients(db, org.id, { limit: 10 })).items).toEqual([restored]);
    });

    it('holds a client read for a change: an archive waits until that transaction ends', async () => {
      const org = await make.organization();
      const user = await make.user(org);
      const client = await make.client(org, user);
      let archive: Promise<Client | undefined> | undefined;
      await db.transaction().execute(async (trx) => {
        expect((await getClientForChange(trx, org.id, client.id))?.archivedAt).toBeNull();
        expect(await getClientForChange(trx, org.id, randomUUID())).toBeUndefined();
        archive = db.transaction().execute((other) => archiveClient(other, org.id, client.id, at(1)));
        const first = await Promise.race([
          archive.then(() => 'archived'),
          new Promise((resolve) => setTimeout(() => resolve('still waiting'), 200)),
        ]);
        expect(first).toBe('still waiting');
      });
      expect((await archive)?.archivedAt).toBe(at(1));
    });

    it('lists by name without case or accents, then id, never another organisation’s clients', async () => {
      const org = await make.organization();
      const other = await make.organization();
      const user = await make.user(org);
      const stranger = await make.user(other);
      const names = ['zed Quinn', 'Émile Zola', 'alice Ward', 'Bob Stone', 'bob stone', 'Bob Stone'];
      const clients: Client[] = [];
      for (const displayName of names) clients.push(await make.client(org, user, { displayName }));
      await make.client(other, stranger, { displayName: 'alice Other-Org' });
      const page = await listClients(db, org.id, { limit: 50 });
      expect(page.items.map((c) => c.id)).toEqual(storeOrder(clients));
      expect(page.items.map((c) => c.displayName).slice(0, 2)).toEqual(['alice Ward', expect.stringMatching(/bob/i)]);
      // Accents do not send a name to the end of the list: Émile sorts with the other e's.
      expect(page.items.slice(-2).map((c) => c.displayName)).toEqual(['Émile Zola', 'zed Quinn']);
      expect(page.nextCursor).toBeNull();
    });

    it('pages by keyset across pages with no gap and no repeat, also while searching', async () => {
      const org = await make.organization();
      const user = await make.user(org);
      const clients: Client[] = [];
      // Repeated names make the id the deciding key at page boundaries.
      for (const displayName of ['Kim Lee', 'kim lee', 'Kim Lee', 'Ann Dale', 'Zoe Park', 'Kim Leeds', 'Al Kim']) {
        clients.push(await make.client(org, user, { displayName }));
      }
      for (const limit of [1, 2, 3, 7]) {
        const seen: string[] = [];
        let cursor: string | undefined;
        let pages = 0;
        do {
          const page = await listClients(db, org.id, { limit, cursor });
          expect(page.items.length).toBeLessThanOrEqual(limit);
          seen.push(...page.items.map((c) => c.id));
          cursor = page.nextCursor ?? undefined;
          pages += 1;
        } while (cursor !== undefined && pages < 20);
        expect(seen).toEqual(storeOrder(clients));
        expect(pages).toBe(Math.ceil(clients.length / limit));
      }
      const kims = clients.filter((c) => c.displayName.toLowerCase().includes('kim'));
      const first = await listClients(db, org.id, { q: 'KIM', limit: 2 });
      const rest = await listClients(db, org.id, { q: 'KIM', limit: 10, cursor: first.nextCursor ?? undefined });
      expect([...first.items, ...rest.items].map((c) => c.id)).toEqual(storeOrder(kims));
      expect(rest.nextCursor).toBeNull();
    });

    it('filters by archive state, with search and keyset paging, on every filter', async () => {
      const org = await make.organization();
      const other = await make.organization();
      const user = await make.user(org);
      const stranger = await make.user(other);
      // Archived and active clients interleave, with repeated names, so the filter drops rows at page
      // boundaries and the id decides between equal names.
      const rows: Array<[string, boolean]> = [
        ['Kim Lee', false],
        ['kim lee', true],
        ['Kim Lee', false],
        ['Ann Dale', true],
        ['Zoe Park', false],
        ['Kim Leeds', true],
        ['Al Kim', false],
        ['Bo Kim', true],
        ['Cy Ward', true],
      ];
      const clients: Client[] = [];
      for (const [displayName, archive] of rows) {
        const client = await make.client(org, user, { displayName, externalRef: `REF-${clients.length}` });
        clients.push(archive ? ((await archiveClient(db, org.id, client.id, at(1))) ?? client) : client);
      }
      const strangerClient = await make.client(other, stranger, { displayName: 'Kim Other-Org' });
      await archiveClient(db, other.id, strangerClient.id, at(1));

      const wanted = {
        exclude: (c: Client) => c.archivedAt === null,
        include: () => true,
        only: (c: Client) => c.archivedAt !== null,
      } as const;
      const everything = async (query: Omit<ClientQuery, 'limit' | 'cursor'>, limit: number) => {
        const seen: Client[] = [];
        let cursor: string | undefined;
        let pages = 0;
        do {
          const page = await listClients(db, org.id, { ...query, limit, cursor });
          expect(page.items.length).toBeLessThanOrEqual(limit);
          seen.push(...page.items);
          cursor = page.nextCursor ?? undefined;
          pages += 1;
        } while (cursor !== undefined && pages < 20);
        return { seen, pages };
      };
      for (const archived of ['exclude', 'include', 'only'] as const) {
        for (const q of [undefined, 'KIM', 'ref-']) {
          const expected = clients.filter(
            (c) =>
              wanted[archived](c) &&
              (q === undefined || `${c.displayName} ${c.externalRef}`.toLowerCase().includes(q.toLowerCase())),
          );
          for (const limit of [1, 2, 3, 10]) {
            const { seen, pages } = await everything({ q, archived }, limit);
            const where = `${archived} q=${q} limit=${limit}`;
            expect(
              seen.map((c) => c.id),
              where,
            ).toEqual(storeOrder(expected));
            // Each client as stored, archive time included.
            expect(seen, where).toEqual(expect.arrayContaining(expected));
            expect(pages, where).toBe(Math.max(1, Math.ceil(expected.length / limit)));
          }
        }
      }
      // Leaving the filter out lists active clients only.
      expect((await everything({}, 2)).seen.map((c) => c.id)).toEqual(storeOrder(clients.filter(wanted.exclude)));
    });

    it('continues after the last client shown when that client changes archive state between pages', async () => {
      const org = await make.organization();
      const user = await make.user(org);
      const clients: Client[] = [];
      for (const displayName of ['Ada One', 'Ben Two', 'Cal Three', 'Dee Four', 'Eve Five']) {
        clients.push(await make.client(org, user, { displayName }));
      }
      const [ada, ben, cal, dee, eve] = clients as [Client, Client, Client, Client, Client];

      // The last client of the first page is archived, and a later one too: the next page starts
      // right after the first page, without the later one.
      const first = await listClients(db, org.id, { limit: 2 });
      expect(first.items.map((c) => c.id)).toEqual([ada.id, ben.id]);
      await archiveClient(db, org.id, ben.id, at(1));
      await archiveClient(db, org.id, dee.id, at(1));
      const next = await listClients(db, org.id, { limit: 2, cursor: first.nextCursor ?? undefined });
      expect(next.items.map((c) => c.id)).toEqual([cal.id, eve.id]);
      expect(next.nextCursor).toBeNull();

      // Archived only: the last one shown is restored before the next page, which still follows on.
      const archivedFirst = await listClients(db, org.id, { limit: 1, archived: 'only' });
      expect(archivedFirst.items.map((c) => c.id)).toEqual([ben.id]);
      await restoreClient(db, org.id, ben.id, at(2));
      const archivedNext = await listClients(db, org.id, {
        limit: 1,
        archived: 'only',
        cursor: archivedFirst.nextCursor ?? undefined,
      });
      expect(archivedNext.items.map((c) => c.id)).toEqual([dee.id]);
      expect(archivedNext.nextCursor).toBeNull();
    });

    it('refuses a cursor it did not issue', async () => {
      const org = await make.organization();
      for (const cursor of ['garbage', encodeCursor([1]), encodeCursor(['a', 'b', 'c']), 'W3t9XQ', '%%%']) {
        await expect(listClients(db, org.id, { limit: 5, cursor })).rejects.toBeInstanceOf(InvalidCursorError);
      }
    });

    it('searches name and external reference without case, with LIKE wildcards taken literally', async () => {
      const org = await make.organization();
      const user = await make.user(org);
      const byName = new Map<string, Client>();
      for (const [displayName, externalRef] of [
        ['50% Sale', 'REF-A'],
        ['5000 Club', 'REF-B'],
        ['a_b Person', 'REF-C'],
        ['axb Person', 'REF-D'],
        ['Back\\Slash', 'REF-E'],
        ['Plain Jane', 'MRN-%9'],
        ['Nobody Special', null],
      ] as const) {
        byName.set(displayName, await make.client(org, user, { displayName, externalRef }));
      }
      const search = async (q: string): Promise<string[]> =>
        (await listClients(db, org.id, { q, limit: 50 })).items.map((c) => c.displayName).sort();
      expect(await search('%')).toEqual(['50% Sale', 'Plain Jane']);
      expect(await search('50%')).toEqual(['50% Sale']);
      expect(await search('_')).toEqual(['a_b Person']);
      expect(await search('a_b')).toEqual(['a_b Person']);
      expect(await search('\\')).toEqual(['Back\\Slash']);
      expect(await search('k\\s')).toEqual(['Back\\Slash']);
      expect(await search('ref-')).toEqual(['50% Sale', '5000 Club', 'Back\\Slash', 'a_b Person', 'axb Person']);
      expect(await search('mrn-%9')).toEqual(['Plain Jane']);
      expect(await search('PERSON')).toEqual(['a_b Person', 'axb Person']);
      expect(await search('  jane  ')).toEqual(['Plain Jane']);
      expect(await search('no such')).toEqual([]);
      // An empty or blank query is no filter.
      expect(await search('   ')).toHaveLength(byName.size);
    });

    it('finds names with letters beyond ASCII in any case', async () => {
      const org = await make.organization();
      const user = await make.user(org);
      const client = await make.client(org, user, { displayName: 'ÉLODIE Ñúñez' });
      const found = await listClients(db, org.id, { q: 'élodie ñÚñ', limit: 5 });
      expect(found.items.map((c) => c.id)).toEqual([client.id]);
      const byRef = await make.client(org, user, { displayName: 'Ref Holder', externalRef: 'ÅSA-ÖL-7' });
      const refFound = await listClients(db, org.id, { q: 'åsa-öl', limit: 5 });
      expect(refFound.items.map((c) => c.id)).toEqual([byRef.id]);
    });
  });

  describe('assessments', () => {
    async function scenario() {
      const org = await make.organization();
      const other = await make.organization();
      const user = await make.user(org);
      const client = await make.client(org, user);
      return { org, other, user, client };
    }

    it('stores the first version with its document, recommendation and rule set', async () => {
      const { org, other, user, client } = await scenario();
      const input = make.assessment(user);
      const saved = await insertAssessment(db, { organizationId: org.id, clientId: client.id }, input);
      expect(saved.assessmentId).toMatch(UUID);
      expect(saved).toEqual({
        assessmentId: saved.assessmentId,
        clientId: client.id,
        organizationId: org.id,
        version: 1,
        document: input.document,
        recommendation: input.recommendation,
        ruleset: input.ruleset,
        createdBy: user.id,
        createdAt: T0,
      });
      expect(await getAssessment(db, org.id, saved.assessmentId)).toEqual(saved);
      expect(await getAssessment(db, org.id, saved.assessmentId, 1)).toEqual(saved);
      expect(await getAssessment(db, org.id, saved.assessmentId, 2)).toBeUndefined();
      expect(await getAssessment(db, other.id, saved.assessmentId)).toBeUndefined();
      expect(await getAssessment(db, org.id, randomUUID())).toBeUndefined();
    });

    it('adds versions, checks the expected version, and keeps every version', async () => {
      const { org, other, user, client } = await scenario();
      const first = await insertAssessment(db, { organizationId: org.id, clientId: client.id }, make.assessment(user));
      const revisedDocument = {
        schema: 'stepdown/assessment@1',
        population: 'adult',
        ratings: { d1: 0, d2: 0, d3: 3, d4: 1, d5: 2, d6: 1 },
        notes: { d3: 'Worse since Monday; “quotes” and ünïcode kept.' },
      };
      const second = await addAssessmentVersion(db, org.id, first.assessmentId, {
        ...make.assessment(user, { document: revisedDocument, now: at(1) }),
        expectedVersion: 1,
      });
      expect(second).toMatchObject({ version: 2, document: revisedDocument, createdAt: at(1), clientId: client.id });
      const third = await addAssessmentVersion(db, org.id, first.assessmentId, make.assessment(user, { now: at(2) }));
      expect(third?.version).toBe(3);

      const stale = addAssessmentVersion(db, org.id, first.assessmentId, {
        ...make.assessment(user),
        expectedVersion: 2,
      });
      await expect(stale).rejects.toBeInstanceOf(VersionConflictError);
      await expect(stale).rejects.toMatchObject({ currentVersion: 3 });

      expect(await addAssessmentVersion(db, other.id, first.assessmentId, make.assessment(user))).toBeUndefined();
      expect(await addAssessmentVersion(db, org.id, randomUUID(), make.assessment(user))).toBeUndefined();

      expect(await listVersionNumbers(db, org.id, first.assessmentId)).toEqual([1, 2, 3]);
      expect(await listVersionNumbers(db, other.id, first.assessmentId)).toEqual([]);
      expect((await getAssessment(db, org.id, first.assessmentId))?.version).toBe(3);
      expect((await getAssessment(db, org.id, first.assessmentId, 2))?.document).toEqual(revisedDocument);
      expect(await getAssessment(db, org.id, first.assessmentId, 1)).toEqual(first);
    });

    it('lets exactly one of two saves of the same version win', async () => {
      const { org, user, client } = await scenario();
      const first = await insertAssessment(db, { organizationId: org.id, clientId: client.id }, make.assessment(user));
      const save = () =>
        db
          .transaction()
          .execute((trx) =>
            addAssessmentVersion(trx, org.id, first.assessmentId, { ...make.assessment(user), expectedVersion: 1 }),
          );
      const results = await Promise.allSettled([save(), save()]);
      expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
      const rejected = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(rejected?.reason).toBeInstanceOf(VersionConflictError);
      expect(await listVersionNumbers(db, org.id, first.assessmentId)).toEqual([1, 2]);
    });

    it('lists the current version of each assessment of a client, newest first', async () => {
      const { org, other, user, client } = await scenario();
      const sibling = await make.client(org, user);
      const scope = { organizationId: org.id, clientId: client.id };
      const older = await insertAssessment(db, scope, make.assessment(user, { now: at(1) }));
      const newer = await insertAssessment(db, scope, make.assessment(user, { now: at(2) }));
      await insertAssessment(db, { organizationId: org.id, clientId: sibling.id }, make.assessment(user));
      await addAssessmentVersion(db, org.id, older.assessmentId, make.assessment(user, { now: at(3) }));

      const listed = await listAssessmentsOfClient(db, org.id, client.id);
      expect(listed.map((a) => [a.assessmentId, a.version])).toEqual([
        [newer.assessmentId, 1],
        [older.assessmentId, 2],
      ]);
      expect(listed[1]).toEqual({ ...older, version: 2, createdAt: at(3) });
      expect(await listAssessmentsOfClient(db, other.id, client.id)).toEqual([]);
    });
  });

  describe('audit events', () => {
    it('finds the organisation and client a resource belongs to, for any caller', async () => {
      const org = await make.organization();
      const user = await make.user(org);
      const client = await make.client(org, user);
      const saved = await insertAssessment(db, { organizationId: org.id, clientId: client.id }, make.assessment(user));
      const owner = { organizationId: org.id, clientId: client.id };
      expect(await ownerOfResource(db, 'client', client.id)).toEqual(owner);
      expect(await ownerOfResource(db, 'assessment', saved.assessmentId)).toEqual(owner);
      for (const type of ['plan', 'referral', 'consent']) {
        expect(await ownerOfResource(db, type, client.id)).toBeUndefined();
      }
      expect(await ownerOfResource(db, 'client', 'never-issued')).toBeUndefined();
      expect(await ownerOfResource(db, 'toString', client.id)).toBeUndefined();
      expect(await ownerOfResource(db, 'program', client.id)).toBeUndefined();
    });

    it('lists newest first, filtered, scoped, and paged', async () => {
      const org = await make.organization();
      const other = await make.organization();
      const actor = await make.user(org);
      const client = await make.client(org, actor);
      const second = await make.client(org, actor);
      await insertAuditEvents(db, []);
      const events: NewAuditEvent[] = [
        make.auditEvent(org, { at: at(0), actorUserId: actor.id, actorKind: 'user', clientId: client.id }),
        make.auditEvent(org, { at: at(1), action: 'client.update', clientId: client.id, resourceId: client.id }),
        make.auditEvent(org, { at: at(2), outcome: 'denied', actorUserId: actor.id, actorKind: 'user' }),
        make.auditEvent(org, { at: at(3), clientId: second.id, action: 'assessment.create', outcome: 'failure' }),
        make.auditEvent(org, { at: at(4), actorKind: 'anonymous', ip: null, requestId: null }),
      ];
      await insertAuditEvents(db, events);
      await insertAuditEvents(db, [make.auditEvent(other, { clientId: client.id, at: at(2) })]);

      const all = await listAuditEvents(db, org.id, { limit: 100 });
      expect(all.nextCursor).toBeNull();
      expect(all.items.map(({ seq: _seq, id: _id, ...rest }) => rest)).toEqual([...events].reverse());
      const seqs = all.items.map((e) => e.seq);
      expect([...seqs].sort((a, b) => b - a)).toEqual(seqs);
      expect(all.items.every((e) => typeof e.seq === 'number' && typeof e.id === 'string')).toBe(true);

      const actions = async (query: Parameters<typeof listAuditEvents>[2]) =>
        (await listAuditEvents(db, org.id, query)).items.map((e) => e.at);
      expect(await actions({ limit: 100, clientId: client.id })).toEqual([at(1), at(0)]);
      expect(await actions({ limit: 100, actorUserId: actor.id })).toEqual([at(2), at(0)]);
      expect(await actions({ limit: 100, action: 'assessment.create' })).toEqual([at(3)]);
      expect(await actions({ limit: 100, outcome: 'denied' })).toEqual([at(2)]);
      expect(await actions({ limit: 100, from: at(1), to: at(3) })).toEqual([at(2), at(1)]);
      expect(await actions({ limit: 100, from: at(4) })).toEqual([at(4)]);
      expect(await actions({ limit: 100, to: at(0) })).toEqual([]);
      expect(await actions({ limit: 100, clientId: client.id, outcome: 'success', from: at(1) })).toEqual([at(1)]);
      expect(await listAuditEvents(db, randomUUID(), { limit: 100 })).toEqual({ items: [], nextCursor: null });

      const seen: AuditEvent[] = [];
      let cursor: string | undefined;
      do {
        const page = await listAuditEvents(db, org.id, { limit: 2, cursor });
        expect(page.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor !== undefined && seen.length < 20);
      expect(seen).toEqual(all.items);
      const filtered = await listAuditEvents(db, org.id, { limit: 1, clientId: client.id });
      const next = await listAuditEvents(db, org.id, {
        limit: 1,
        clientId: client.id,
        cursor: filtered.nextCursor ?? undefined,
      });
      expect([...filtered.items, ...next.items].map((e) => e.at)).toEqual([at(1), at(0)]);
      expect(next.nextCursor).toBeNull();
    });

    it('lists by when events happened, not when they were written, and pages through equal times without loss', async () => {
      const org = await make.organization();
      const client = await make.client(org, await make.user(org));
      // Written out of order (a back-dated import, a seed), with runs of equal times.
      const times = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3];
      await insertAuditEvents(
        db,
        times.map((minute, index) =>
          make.auditEvent(org, { at: at(minute), requestId: `r${index}`, clientId: index % 2 ? client.id : null }),
        ),
      );
      const all = await listAuditEvents(db, org.id, { limit: 100 });
      expect(all.items.map((e) => e.at)).toEqual([...times].sort((a, b) => b - a).map(at));
      // Equal times: the one written later comes first, the same way on every read.
      for (let i = 1; i < all.items.length; i += 1) {
        const [before, after] = [all.items[i - 1], all.items[i]];
        if (before && after && before.at === after.at) expect(before.seq).toBeGreaterThan(after.seq);
      }
      for (const query of [{}, { clientId: client.id }, { from: at(2), to: at(9) }]) {
        const whole = (await listAuditEvents(db, org.id, { limit: 100, ...query })).items;
        for (const size of [1, 2, 3]) {
          const seen: AuditEvent[] = [];
          let cursor: string | undefined;
          do {
            const page = await listAuditEvents(db, org.id, { limit: size, cursor, ...query });
            seen.push(...page.items);
            cursor = page.nextCursor ?? undefined;
          } while (cursor !== undefined && seen.length <= times.length);
          expect(seen.map((e) => e.requestId)).toEqual(whole.map((e) => e.requestId));
        }
      }
    });

    it('reads the log in that order from an index, never sorting it (migration 0024)', async () => {
      const org = await make.organization();
      const client = await make.client(org, await make.user(org));
      const cursor = encodeCursor([at(5), 12]);
      const queries = [
        { limit: 100 },
        { limit: 100, cursor },
        { limit: 100, from: at(1), to: at(9), cursor },
        { limit: 100, clientId: client.id, cursor },
        { limit: 100, action: 'client.read', outcome: 'success' as const },
      ];
      for (const query of queries) {
        const compiled = auditEventsQuery(db, org.id, query).compile();
        const prefix = dialect === 'sqlite' ? 'explain query plan ' : 'explain ';
        const plan = await db.transaction().execute(async (trx) => {
          // A few rows make a whole-table scan cheapest; asked to avoid it, PostgreSQL shows which index serves the order.
          if (dialect === 'postgres') await sql`set local enable_seqscan = off`.execute(trx);
          const { rows } = await trx.executeQuery<{ detail?: string; 'QUERY PLAN'?: string }>(
            CompiledQuery.raw(prefix + compiled.sql, [...compiled.parameters]),
          );
          return rows.map((row) => row.detail ?? row['QUERY PLAN'] ?? '').join('\n');
        });
        expect(plan, JSON.stringify(query)).toMatch(/audit_events_(organization|client)_at/);
        expect(plan, JSON.stringify(query)).not.toMatch(/TEMP B-TREE|Sort/);
      }
    });

    it('refuses a cursor it did not issue', async () => {
      const org = await make.organization();
      for (const cursor of ['garbage', encodeCursor(['a']), encodeCursor([1, 2]), encodeCursor([1.5]), '%%']) {
        await expect(listAuditEvents(db, org.id, { limit: 5, cursor })).rejects.toBeInstanceOf(InvalidCursorError);
      }
      const huge = Buffer.from('[1e400]').toString('base64url');
      await expect(listAuditEvents(db, org.id, { limit: 5, cursor: huge })).rejects.toBeInstanceOf(InvalidCursorError);
    });

    it('lists every event about one client, oldest first, whichever organisation wrote it', async () => {
      const org = await make.organization();
      const other = await make.organization();
      const user = await make.user(org);
      const client = await make.client(org, user);
      await insertAuditEvents(db, [
        make.auditEvent(org, { at: at(5), clientId: client.id, action: 'client.create' }),
        make.auditEvent(org, { at: at(6), action: 'client.read' }),
      ]);
      await insertAuditEvents(db, [make.auditEvent(other, { at: at(7), clientId: client.id, action: 'client.read' })]);
      const events = await listAuditEventsOfClient(db, client.id);
      expect(events.map((e) => [e.action, e.organizationId])).toEqual([
        ['client.create', org.id],
        ['client.read', other.id],
      ]);
      expect(await listAuditEventsOfClient(db, randomUUID())).toEqual([]);
    });

    it('refuses to change or delete an audit event, even by raw SQL', async () => {
      const org = await make.organization();
      await insertAuditEvents(db, [make.auditEvent(org, { action: 'client.read' })]);
      const before = await listAuditEvents(db, org.id, { limit: 10 });
      await expect(
        sql`update audit_events set action = 'tampered' where organization_id = ${org.id}`.execute(db),
      ).rejects.toThrow(/append-only/);
      await expect(sql`delete from audit_events where organization_id = ${org.id}`.execute(db)).rejects.toThrow(
        /append-only/,
      );
      if (dialect === 'postgres') {
        await expect(sql`truncate audit_events`.execute(db)).rejects.toThrow(/append-only/);
      }
      expect(await listAuditEvents(db, org.id, { limit: 10 })).toEqual(before);
    });
  });

  describe('integrity', () => {
    it('enforces foreign keys', async () => {
      const org = await make.organization();
      const user = await make.user(org);
      if (dialect === 'sqlite') {
        const pragma = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(db);
        expect(pragma.rows).toEqual([{ foreign_keys: 1 }]);
      }
      await expect(
        insertClient(db, { organizationId: randomUUID(), createdBy: user.id, displayName: 'Orphan', now: T0 }),
      ).rejects.toThrow();
      await expect(make.user({ ...org, id: randomUUID() })).rejects.toThrow();
      await expect(
        insertAssessment(db, { organizationId: org.id, clientId: randomUUID() }, make.assessment(user)),
      ).rejects.toThrow();
      await expect(insertSession(db, make.session({ ...user, id: randomUUID() }))).rejects.toThrow();
    });

    it('passes its integrity check', async () => {
      expect(await database.handle.integrityCheck()).toEqual([]);
    });
  });

  describe('migrations', () => {
    it('migrates an empty database once; a second run applies nothing', async () => {
      const fresh = await createTestDatabase(dialect, { migrate: false });
      try {
        const names = MIGRATIONS.map((m) => m.name);
        expect(await migrationStatus(fresh.handle)).toEqual({ applied: [], pending: names, unknown: [] });
        expect(await migrateToLatest(fresh.handle)).toEqual(names);
        expect(await migrateToLatest(fresh.handle)).toEqual([]);
        expect(await migrationStatus(fresh.handle)).toEqual({ applied: names, pending: [], unknown: [] });
        expect(await countOrganizations(fresh.handle.db)).toBe(0);
        expect(await fresh.handle.integrityCheck()).toEqual([]);
      } finally {
        await fresh.drop();
      }
    });

    it('backfills the search key of clients stored before it existed', async () => {
      const fresh = await createTestDatabase(dialect, { migrate: false });
      try {
        const [initial] = MIGRATIONS;
        if (!initial) throw new Error('no migrations');
        await migrateToLatest(fresh.handle, [initial]);
        // The organisation as 0001 made it (no name key or time zone yet), written by hand.
        const org = { id: randomUUID() } as Organization;
        await sql`insert into organizations (id, name, created_at) values (${org.id}, ${'Old  CLINIC'}, ${T0})`.execute(
          fresh.handle.db,
        );
        const user = await builders(fresh.handle.db).user(org);
        const id = randomUUID();
        await sql`insert into clients (id, organization_id, display_name, search_name, external_ref, preferred_language, created_by, created_at, updated_at)
          values (${id}, ${org.id}, ${'Old Client'}, ${'old client'}, ${'ÅSA-Ref-9'}, ${'en'}, ${user.id}, ${T0}, ${T0})`.execute(
          fresh.handle.db,
        );
        expect(await migrateToLatest(fresh.handle)).toEqual(MIGRATIONS.slice(1).map((m) => m.name));
        const found = await listClients(fresh.handle.db, org.id, { q: 'åsa-ref', limit: 5 });
        expect(found.items.map((c) => c.id)).toEqual([id]);
        // And the organisation's name is found in its normalised form (0009).
        expect((await findOrganizationByName(fresh.handle.db, 'old clinic'))?.id).toBe(org.id);
      } finally {
        await fresh.drop();
      }
    });

    it('refuses a database migrated by a newer Stepdown', async () => {
      const fresh = await createTestDatabase(dialect);
      try {
        const future = '9999-from-a-newer-stepdown';
        await sql`insert into stepdown_migrations (name, applied_at) values (${future}, ${T0})`.execute(
          fresh.handle.db,
        );
        expect(await migrationStatus(fresh.handle)).toEqual({
          applied: MIGRATIONS.map((m) => m.name).concat(future),
          pending: [],
          unknown: [future],
        });
        const attempt = migrateToLatest(fresh.handle);
        await expect(attempt).rejects.toBeInstanceOf(DatabaseTooNewError);
        await expect(attempt).rejects.toMatchObject({ unknown: [future] });
      } finally {
        await fresh.drop();
      }
    });
  });
});
