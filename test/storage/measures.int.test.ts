/**
 * The storage contract of measures and their alerts, on SQLite and PostgreSQL with the same expected
 * results: a measure keeps its answers, scores and alerts exactly; lists are newest first and stay in
 * their organisation; the first total per instrument is the earliest taken; an alert is acknowledged
 * once, and the first note stands; the migration can be run twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  findCheckInLink,
  getMeasureSchedule,
  insertCheckInLink,
  lastTakenOfClient,
  listCheckInLinksOfClient,
  markCheckInLinkUsed,
  saveMeasureSchedule,
} from '../../src/storage/check-ins.js';
import { insertClient } from '../../src/storage/clients.js';
import type { Executor } from '../../src/storage/executor.js';
import {
  acknowledgeMeasureAlert,
  firstTotalsOfClient,
  getMeasure,
  insertMeasure,
  listMeasureAlerts,
  listMeasuresOfClient,
  listMeasuresOfOrganization,
  type NewMeasure,
} from '../../src/storage/measures.js';
import { up as measuresMigration } from '../../src/storage/migrations/0015-measures.js';
import { up as checkInsMigration } from '../../src/storage/migrations/0016-check-ins.js';
import { up as measureLatestMigration } from '../../src/storage/migrations/0017-measure-latest.js';
import { ownerOfResource } from '../../src/storage/audit.js';
import { insertOrganization } from '../../src/storage/organizations.js';
import { insertUser } from '../../src/storage/users.js';
import { createTestDatabase, type TestDatabase, testDialects } from '../support/databases.js';

const T0 = '2026-03-02T09:00:00.000Z';
const at = (days: number): string => new Date(Date.parse(T0) + days * 86_400_000).toISOString();

describe.each(testDialects())('measure storage on %s', (dialect) => {
  let database: TestDatabase;
  let db: Executor;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    db = database.handle.db;
  });
  afterAll(async () => {
    await database.drop();
  });

  async function scenario() {
    const org = await insertOrganization(db, { name: `Org ${Math.random()}`, now: T0 });
    const other = await insertOrganization(db, { name: `Other ${Math.random()}`, now: T0 });
    const user = await insertUser(db, {
      organizationId: org.id,
      email: `c${Math.random()}@example.org`,
      displayName: 'Clinician',
      role: 'clinician',
      passwordHash: 'x',
      now: T0,
    });
    const client = await insertClient(db, { organizationId: org.id, createdBy: user.id, displayName: 'A', now: T0 });
    const measure = (overrides: Partial<NewMeasure> = {}): NewMeasure => ({
      organizationId: org.id,
      clientId: client.id,
      instrumentId: 'phq-9',
      instrumentVersion: '1.0.0',
      answers: [1, 1, 1, 1, 1, 1, 1, 1, 0],
      total: 8,
      severity: 'mild',
      scores: {},
      sex: null,
      takenAt: T0,
      via: 'clinician',
      enteredBy: user.id,
      now: T0,
      alerts: [],
      ...overrides,
    });
    return { org, other, user, client, measure };
  }

  it('keeps a measure exactly, with its alerts', async () => {
    const { org, client, measure } = await scenario();
    const saved = await insertMeasure(
      db,
      measure({
        answers: [0, null, 1],
        total: 1,
        severity: 'positive',
        scores: { use: 2, risk: 10 },
        sex: 'female',
        via: 'check-in',
        enteredBy: null,
        alerts: [{ kind: 'safety', item: 9, linkId: '9', reason: 'same day' }],
      }),
    );
    const read = await getMeasure(db, org.id, saved.id);
    expect(read).toEqual(saved);
    expect(read).toMatchObject({
      clientId: client.id,
      answers: [0, null, 1],
      total: 1,
      scores: { use: 2, risk: 10 },
      sex: 'female',
      via: 'check-in',
      enteredBy: null,
      alerts: [{ kind: 'safety', item: 9, linkId: '9', reason: 'same day', acknowledgedAt: null, note: null }],
    });
    expect(await ownerOfResource(db, 'measure', saved.id)).toEqual({ organizationId: org.id, clientId: client.id });
    expect(await ownerOfResource(db, 'measure-alert', read?.alerts[0]?.id ?? '')).toEqual({
      organizationId: org.id,
      clientId: client.id,
    });
  });

  it('keeps a measure without a total', async () => {
    const { org, measure } = await scenario();
    const saved = await insertMeasure(db, measure({ instrumentId: 'readiness', total: null, severity: null }));
    expect(await getMeasure(db, org.id, saved.id)).toMatchObject({ total: null, severity: null });
  });

  it('lists newest first by when taken, filters by instrument, and stays in its organisation', async () => {
    const { org, other, client, measure } = await scenario();
    const middle = await insertMeasure(db, measure({ takenAt: at(7), now: at(7) }));
    const oldest = await insertMeasure(db, measure({ takenAt: at(0), now: at(8) }));
    const newest = await insertMeasure(db, measure({ instrumentId: 'gad-7', takenAt: at(14), now: at(14) }));
    expect((await listMeasuresOfClient(db, org.id, client.id)).map((m) => m.id)).toEqual([
      newest.id,
      middle.id,
      oldest.id,
    ]);
    expect((await listMeasuresOfClient(db, org.id, client.id, { instrumentId: 'phq-9' })).map((m) => m.id)).toEqual([
      middle.id,
      oldest.id,
    ]);
    expect(await listMeasuresOfClient(db, other.id, client.id)).toEqual([]);
    expect(await getMeasure(db, other.id, newest.id)).toBeUndefined();
    expect((await listMeasuresOfOrganization(db, org.id)).map((m) => m.id)).toEqual([middle.id, oldest.id, newest.id]);
    expect(await listMeasuresOfOrganization(db, other.id)).toEqual([]);
  });

  it('finds the first total of each instrument by when it was taken', async () => {
    const { org, client, measure } = await scenario();
    await insertMeasure(db, measure({ total: 12, takenAt: at(7) }));
    const first = await insertMeasure(db, measure({ total: 15, takenAt: at(0), now: at(9) }));
    await insertMeasure(db, measure({ instrumentId: 'readiness', total: null, severity: null, takenAt: at(-3) }));
    const totals = await firstTotalsOfClient(db, org.id, client.id);
    expect([...totals.keys()]).toEqual(['phq-9']);
    expect(totals.get('phq-9')).toEqual({ measureId: first.id, total: 15, takenAt: at(0) });
  });

  it('acknowledges an alert once; the first note stands; other organisations cannot', async () => {
    const { org, other, user, client, measure } = await scenario();
    await insertMeasure(db, measure({ alerts: [{ kind: 'safety', item: 9, linkId: '9', reason: 'r' }] }));
    const [open] = await listMeasureAlerts(db, org.id);
    if (!open) throw new Error('no open alert');
    expect(open.clientId).toBe(client.id);
    // Listed with its alert, or without alerts for a reader that does not need them.
    const [withAlert] = await listMeasuresOfClient(db, org.id, client.id);
    expect(withAlert?.alerts.map((alert) => alert.id)).toEqual([open.id]);
    const [bare] = await listMeasuresOfClient(db, org.id, client.id, { withAlerts: false });
    expect([bare?.id, bare?.alerts]).toEqual([withAlert?.id, []]);
    expect(await acknowledgeMeasureAlert(db, other.id, open.id, { userId: user.id, note: 'x', now: at(1) })).toBe(
      undefined,
    );
    const first = await acknowledgeMeasureAlert(db, org.id, open.id, {
      userId: user.id,
      note: 'Called, safe',
      now: at(1),
    });
    expect(first).toMatchObject({ already: false, alert: { acknowledgedAt: at(1), note: 'Called, safe' } });
    const second = await acknowledgeMeasureAlert(db, org.id, open.id, { userId: user.id, note: 'Again', now: at(2) });
    expect(second).toMatchObject({ already: true, alert: { acknowledgedAt: at(1), note: 'Called, safe' } });
    expect(await listMeasureAlerts(db, org.id)).toEqual([]);
    expect(await listMeasureAlerts(db, org.id, { open: false, clientId: client.id })).toHaveLength(1);
  });

  it('keeps one schedule per client, replaced on save, and knows when each instrument was last taken', async () => {
    const { org, other, user, client, measure } = await scenario();
    expect(await getMeasureSchedule(db, org.id, client.id)).toBeUndefined();
    await saveMeasureSchedule(db, {
      organizationId: org.id,
      clientId: client.id,
      entries: [{ instrument: 'phq-9', everyDays: 14 }],
      userId: user.id,
      now: at(0),
    });
    const saved = await saveMeasureSchedule(db, {
      organizationId: org.id,
      clientId: client.id,
      entries: [{ instrument: 'gad-7', everyDays: 7 }],
      userId: user.id,
      now: at(1),
    });
    expect(await getMeasureSchedule(db, org.id, client.id)).toEqual(saved);
    expect(await getMeasureSchedule(db, other.id, client.id)).toBeUndefined();
    await insertMeasure(db, measure({ takenAt: at(2) }));
    await insertMeasure(db, measure({ takenAt: at(9) }));
    await insertMeasure(db, measure({ instrumentId: 'gad-7', takenAt: at(3) }));
    expect(Object.fromEntries(await lastTakenOfClient(db, org.id, client.id))).toEqual({
      'phq-9': at(9),
      'gad-7': at(3),
    });
  });

  it('finds a link by its code hash, and lets only one submission use it', async () => {
    const { org, user, client } = await scenario();
    const codeHash = `hash-${Math.random()}`;
    const link = await insertCheckInLink(db, {
      organizationId: org.id,
      clientId: client.id,
      codeHash,
      instruments: ['phq-9', 'readiness'],
      language: 'es',
      createdBy: user.id,
      now: at(0),
      expiresAt: at(3),
    });
    expect(await findCheckInLink(db, `missing-${Math.random()}`)).toBeUndefined();
    expect(await findCheckInLink(db, codeHash)).toEqual(link);
    expect(await markCheckInLinkUsed(db, link.id, { submissionId: 'first', now: at(1) })).toBe(true);
    expect(await markCheckInLinkUsed(db, link.id, { submissionId: 'second', now: at(2) })).toBe(false);
    expect(await listCheckInLinksOfClient(db, org.id, client.id)).toEqual([
      { ...link, usedAt: at(1), submissionId: 'first' },
    ]);
  });

  it('fills when each instrument was last taken from the measures already stored', async () => {
    const { org, client, measure } = await scenario();
    await insertMeasure(db, measure({ takenAt: at(4) }));
    await insertMeasure(db, measure({ takenAt: at(6) }));
    await db.deleteFrom('measure_latest').where('client_id', '=', client.id).execute();
    expect(await lastTakenOfClient(db, org.id, client.id)).toEqual(new Map());
    await measureLatestMigration(db as never);
    expect(Object.fromEntries(await lastTakenOfClient(db, org.id, client.id))).toEqual({ 'phq-9': at(6) });
  });

  it('runs its migrations again without harm', async () => {
    await measuresMigration(db as never);
    await checkInsMigration(db as never);
    await measureLatestMigration(db as never);
    const { org, measure } = await scenario();
    const saved = await insertMeasure(db, measure());
    expect(await getMeasure(db, org.id, saved.id)).toEqual(saved);
  });
});
