/**
 * Storage contract for migration 0014, on SQLite and PostgreSQL alike: the organisation's time zone,
 * a client's date of birth, search without accents or case, possible duplicates, and a note and a
 * day on each referral status change, with the repeated-referral lookup.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemTimeZone } from '../../src/core/time-zone.js';
import {
  findPossibleDuplicates,
  getClient,
  insertClient,
  listClients,
  updateClient,
} from '../../src/storage/clients.js';
import { migrateToLatest } from '../../src/storage/migrate.js';
import { MIGRATIONS } from '../../src/storage/migrations/index.js';
import { getOrganization, insertOrganization, updateOrganization } from '../../src/storage/organizations.js';
import { insertImportedPrograms } from '../../src/storage/programs.js';
import type { Organization, User } from '../../src/storage/records.js';
import { changeReferralStatus, findRecentReferral, getReferral, insertReferral } from '../../src/storage/referrals.js';
import { insertUser } from '../../src/storage/users.js';
import { programFixture } from '../fixtures/programs.js';
import { createTestDatabase, type TestDatabase, testDialects } from '../support/databases.js';

const T0 = '2026-12-06T19:09:00.000Z';

describe.each(testDialects())('who and when (0014) on %s', (dialect) => {
  let database: TestDatabase;
  const db = () => database.handle.db;
  let org: Organization;
  let user: User;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    org = await insertOrganization(db(), { name: `Clinic ${randomUUID()}`, now: T0 });
    user = await insertUser(db(), {
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

  it("keeps an organisation's time zone, and gives the server's until one is set", async () => {
    expect(org.timeZone).toBe(systemTimeZone());
    expect((await updateOrganization(db(), org.id, { timeZone: 'America/New_York' }))?.timeZone).toBe(
      'America/New_York',
    );
    expect((await getOrganization(db(), org.id))?.timeZone).toBe('America/New_York');
    const other = await insertOrganization(db(), { name: `Clinic ${randomUUID()}`, timeZone: 'Asia/Kolkata', now: T0 });
    expect((await getOrganization(db(), other.id))?.timeZone).toBe('Asia/Kolkata');
  });

  it('keeps a date of birth, changes and clears it', async () => {
    const client = await insertClient(db(), {
      organizationId: org.id,
      displayName: 'Birth Date',
      birthDate: '1990-04-02',
      createdBy: user.id,
      now: T0,
    });
    expect((await getClient(db(), org.id, client.id))?.birthDate).toBe('1990-04-02');
    expect((await updateClient(db(), org.id, client.id, { birthDate: '1991-05-03' }, T0))?.birthDate).toBe(
      '1991-05-03',
    );
    expect((await updateClient(db(), org.id, client.id, { birthDate: null }, T0))?.birthDate).toBeNull();
  });

  it('finds names and record numbers without regard to accents or case', async () => {
    const davila = await insertClient(db(), {
      organizationId: org.id,
      displayName: 'María Dávila',
      externalRef: 'ÅSA-77',
      createdBy: user.id,
      now: T0,
    });
    const zoe = await insertClient(db(), {
      organizationId: org.id,
      displayName: 'Zoë Ångström',
      createdBy: user.id,
      now: T0,
    });
    const ids = async (q: string) => (await listClients(db(), org.id, { q, limit: 10 })).items.map((c) => c.id);
    expect(await ids('davila')).toEqual([davila.id]);
    expect(await ids('DÁVILA')).toEqual([davila.id]);
    expect(await ids('maria d')).toEqual([davila.id]);
    expect(await ids('asa-77')).toEqual([davila.id]);
    expect(await ids('angstrom')).toEqual([zoe.id]);
    // A renamed client is found by the new name, folded the same way.
    await updateClient(db(), org.id, zoe.id, { displayName: 'Zoé Núñez' }, T0);
    expect(await ids('nunez')).toEqual([zoe.id]);
  });

  it('names possible duplicates: same name and date of birth, or same record number', async () => {
    const first = await insertClient(db(), {
      organizationId: org.id,
      displayName: 'Ana Muñoz',
      birthDate: '1985-01-09',
      externalRef: 'MRN-5501',
      createdBy: user.id,
      now: T0,
    });
    const found = async (candidate: Parameters<typeof findPossibleDuplicates>[2]) =>
      (await findPossibleDuplicates(db(), org.id, candidate)).map((c) => c.id);
    expect(await found({ displayName: 'ana munoz', birthDate: '1985-01-09' })).toEqual([first.id]);
    expect(await found({ displayName: 'Someone Else', externalRef: 'mrn-5501' })).toEqual([first.id]);
    expect(await found({ displayName: 'Ana Muñoz', birthDate: '1985-01-10' })).toEqual([]);
    // The name alone is not enough to warn: many people share one.
    expect(await found({ displayName: 'Ana Muñoz' })).toEqual([]);
  });

  it('keeps a note and a day on each referral status change, and finds a repeated referral', async () => {
    const client = await insertClient(db(), {
      organizationId: org.id,
      displayName: 'Ref Client',
      createdBy: user.id,
      now: T0,
    });
    const program = programFixture({ name: `Program ${randomUUID()}` });
    await db()
      .transaction()
      .execute((trx) =>
        insertImportedPrograms(
          trx,
          [{ program, facilityKey: `key:${program.id}`, locationId: `loc:${program.id}` }],
          T0,
        ),
      );
    const referral = await insertReferral(db(), {
      organizationId: org.id,
      clientId: client.id,
      programId: program.id,
      createdBy: user.id,
      now: T0,
      details: { note: 'Faxed the referral form', effectiveOn: '2026-12-06' },
    });
    await changeReferralStatus(db(), org.id, referral.id, {
      from: 'sent',
      to: 'accepted',
      changedBy: user.id,
      now: '2026-12-08T15:00:00.000Z',
      note: 'Intake booked for Tuesday',
      effectiveOn: '2026-12-07',
    });
    const stored = await getReferral(db(), org.id, referral.id);
    expect(stored?.history.map(({ status, note, effectiveOn }) => ({ status, note, effectiveOn }))).toEqual([
      { status: 'sent', note: 'Faxed the referral form', effectiveOn: '2026-12-06' },
      { status: 'accepted', note: 'Intake booked for Tuesday', effectiveOn: '2026-12-07' },
    ]);
    const lookup = { organizationId: org.id, clientId: client.id, programId: program.id, createdBy: user.id };
    expect((await findRecentReferral(db(), { ...lookup, since: '2026-12-06T19:08:00.000Z' }))?.id).toBe(referral.id);
    expect(await findRecentReferral(db(), { ...lookup, since: '2026-12-06T19:10:00.000Z' })).toBeUndefined();
    expect(await findRecentReferral(db(), { ...lookup, createdBy: randomUUID(), since: T0 })).toBeUndefined();
  });

  it('refolds the search keys of clients stored before 0014', async () => {
    const fresh = await createTestDatabase(dialect, { migrate: false });
    try {
      const before = MIGRATIONS.filter((m) => m.name < '0014');
      await migrateToLatest(fresh.handle, before);
      // Rows as they were before 0014 (no time zone, no date of birth), written by hand.
      const old = { id: randomUUID() };
      await sql`insert into organizations (id, name, created_at) values (${old.id}, ${'Old Clinic'}, ${T0})`.execute(
        fresh.handle.db,
      );
      const userId = randomUUID();
      await sql`insert into users (id, organization_id, email, display_name, role, password_hash, failed_sign_ins, disabled, created_at, updated_at)
        values (${userId}, ${old.id}, ${'old@example.org'}, ${'Old'}, ${'clinician'}, ${'x'}, ${0}, ${0}, ${T0}, ${T0})`.execute(
        fresh.handle.db,
      );
      const id = randomUUID();
      await sql`insert into clients (id, organization_id, display_name, search_name, external_ref, search_ref, preferred_language, created_by, created_at, updated_at)
        values (${id}, ${old.id}, ${'José Dávila'}, ${'josé dávila'}, ${'ÑU-1'}, ${'ñu-1'}, ${'en'}, ${userId}, ${T0}, ${T0})`.execute(
        fresh.handle.db,
      );
      await migrateToLatest(fresh.handle);
      expect(
        (await listClients(fresh.handle.db, old.id, { q: 'jose davila', limit: 5 })).items.map((c) => c.id),
      ).toEqual([id]);
      expect((await listClients(fresh.handle.db, old.id, { q: 'nu-1', limit: 5 })).items.map((c) => c.id)).toEqual([
        id,
      ]);
    } finally {
      await fresh.drop();
    }
  });
});
