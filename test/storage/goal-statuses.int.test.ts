/**
 * Storage contract of goal statuses (migration 0021), on SQLite and PostgreSQL alike: a goal's
 * status is set, replaced (the last one stands, with its note and who set it), read per plan and
 * per client, and stays in its organisation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listGoalStatusesOfClient, listGoalStatusesOfPlan, setGoalStatus } from '../../src/storage/goal-statuses.js';
import { createTestDatabase, type TestDatabase, testDialects } from '../support/databases.js';
import { type SeededOrganization, seedOrganization } from '../support/organization-records.js';

const T0 = '2026-12-07T09:00:00.000Z';
const T1 = '2026-12-08T09:00:00.000Z';

describe.each(testDialects())('goal statuses (0021) on %s', (dialect) => {
  let database: TestDatabase;
  let clinic: SeededOrganization;
  let other: SeededOrganization;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    clinic = await seedOrganization(database.handle);
    other = await seedOrganization(database.handle);
  });
  afterAll(async () => {
    await database.drop();
  });

  it('sets, replaces and reads a goal’s status within its organisation', async () => {
    const db = database.handle.db;
    const base = {
      organizationId: clinic.organizationId,
      clientId: clinic.clientId,
      planId: clinic.planId,
      userId: clinic.userIds[0] ?? '',
    };
    expect(await setGoalStatus(db, { ...base, goalId: 'work', met: true, note: 'Back at work', now: T0 })).toEqual({
      planId: clinic.planId,
      clientId: clinic.clientId,
      goalId: 'work',
      met: true,
      note: 'Back at work',
      updatedBy: base.userId,
      updatedAt: T0,
    });
    await setGoalStatus(db, { ...base, goalId: 'sleep', met: true, note: null, now: T0 });
    await setGoalStatus(db, { ...base, goalId: 'work', met: false, note: null, now: T1 });
    const statuses = await listGoalStatusesOfPlan(db, clinic.organizationId, clinic.planId);
    // goal-1 was set by the seed.
    expect(statuses.map((s) => [s.goalId, s.met, s.note, s.updatedAt])).toEqual([
      ['goal-1', true, 'Met at the review', expect.any(String)],
      ['sleep', true, null, T0],
      ['work', false, null, T1],
    ]);
    expect(await listGoalStatusesOfClient(db, clinic.organizationId, clinic.clientId)).toEqual(statuses);
    expect(await listGoalStatusesOfPlan(db, other.organizationId, clinic.planId)).toEqual([]);
    expect(await listGoalStatusesOfClient(db, other.organizationId, clinic.clientId)).toEqual([]);
  });
});
