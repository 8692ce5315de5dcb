/**
 * The program and referral repositories on SQLite and PostgreSQL: imports keep what admins set by
 * hand, listing and paging by name, tracks, the cache revision, and referrals scoped by organisation
 * with their status history.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  getProgram,
  getProgramsAtLocation,
  importHash,
  importStates,
  insertImportedPrograms,
  listAllPrograms,
  listPrograms,
  patchProgram,
  programsRevision,
  replaceProgramTracks,
  updateImportedProgram,
} from '../../src/storage/programs.js';
import { insertClient } from '../../src/storage/clients.js';
import { insertOrganization } from '../../src/storage/organizations.js';
import {
  changeReferralStatus,
  getReferral,
  insertReferral,
  listReferralsOfClient,
} from '../../src/storage/referrals.js';
import { insertUser } from '../../src/storage/users.js';
import { DAY_TRACK, EVENING_TRACK, programFixture } from '../fixtures/programs.js';
import { createTestDatabase, type TestDatabase, testDialects } from '../support/databases.js';

const NOW = '2025-03-01T12:00:00.000Z';
const LATER = '2025-04-01T12:00:00.000Z';

function row(program = programFixture()) {
  return { program, facilityKey: `key:${program.name}`, locationId: `location:${program.name}` };
}

describe.each(testDialects())('program storage on %s', (dialect) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
  });
  afterAll(async () => {
    await database.drop();
  });
  const db = () => database.handle.db;

  it('stores imported programs with their tracks and reads them back unchanged', async () => {
    const program = programFixture({ name: 'Stored IOP', tracks: [EVENING_TRACK, DAY_TRACK] });
    await db()
      .transaction()
      .execute((trx) => insertImportedPrograms(trx, [row(program)], NOW));
    const stored = await getProgram(db(), program.id);
    expect(stored?.program).toEqual(program);
    expect(stored?.overridden).toEqual([]);
    expect((await importStates(db(), [program.id, 'missing'])).get(program.id)?.hash).toBe(importHash(program));
    expect(await getProgram(db(), '00000000-0000-4000-8000-000000000000')).toBeUndefined();
  });

  it('an import update keeps the admin’s overrides, tracks and accepting flag', async () => {
    const program = programFixture({ name: 'Kept By Hand', tracks: [] });
    await db()
      .transaction()
      .execute((trx) => insertImportedPrograms(trx, [row(program)], NOW));
    await patchProgram(
      db(),
      program.id,
      {
        overrides: { name: 'Kept By Hand (Evening)', telehealth: true },
        acceptingNewClients: { value: true, confirmedAt: '2025-03-01' },
      },
      NOW,
    );
    await replaceProgramTracks(db(), program.id, [EVENING_TRACK], NOW);

    const newer = programFixture({
      name: 'Kept By Hand',
      tracks: [],
      payment: ['medicaid', 'medicare'],
      provenance: { source: 'stepdown', file: 'newer.json', edition: '2026' },
    });
    const state = (await importStates(db(), [program.id])).get(program.id);
    expect(state?.overrides).toEqual({ name: 'Kept By Hand (Evening)', telehealth: true });
    await updateImportedProgram(db(), row(newer), state?.overrides ?? {}, LATER);

    const stored = (await getProgram(db(), program.id))?.program;
    expect(stored?.payment).toEqual(['medicaid', 'medicare']);
    expect(stored?.provenance.edition).toBe('2026');
    expect(stored?.name).toBe('Kept By Hand (Evening)');
    expect(stored?.telehealth).toBe(true);
    expect(stored?.tracks).toEqual([EVENING_TRACK]);
    expect(stored?.acceptingNewClients).toEqual({ value: true, confirmedAt: '2025-03-01' });
  });

  it('lists by setting and name with a total, and pages with limit and offset', async () => {
    const names = ['Listing C', 'Listing A', 'Listing B'];
    await db()
      .transaction()
      .execute((trx) =>
        insertImportedPrograms(
          trx,
          names.map((name) => row(programFixture({ name, setting: 'withdrawal-management' }))),
          NOW,
        ),
      );
    const first = await listPrograms(db(), { setting: 'withdrawal-management', limit: 2, offset: 0 });
    expect(first.total).toBe(3);
    expect(first.items.map((item) => item.program.name)).toEqual(['Listing A', 'Listing B']);
    const second = await listPrograms(db(), { setting: 'withdrawal-management', limit: 2, offset: 2 });
    expect(second.items.map((item) => item.program.name)).toEqual(['Listing C']);
    const all = await listPrograms(db(), { limit: 100, offset: 0 });
    expect(all.total).toBeGreaterThanOrEqual(5);
  });

  it('lists every program with its tracks for the index, across pages', async () => {
    const many = Array.from({ length: 7 }, (_, i) =>
      programFixture({ name: `Paged ${i}`, setting: 'php', tracks: i % 2 === 0 ? [DAY_TRACK] : [] }),
    );
    await db()
      .transaction()
      .execute((trx) =>
        insertImportedPrograms(
          trx,
          many.map((p) => row(p)),
          NOW,
        ),
      );
    const all = await listAllPrograms(db(), 3);
    for (const program of many) expect(all.find((p) => p.id === program.id)).toEqual(program);
    expect(new Set(all.map((p) => p.id)).size).toBe(all.length);
  });

  it('finds the programs at a location, and the revision changes with every write', async () => {
    const before = await programsRevision(db());
    const residential = programFixture({ name: 'Shared Place', setting: 'residential' });
    const iop = programFixture({ name: 'Shared Place', setting: 'iop' });
    await db()
      .transaction()
      .execute((trx) =>
        insertImportedPrograms(
          trx,
          [residential, iop].map((program) => ({ program, facilityKey: 'shared', locationId: 'location:shared' })),
          LATER,
        ),
      );
    const at = await getProgramsAtLocation(db(), 'location:shared');
    expect(at.map((stored) => stored.program.setting).sort()).toEqual(['iop', 'residential']);
    const middle = await programsRevision(db());
    expect(middle).not.toBe(before);
    await replaceProgramTracks(db(), iop.id, [], '2025-05-01T00:00:00.000Z');
    expect(await programsRevision(db())).not.toBe(middle);
    expect(await replaceProgramTracks(db(), '00000000-0000-4000-8000-000000000000', [], LATER)).toBeUndefined();
    expect(await patchProgram(db(), '00000000-0000-4000-8000-000000000000', {}, LATER)).toBeUndefined();
  });

  it('keeps referrals inside their organisation and records each status change', async () => {
    const org = await insertOrganization(db(), { name: `Referring ${dialect}`, now: NOW });
    const other = await insertOrganization(db(), { name: `Elsewhere ${dialect}`, now: NOW });
    const user = await insertUser(db(), {
      organizationId: org.id,
      email: `referrer.${dialect}@example.org`,
      displayName: 'Referrer',
      role: 'clinician',
      passwordHash: 'x',
      now: NOW,
    });
    const client = await insertClient(db(), {
      organizationId: org.id,
      displayName: 'Referred',
      createdBy: user.id,
      now: NOW,
    });
    const program = programFixture({ name: 'Referral Target' });
    await db()
      .transaction()
      .execute((trx) => insertImportedPrograms(trx, [row(program)], NOW));

    const referral = await insertReferral(db(), {
      organizationId: org.id,
      clientId: client.id,
      programId: program.id,
      createdBy: user.id,
      now: NOW,
    });
    expect(referral.status).toBe('sent');
    expect(await getReferral(db(), other.id, referral.id)).toBeUndefined();
    expect(await listReferralsOfClient(db(), other.id, client.id)).toEqual([]);

    const accepted = await changeReferralStatus(db(), org.id, referral.id, {
      from: 'sent',
      to: 'accepted',
      changedBy: user.id,
      now: LATER,
    });
    expect(accepted?.status).toBe('accepted');
    expect(accepted?.history.map((change) => change.status)).toEqual(['sent', 'accepted']);
    // A change from a status the referral no longer has does nothing.
    expect(
      await changeReferralStatus(db(), org.id, referral.id, {
        from: 'sent',
        to: 'declined',
        changedBy: user.id,
        now: LATER,
      }),
    ).toBeUndefined();
    expect(
      await changeReferralStatus(db(), other.id, referral.id, {
        from: 'accepted',
        to: 'declined',
        changedBy: user.id,
        now: LATER,
      }),
    ).toBeUndefined();
    const listed = await listReferralsOfClient(db(), org.id, client.id);
    expect(listed).toEqual([accepted]);
  });
});
