/**
 * The storage contract of plans, share codes, acknowledgements, consents and the organisation's
 * contact details: every repository function, on SQLite and PostgreSQL, with the same expected
 * results. Each test makes its own organisations, so one migrated database per engine serves all.
 */
import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAssessmentVersion, getCurrentAssessmentOfClient, insertAssessment } from '../../src/storage/assessments.js';
import { insertClient } from '../../src/storage/clients.js';
import * as planFinalDates from '../../src/storage/migrations/0023-plan-final-dates.js';
import {
  findConsentByCodeHash,
  getConsent,
  insertConsent,
  listConsentsOfClient,
  type NewConsentRecord,
  revokeConsent,
} from '../../src/storage/consents.js';
import type { Executor } from '../../src/storage/executor.js';
import { getOrganization, insertOrganization, updateOrganization } from '../../src/storage/organizations.js';
import {
  findShareCode,
  insertAcknowledgement,
  insertShareCode,
  listAcknowledgements,
  revokeShareCodes,
} from '../../src/storage/plan-shares.js';
import {
  addPlanVersion,
  finalizePlanVersion,
  getLatestFinalVersion,
  getPlanVersion,
  insertPlan,
  listPlansOfClient,
  listPlanVersionSummaries,
  PlanAlreadyFinalError,
  PlanVersionConflictError,
} from '../../src/storage/plans.js';
import type { Client, Organization, User } from '../../src/storage/records.js';
import { insertUser } from '../../src/storage/users.js';
import { createTestDatabase, type TestDatabase, testDialects } from '../support/databases.js';

