/**
 * Storage contract of step signals (migration 0022), on SQLite and PostgreSQL alike: an evaluation
 * raises a signal once (its basis kept as evaluated), a later one that no longer finds it clears it,
 * and one that finds it again raises a new row; a note or a new assessment closes an open signal
 * once (what closed it first stands), a handled signal is not raised again while its rule holds,
 * nothing crosses organisations, and the migration can be run twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAssessmentsOfClient } from '../../src/storage/assessments.js';
import { insertClient } from '../../src/storage/clients.js';
import { up as stepSignalsMigration } from '../../src/storage/migrations/0022-step-signals.js';
import {
  acknowledgeStepSignal,
  listLiveStepSignals,
  listStepSignalsOfClient,
  listStepSignalsRaisedIn,
  markStepSignalsReassessed,
  type RaisedStepSignal,
  syncStepSignals,
} from '../../src/storage/step-signals.js';
import { createTestDatabase, type TestDatabase, testDialects } from '../support/databases.js';
import { type SeededOrganization, seedOrganization } from '../support/organization-records.js';

const T0 = '2026-12-01T09:00:00.000Z';
const at = (days: number): string => new Date(Date.parse(T0) + days * 86_400_000).toISOString();
const RULESET = { id: 'stepdown-signals', version: '1.0.0', hash: 'sha256:abc' };

const returnToUse: RaisedStepSignal = {
  rule: 'step-up.return-to-use',
  kind: 'step-up',
  urgency: 'this-week',
  text: 'Use again after a week without it.',
  basis: [{ fact: 'returnToUse', value: true, meaning: 'use after a recovery check with none' }],
};
const missed: RaisedStepSignal = {
  rule: 'step-up.missed-check-ins',
  kind: 'step-up',
  urgency: 'this-week',
  text: 'Two or more scheduled check-ins missed.',
  basis: [{ fact: 'missedCheckIns', value: 2, meaning: 'scheduled check-ins missed now' }],
};
const stable: RaisedStepSignal = {
  rule: 'step-down.sustained-stability',
  kind: 'step-down',
  urgency: 'next-review',
  text: 'Eight weeks without use.',
  basis: [{ fact: 'stableWeeks', value: 8, meaning: 'weeks in a row' }],
};

describe.each(testDialects())('step signals (0022) on %s', (dialect) => {
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

  const newClient = async (organization: SeededOrganization): Promise<string> =>
    (
      await insertClient(database.handle.db, {
        organizationId: organization.organizationId,
        displayName: 'Signal Client',
        createdBy: organization.userIds[0] ?? '',
        now: T0,
      })
    ).id;
  const sync = (clientId: string, raised: RaisedStepSignal[], now: string, organizationId = clinic.organizationId) =>
    syncStepSignals(database.handle.db, { organizationId, clientId, ruleset: RULESET, raised, now });

  it('raises a signal once with its basis, clears it when its rule stops, and raises it anew when it returns', async () => {
    const clientId = await newClient(clinic);
    const first = await sync(clientId, [returnToUse, stable], at(0));
    expect(first.map((s) => [s.rule, s.kind, s.state, s.raisedAt]).sort()).toEqual([
      ['step-down.sustained-stability', 'step-down', 'open', at(0)],
      ['step-up.return-to-use', 'step-up', 'open', at(0)],
    ]);
    const kept = first.find((s) => s.rule === returnToUse.rule);
    expect(kept?.basis).toEqual(returnToUse.basis);
    expect(kept?.text).toBe(returnToUse.text);
    expect(kept?.ruleset).toEqual(RULESET);

    // The same evaluation again changes nothing: the same rows, the same raised_at.
    const again = await sync(clientId, [returnToUse, stable], at(1));
    expect(again.map((s) => s.id).sort()).toEqual(first.map((s) => s.id).sort());
    expect(again.every((s) => s.raisedAt === at(0))).toBe(true);

    // The stability signal stops: cleared, not acted on.
    await sync(clientId, [returnToUse], at(2));
    const all = await listStepSignalsOfClient(database.handle.db, clinic.organizationId, clientId);
    const cleared = all.find((s) => s.rule === stable.rule);
    expect([cleared?.state, cleared?.clearedAt, cleared?.acknowledgedAt, cleared?.reassessedAt]).toEqual([
      'cleared',
      at(2),
      null,
      null,
    ]);
    // It returns: a new row, raised then.
    const back = await sync(clientId, [returnToUse, stable], at(3));
    const reraised = back.find((s) => s.rule === stable.rule);
    expect(reraised?.id).not.toBe(cleared?.id);
    expect(reraised?.raisedAt).toBe(at(3));
    expect((await listStepSignalsOfClient(database.handle.db, clinic.organizationId, clientId)).length).toBe(3);
  });

  it('closes an open signal with a note once; a handled signal is not raised again while its rule holds', async () => {
    const db = database.handle.db;
    const clientId = await newClient(clinic);
    const [raised] = await sync(clientId, [missed], at(0));
    if (!raised) throw new Error('no signal raised');
    const userId = clinic.userIds[0] ?? '';
    const done = await acknowledgeStepSignal(db, clinic.organizationId, raised.id, {
      userId,
      note: 'Called; back on Monday.',
      now: at(1),
    });
    expect(done?.already).toBe(false);
    expect([done?.signal.state, done?.signal.acknowledgedAt, done?.signal.acknowledgedBy, done?.signal.note]).toEqual([
      'acted-on',
      at(1),
      userId,
      'Called; back on Monday.',
    ]);
    const second = await acknowledgeStepSignal(db, clinic.organizationId, raised.id, {
      userId,
      note: 'A second note',
      now: at(2),
    });
    expect(second?.already).toBe(true);
    expect(second?.signal.note).toBe('Called; back on Monday.');
    // Another organisation cannot see or close it.
    expect(await acknowledgeStepSignal(db, other.organizationId, raised.id, { userId, note: 'x', now: at(2) })).toBe(
      undefined,
    );
    // Still missing check-ins: the handled row stays live; nothing new is raised.
    const live = await sync(clientId, [missed], at(3));
    expect(live.map((s) => [s.id, s.state])).toEqual([[raised.id, 'acted-on']]);
    // The rule stops: the handled row is cleared too, and stays acted on.
    await sync(clientId, [], at(4));
    const [closed] = await listStepSignalsOfClient(db, clinic.organizationId, clientId);
    expect([closed?.state, closed?.clearedAt]).toEqual(['acted-on', at(4)]);
    expect(await listLiveStepSignals(db, clinic.organizationId, clientId)).toEqual([]);
    // A cleared signal cannot be acted on.
    const [reraised] = await sync(clientId, [missed], at(5));
    await sync(clientId, [], at(6));
    const late = await acknowledgeStepSignal(db, clinic.organizationId, reraised?.id ?? '', {
      userId,
      note: 'Too late',
      now: at(7),
    });
    expect([late?.already, late?.signal.state, late?.signal.note]).toEqual([true, 'cleared', null]);
  });

  it('marks the client’s open signals reassessed by a new assessment, and only theirs', async () => {
    const db = database.handle.db;
    // The seeded client has an assessment (and a signal acted on, which stays so).
    const clientId = clinic.clientId;
    const [assessment] = await listAssessmentsOfClient(db, clinic.organizationId, clientId);
    if (!assessment) throw new Error('the seed has no assessment');
    await sync(clientId, [returnToUse], at(10));
    const otherClient = await newClient(other);
    await sync(otherClient, [returnToUse], at(10), other.organizationId);
    expect(
      await markStepSignalsReassessed(db, clinic.organizationId, clientId, {
        assessmentId: assessment.assessmentId,
        now: at(11),
      }),
    ).toBe(1);
    const reassessed = (await listLiveStepSignals(db, clinic.organizationId, clientId)).find(
      (s) => s.rule === returnToUse.rule,
    );
    expect([reassessed?.state, reassessed?.reassessedAt, reassessed?.reassessmentId]).toEqual([
      'reassessed',
      at(11),
      assessment.assessmentId,
    ]);
    // Once: a second assessment changes nothing, and a note is refused.
    expect(
      await markStepSignalsReassessed(db, clinic.organizationId, clientId, {
        assessmentId: assessment.assessmentId,
        now: at(12),
      }),
    ).toBe(0);
    const refused = await acknowledgeStepSignal(db, clinic.organizationId, reassessed?.id ?? '', {
      userId: clinic.userIds[0] ?? '',
      note: 'x',
      now: at(12),
    });
    expect(refused?.already).toBe(true);
    // The other organisation's signal is still open.
    const [theirs] = await listLiveStepSignals(db, other.organizationId, otherClient);
    expect(theirs?.state).toBe('open');
    expect(await listLiveStepSignals(db, other.organizationId, clientId)).toEqual([]);
  });

  it('lists what was raised in a window for the outcomes, with when each was acted on', async () => {
    const rows = await listStepSignalsRaisedIn(database.handle.db, clinic.organizationId, { from: at(10), to: at(11) });
    expect(rows).toEqual([
      { clientId: clinic.clientId, kind: 'step-up', raisedAt: at(10), actedOnAt: at(11), clearedAt: null },
    ]);
  });

  it('keeps one live row per client and rule even when two evaluations race, and migrates twice', async () => {
    const db = database.handle.db;
    const clientId = await newClient(other);
    await Promise.all([
      sync(clientId, [missed], at(20), other.organizationId),
      sync(clientId, [missed], at(20), other.organizationId),
    ]);
    const live = await listLiveStepSignals(db, other.organizationId, clientId);
    expect(live.filter((s) => s.rule === missed.rule)).toHaveLength(1);
    await stepSignalsMigration(database.handle.db as never);
    expect((await listLiveStepSignals(db, other.organizationId, clientId)).length).toBe(live.length);
  });
});