const T0 = '2026-03-02T09:00:00.000Z';
const at = (minutes: number): string => new Date(Date.parse(T0) + minutes * 60_000).toISOString();
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe.each(testDialects())('plan and consent storage on %s', (dialect) => {
  let database: TestDatabase;
  let db: Executor;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    db = database.handle.db;
  });
  afterAll(async () => {
    await database.drop();
  });

  /** An organisation with a clinician, a client with an assessment, and another organisation. */
  async function scenario(): Promise<{
    org: Organization;
    other: Organization;
    user: User;
    client: Client;
    assessmentId: string;
  }> {
    const org = await insertOrganization(db, { name: `Clinic ${randomUUID()}`, now: T0 });
    const other = await insertOrganization(db, { name: `Other ${randomUUID()}`, now: T0 });
    const user = await insertUser(db, {
      organizationId: org.id,
      email: `${randomUUID()}@example.org`,
      displayName: 'Clinician',
      role: 'clinician',
      passwordHash: 'not-a-real-hash',
      now: T0,
    });
    const client = await insertClient(db, {
      organizationId: org.id,
      displayName: 'Client',
      createdBy: user.id,
      now: T0,
    });
    const assessment = await insertAssessment(
      db,
      { organizationId: org.id, clientId: client.id },
      {
        document: { schema: 'stepdown/assessment@1' },
        recommendation: { schema: 'stepdown/recommendation@1' },
        ruleset: { id: 'stepdown-default', version: '1.0.0', hash: 'sha256:abc' },
        createdBy: user.id,
        now: T0,
      },
    );
    return { org, other, user, client, assessmentId: assessment.assessmentId };
  }

  async function aPlan(s: Awaited<ReturnType<typeof scenario>>, document: unknown = { step: 1 }) {
    return insertPlan(db, {
      organizationId: s.org.id,
      clientId: s.client.id,
      assessmentId: s.assessmentId,
      assessmentVersion: 1,
      document,
      createdBy: s.user.id,
      now: T0,
    });
  }

  describe('plans', () => {
    it('stores the first version as a draft and reads it only within the organisation', async () => {
      const s = await scenario();
      const plan = await aPlan(s, { text: 'ünïcode “quotes” kept' });
      expect(plan.planId).toMatch(UUID);
      expect(plan).toEqual({
        planId: plan.planId,
        organizationId: s.org.id,
        clientId: s.client.id,
        assessmentId: s.assessmentId,
        assessmentVersion: 1,
        version: 1,
        currentVersion: 1,
        latestFinalVersion: null,
        status: 'draft',
        amends: null,
        document: { text: 'ünïcode “quotes” kept' },
        createdBy: s.user.id,
        createdAt: T0,
        finalizedBy: null,
        finalizedAt: null,
        attestation: null,
        confirmedNewerAssessment: null,
      });
      expect(await getPlanVersion(db, s.org.id, plan.planId)).toEqual(plan);
      expect(await getPlanVersion(db, s.org.id, plan.planId, 1)).toEqual(plan);
      expect(await getPlanVersion(db, s.org.id, plan.planId, 2)).toBeUndefined();
      expect(await getPlanVersion(db, s.other.id, plan.planId)).toBeUndefined();
      expect(await getPlanVersion(db, s.org.id, randomUUID())).toBeUndefined();
      expect(await getLatestFinalVersion(db, s.org.id, plan.planId)).toBeUndefined();
    });

    it('adds versions only on top of the version the editor saw', async () => {
      const s = await scenario();
      const plan = await aPlan(s);
      const second = await addPlanVersion(db, s.org.id, plan.planId, {
        document: { step: 2 },
        expectedVersion: 1,
        createdBy: s.user.id,
        now: at(1),
      });
      expect(second).toMatchObject({
        version: 2,
        currentVersion: 2,
        status: 'draft',
        amends: null,
        document: { step: 2 },
      });
      const stale = addPlanVersion(db, s.org.id, plan.planId, {
        document: { step: 'lost' },
        expectedVersion: 1,
        createdBy: s.user.id,
        now: at(2),
      });
      await expect(stale).rejects.toBeInstanceOf(PlanVersionConflictError);
      await expect(stale).rejects.toMatchObject({ currentVersion: 2 });
      expect(
        await addPlanVersion(db, s.other.id, plan.planId, {
          document: {},
          expectedVersion: 2,
          createdBy: s.user.id,
          now: at(2),
        }),
      ).toBeUndefined();
      expect((await getPlanVersion(db, s.org.id, plan.planId, 1))?.document).toEqual({ step: 1 });
      expect((await getPlanVersion(db, s.org.id, plan.planId))?.document).toEqual({ step: 2 });
    });

    it('lets exactly one of two saves of the same version win', async () => {
      const s = await scenario();
      const plan = await aPlan(s);
      const save = (step: string) =>
        db.transaction().execute((trx) =>
          addPlanVersion(trx, s.org.id, plan.planId, {
            document: { step },
            expectedVersion: 1,
            createdBy: s.user.id,
            now: at(1),
          }),
        );
      const results = await Promise.allSettled([save('a'), save('b')]);
      expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
      const rejected = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
      expect(rejected?.reason).toBeInstanceOf(PlanVersionConflictError);
      expect((await listPlanVersionSummaries(db, s.org.id, plan.planId)).map((v) => v.version)).toEqual([1, 2]);
    });

    it('finalises the current draft once, and an edit after it is a new draft that amends it', async () => {
      const s = await scenario();
      const plan = await aPlan(s);
      const attestation = 'I attest.';
      await expect(
        finalizePlanVersion(db, s.org.id, plan.planId, { version: 2, finalizedBy: s.user.id, attestation, now: at(1) }),
      ).rejects.toBeInstanceOf(PlanVersionConflictError);
      const final = await finalizePlanVersion(db, s.org.id, plan.planId, {
        version: 1,
        finalizedBy: s.user.id,
        attestation,
        now: at(1),
      });
      expect(final).toMatchObject({
        version: 1,
        status: 'final',
        finalizedBy: s.user.id,
        finalizedAt: at(1),
        attestation,
        latestFinalVersion: 1,
        confirmedNewerAssessment: null,
      });
      await expect(
        finalizePlanVersion(db, s.org.id, plan.planId, { version: 1, finalizedBy: s.user.id, attestation, now: at(2) }),
      ).rejects.toBeInstanceOf(PlanAlreadyFinalError);
      expect(
        await finalizePlanVersion(db, s.other.id, plan.planId, {
          version: 1,
          finalizedBy: s.user.id,
          attestation,
          now: at(2),
        }),
      ).toBeUndefined();

      const amendment = await addPlanVersion(db, s.org.id, plan.planId, {
        document: { step: 'amended' },
        expectedVersion: 1,
        createdBy: s.user.id,
        now: at(3),
      });
      expect(amendment).toMatchObject({ version: 2, status: 'draft', amends: 1, latestFinalVersion: 1 });
      const again = await addPlanVersion(db, s.org.id, plan.planId, {
        document: { step: 'amended again' },
        expectedVersion: 2,
        createdBy: s.user.id,
        now: at(4),
      });
      expect(again).toMatchObject({ version: 3, amends: 1 });
      expect((await getLatestFinalVersion(db, s.org.id, plan.planId))?.document).toEqual({ step: 1 });
      expect(await listPlanVersionSummaries(db, s.org.id, plan.planId)).toEqual([
        { version: 1, status: 'final', createdAt: T0, finalizedAt: at(1) },
        { version: 2, status: 'draft', createdAt: at(3), finalizedAt: null },
        { version: 3, status: 'draft', createdAt: at(4), finalizedAt: null },
      ]);
      expect(await listPlanVersionSummaries(db, s.other.id, plan.planId)).toEqual([]);
    });

    it("keeps the latest finalised version's reassessment and discharge dates on the plan, and fills them for older plans", async () => {
      const s = await scenario();
      const dates = async (planId: string) =>
        db
          .selectFrom('plans')
          .select(['final_reassess_by', 'final_discharge_date'])
          .where('id', '=', planId)
          .executeTakeFirstOrThrow();
      const plan = await aPlan(s, { reassessBy: '2026-04-01', dischargeDate: '2026-03-05' });
      // A draft's dates are not the plan's: nothing is final yet.
      expect(await dates(plan.planId)).toEqual({ final_reassess_by: null, final_discharge_date: null });
      await finalizePlanVersion(db, s.org.id, plan.planId, {
        version: 1,
        finalizedBy: s.user.id,
        attestation: 'I attest.',
        now: at(1),
      });
      expect(await dates(plan.planId)).toEqual({ final_reassess_by: '2026-04-01', final_discharge_date: '2026-03-05' });
      // An amendment's draft leaves them; finalising it moves them.
      await addPlanVersion(db, s.org.id, plan.planId, {
        document: { reassessBy: '2026-05-01', dischargeDate: '2026-03-05' },
        expectedVersion: 1,
        createdBy: s.user.id,
        now: at(2),
      });
      expect(await dates(plan.planId)).toEqual({ final_reassess_by: '2026-04-01', final_discharge_date: '2026-03-05' });
      await finalizePlanVersion(db, s.org.id, plan.planId, {
        version: 2,
        finalizedBy: s.user.id,
        attestation: 'I attest.',
        now: at(3),
      });
      expect(await dates(plan.planId)).toEqual({ final_reassess_by: '2026-05-01', final_discharge_date: '2026-03-05' });

      // A plan finalised before migration 0023 has no dates kept; running it fills them from the
      // latest final version (not the draft after it), and anything not text is no date.
      const odd = await aPlan(s, { reassessBy: 20260401, dischargeDate: '2026-03-09' });
      await finalizePlanVersion(db, s.org.id, odd.planId, {
        version: 1,
        finalizedBy: s.user.id,
        attestation: 'I attest.',
        now: at(4),
      });
      await addPlanVersion(db, s.org.id, plan.planId, {
        document: { reassessBy: '2027-01-01', dischargeDate: '2026-12-01' },
        expectedVersion: 2,
        createdBy: s.user.id,
        now: at(5),
      });
      await sql`update plans set final_reassess_by = null, final_discharge_date = null where id in (${plan.planId}, ${odd.planId})`.execute(
        db,
      );
      await planFinalDates.up(database.handle.db as unknown as Kysely<unknown>, dialect);
      expect(await dates(plan.planId)).toEqual({ final_reassess_by: '2026-05-01', final_discharge_date: '2026-03-05' });
      expect(await dates(odd.planId)).toEqual({ final_reassess_by: null, final_discharge_date: '2026-03-09' });
    });

    it('keeps the newer assessment a version was finalised over, and nothing changes it after', async () => {
      const s = await scenario();
      const plan = await aPlan(s);
      const newer = { id: s.assessmentId, version: 2 };
      const final = await finalizePlanVersion(db, s.org.id, plan.planId, {
        version: 1,
        finalizedBy: s.user.id,
        attestation: 'I attest.',
        now: at(1),
        confirmedNewerAssessment: newer,
      });
      expect(final?.confirmedNewerAssessment).toEqual(newer);
      expect((await getPlanVersion(db, s.org.id, plan.planId, 1))?.confirmedNewerAssessment).toEqual(newer);
      expect((await listPlansOfClient(db, s.org.id, s.client.id))[0]?.confirmedNewerAssessment).toEqual(newer);
      await expect(
        sql`update plan_versions set confirmed_newer_assessment_version = 3 where plan_id = ${plan.planId}`.execute(db),
      ).rejects.toThrow(/can only be finalised, once/);
      // An amendment starts without one; finalising it without one keeps it null.
      const amendment = await addPlanVersion(db, s.org.id, plan.planId, {
        document: { step: 2 },
        expectedVersion: 1,
        createdBy: s.user.id,
        now: at(2),
      });
      expect(amendment?.confirmedNewerAssessment).toBeNull();
      const second = await finalizePlanVersion(db, s.org.id, plan.planId, {
        version: 2,
        finalizedBy: s.user.id,
        attestation: 'I attest.',
        now: at(3),
      });
      expect(second?.confirmedNewerAssessment).toBeNull();
    });

    it("reads a client's current assessment: the current version of the newest one, within the organisation", async () => {
      const s = await scenario();
      const first = await getCurrentAssessmentOfClient(db, s.org.id, s.client.id);
      expect(first).toMatchObject({ assessmentId: s.assessmentId, version: 1, clientId: s.client.id });
      const saved = {
        document: { schema: 'stepdown/assessment@1', revised: true },
        recommendation: { schema: 'stepdown/recommendation@1', primary: 'php' },
        ruleset: { id: 'stepdown-default', version: '1.0.0', hash: 'sha256:abc' },
        createdBy: s.user.id,
      };
      await addAssessmentVersion(db, s.org.id, s.assessmentId, { ...saved, now: at(1) });
      expect(await getCurrentAssessmentOfClient(db, s.org.id, s.client.id)).toMatchObject({
        assessmentId: s.assessmentId,
        version: 2,
        recommendation: saved.recommendation,
        createdAt: at(1),
      });
      const another = await insertAssessment(
        db,
        { organizationId: s.org.id, clientId: s.client.id },
        { ...saved, now: at(2) },
      );
      expect((await getCurrentAssessmentOfClient(db, s.org.id, s.client.id))?.assessmentId).toBe(another.assessmentId);
      expect(await getCurrentAssessmentOfClient(db, s.other.id, s.client.id)).toBeUndefined();
      const none = await insertClient(db, {
        organizationId: s.org.id,
        displayName: 'New',
        createdBy: s.user.id,
        now: T0,
      });
      expect(await getCurrentAssessmentOfClient(db, s.org.id, none.id)).toBeUndefined();
    });

    it('refuses to change a finalised version or delete any version, even by raw SQL', async () => {
      const s = await scenario();
      const plan = await aPlan(s);
      await finalizePlanVersion(db, s.org.id, plan.planId, {
        version: 1,
        finalizedBy: s.user.id,
        attestation: 'I attest.',
        now: at(1),
      });
      await expect(
        sql`update plan_versions set document = ${'{"changed":true}'} where plan_id = ${plan.planId}`.execute(db),
      ).rejects.toThrow(/can only be finalised, once/);
      await expect(
        sql`update plan_versions set status = 'draft' where plan_id = ${plan.planId}`.execute(db),
      ).rejects.toThrow(/can only be finalised, once/);
      await expect(sql`delete from plan_versions where plan_id = ${plan.planId}`.execute(db)).rejects.toThrow(
        /never deleted/,
      );
      const draft = await addPlanVersion(db, s.org.id, plan.planId, {
        document: { step: 2 },
        expectedVersion: 1,
        createdBy: s.user.id,
        now: at(2),
      });
      // A draft is not edited in place either: a save is a new version.
      await expect(
        sql`update plan_versions set document = ${'{}'} where plan_id = ${plan.planId} and version = ${draft?.version ?? 0}`.execute(
          db,
        ),
      ).rejects.toThrow(/can only be finalised, once/);
      expect((await getPlanVersion(db, s.org.id, plan.planId, 1))?.document).toEqual({ step: 1 });
    });

    it('lists the current version of each plan of a client, newest first, within the organisation', async () => {
      const s = await scenario();
      const older = await aPlan(s, { n: 'older' });
      const newer = await insertPlan(db, {
        organizationId: s.org.id,
        clientId: s.client.id,
        assessmentId: s.assessmentId,
        assessmentVersion: 1,
        document: { n: 'newer' },
        createdBy: s.user.id,
        now: at(5),
      });
      await addPlanVersion(db, s.org.id, older.planId, {
        document: { n: 'older, v2' },
        expectedVersion: 1,
        createdBy: s.user.id,
        now: at(6),
      });
      const listed = await listPlansOfClient(db, s.org.id, s.client.id);
      expect(listed.map((plan) => [plan.planId, plan.version, plan.document])).toEqual([
        [newer.planId, 1, { n: 'newer' }],
        [older.planId, 2, { n: 'older, v2' }],
      ]);
      expect(listed[1]).toMatchObject({ createdAt: at(6), createdBy: s.user.id, currentVersion: 2 });
      expect(await listPlansOfClient(db, s.other.id, s.client.id)).toEqual([]);
    });
  });

  describe('share codes and acknowledgements', () => {
    it('finds a code only by its hash, revokes every active code of a plan, and keeps hashes unique', async () => {
      const s = await scenario();
      const plan = await aPlan(s);
      const make = (codeHash: string, now: string) =>
        insertShareCode(db, {
          organizationId: s.org.id,
          planId: plan.planId,
          clientId: s.client.id,
          codeHash,
          createdBy: s.user.id,
          now,
        });
      const first = await make(`hash-${randomUUID()}`, T0);
      const second = await make(`hash-${randomUUID()}`, at(1));
      expect(await findShareCode(db, 'no such hash')).toBeUndefined();
      const found = await findShareCode(
        db,
        (
          await db
            .selectFrom('plan_share_codes')
            .select('code_hash')
            .where('id', '=', first.id)
            .executeTakeFirstOrThrow()
        ).code_hash,
      );
      expect(found).toEqual(first);
      expect(await revokeShareCodes(db, s.other.id, plan.planId, { revokedBy: s.user.id, now: at(2) })).toBe(0);
      expect(await revokeShareCodes(db, s.org.id, plan.planId, { revokedBy: s.user.id, now: at(2) })).toBe(2);
      expect(await revokeShareCodes(db, s.org.id, plan.planId, { revokedBy: s.user.id, now: at(3) })).toBe(0);
      const rows = await db.selectFrom('plan_share_codes').selectAll().where('plan_id', '=', plan.planId).execute();
      expect(rows.map((row) => [row.id, row.revoked_at, row.revoked_by]).sort()).toEqual(
        [
          [first.id, at(2), s.user.id],
          [second.id, at(2), s.user.id],
        ].sort(),
      );
      const duplicate = rows[0]?.code_hash ?? '';
      await expect(make(duplicate, at(4))).rejects.toThrow();
    });

    it('records acknowledgements and lists them oldest first within the organisation', async () => {
      const s = await scenario();
      const plan = await aPlan(s);
      const base = {
        organizationId: s.org.id,
        planId: plan.planId,
        planVersion: 1,
        clientId: s.client.id,
      };
      const later = await insertAcknowledgement(db, {
        ...base,
        via: 'share',
        recordedBy: null,
        language: 'es',
        now: at(5),
      });
      const earlier = await insertAcknowledgement(db, {
        ...base,
        via: 'clinician',
        recordedBy: s.user.id,
        language: 'en',
        now: at(1),
      });
      expect(await listAcknowledgements(db, s.org.id, plan.planId)).toEqual([earlier, later]);
      expect(later).toMatchObject({ via: 'share', recordedBy: null, language: 'es', acknowledgedAt: at(5) });
      expect(await listAcknowledgements(db, s.other.id, plan.planId)).toEqual([]);
    });
  });

  describe('consents', () => {
    function aConsent(
      s: Awaited<ReturnType<typeof scenario>>,
      planId: string,
      overrides: Partial<NewConsentRecord> = {},
    ) {
      return insertConsent(db, {
        organizationId: s.org.id,
        clientId: s.client.id,
        planId,
        scope: 'plan-summary',
        consentType: 'specific',
        patientName: 'Jordan Rivera',
        discloser: 'Demo Recovery Center',
        information: 'Finalised discharge plan summary',
        recipientName: 'Sam Rivera',
        recipientRelationship: 'brother',
        purpose: 'To help me in my recovery',
        expiresAt: '2026-06-02T00:00:00.000Z',
        revocationNotice: 'You can take this back in writing.',
        signature: 'Jordan Rivera',
        signedBy: 'patient',
        representativeAuthority: null,
        signedAt: '2026-03-02',
        createdBy: s.user.id,
        createdAt: T0,
        codeHash: `hash-${randomUUID()}`,
        ...overrides,
      });
    }

    it('stores every element, finds by code hash, lists newest first, and scopes by organisation', async () => {
      const s = await scenario();
      const plan = await aPlan(s);
      const first = await aConsent(s, plan.planId, { codeHash: `consent-hash-1-${randomUUID()}` });
      const second = await aConsent(s, plan.planId, { createdAt: at(1), scope: 'full-plan', codeHash: null });
      expect(first).toMatchObject({
        planId: plan.planId,
        scope: 'plan-summary',
        patientName: 'Jordan Rivera',
        recipientRelationship: 'brother',
        signedBy: 'patient',
        revokedAt: null,
        revokedBy: null,
      });
      expect(await getConsent(db, s.org.id, first.id)).toEqual(first);
      expect(await getConsent(db, s.other.id, first.id)).toBeUndefined();
      const hash = (
        await db.selectFrom('consents').select('code_hash').where('id', '=', first.id).executeTakeFirstOrThrow()
      ).code_hash;
      expect(await findConsentByCodeHash(db, hash ?? '')).toEqual(first);
      expect(await findConsentByCodeHash(db, 'no such hash')).toBeUndefined();
      expect((await listConsentsOfClient(db, s.org.id, s.client.id)).map((c) => c.id)).toEqual([second.id, first.id]);
      expect(await listConsentsOfClient(db, s.other.id, s.client.id)).toEqual([]);
    });

    it('revokes at once, keeps the first revocation, and only within the organisation', async () => {
      const s = await scenario();
      const plan = await aPlan(s);
      const consent = await aConsent(s, plan.planId);
      expect(await revokeConsent(db, s.other.id, consent.id, { revokedBy: s.user.id, now: at(1) })).toBeUndefined();
      expect((await getConsent(db, s.org.id, consent.id))?.revokedAt).toBeNull();
      const revoked = await revokeConsent(db, s.org.id, consent.id, { revokedBy: s.user.id, now: at(2) });
      expect(revoked).toMatchObject({ revokedAt: at(2), revokedBy: s.user.id });
      const again = await revokeConsent(db, s.org.id, consent.id, { revokedBy: s.user.id, now: at(3) });
      expect(again?.revokedAt).toBe(at(2));
    });
  });

  describe('organisation contact details', () => {
    it('changes only the fields named', async () => {
      const org = await insertOrganization(db, {
        name: `Clinic ${randomUUID()}`,
        phone: '555-0100',
        email: 'a@example.org',
        address: '1 Main St',
        now: T0,
      });
      const changed = await updateOrganization(db, org.id, { phone: '555-0199', address: null });
      expect(changed).toEqual({ ...org, phone: '555-0199', address: null });
      expect(await updateOrganization(db, org.id, {})).toEqual(changed);
      expect(await getOrganization(db, org.id)).toEqual(changed);
      expect(await updateOrganization(db, randomUUID(), { phone: 'x' })).toBeUndefined();
    });
  });
});
