/**
 * An organisation holding one of every kind of record, written through the repositories and the
 * demo plan builder, for the backup and export tests: users with real Argon2 hashes, an active and
 * an archived client, an assessment with two versions (each with its stored recommendation), a
 * finalised plan with an acknowledgement and a share code, a consent, a referral that was
 * accepted, and audit events.
 */
import { insertCdsFeedback } from '../../src/storage/cds-feedback.js';
import { randomUUID } from 'node:crypto';
import { recommendPlacement } from '../../src/core/engine.js';
import { loadDefaultRuleSet } from '../../src/core/rulesets/index.js';
import { hashPassword } from '../../src/server/auth/passwords.js';
import { insertDemoPlan } from '../../src/server/demo-plan.js';
import { addAssessmentVersion, insertAssessment } from '../../src/storage/assessments.js';
import { insertAuditEvents } from '../../src/storage/audit.js';
import { archiveClient, insertClient } from '../../src/storage/clients.js';
import { insertConsent } from '../../src/storage/consents.js';
import type { DatabaseHandle } from '../../src/storage/database.js';
import { insertOrganization } from '../../src/storage/organizations.js';
import { insertAcknowledgement, insertShareCode } from '../../src/storage/plan-shares.js';
import { listPlansOfClient } from '../../src/storage/plans.js';
import { insertImportedPrograms } from '../../src/storage/programs.js';
import { insertMeasure } from '../../src/storage/measures.js';
import { insertCheckInLink, saveMeasureSchedule } from '../../src/storage/check-ins.js';
import { setGoalStatus } from '../../src/storage/goal-statuses.js';
import { acknowledgeStepSignal, syncStepSignals } from '../../src/storage/step-signals.js';
import { claimDueReminders, markReminderSent, recordDueReminder } from '../../src/storage/reminders.js';
import { changeReferralStatus, insertReferral } from '../../src/storage/referrals.js';
import { insertUser } from '../../src/storage/users.js';
import { anAssessment, anAssessmentDocument } from '../fixtures/assessments.js';
import { programFixture } from '../fixtures/programs.js';

export interface SeededOrganization {
  organizationId: string;
  name: string;
  userIds: string[];
  clientIds: string[];
  /** The client with the assessment, plan, consent and referral. */
  clientId: string;
  archivedClientId: string;
  planId: string;
  /** Secrets the database holds that must never leave it: password and code hashes. */
  secrets: string[];
  /** Names that would show this organisation's data in another's export. */
  names: string[];
}

/** Seeds an organisation named `name` (unique per call unless given). */
export async function seedOrganization(
  database: DatabaseHandle,
  name = `Clinic ${randomUUID().slice(0, 8)}`,
): Promise<SeededOrganization> {
  const ruleset = loadDefaultRuleSet();
  const now = new Date();
  const at = now.toISOString();
  const tag = randomUUID().slice(0, 8);
  const passwordHash = await hashPassword(`a password for ${tag}`);
  const shareCodeHash = `share-hash-${randomUUID()}`;
  const consentCodeHash = `consent-hash-${randomUUID()}`;
  const checkInCodeHash = `check-in-hash-${randomUUID()}`;
  const program = programFixture({ name: `Referral Target ${tag}` });

  const seeded = await database.db.transaction().execute(async (trx) => {
    const organization = await insertOrganization(trx, { name, now: at });
    const admin = await insertUser(trx, {
      organizationId: organization.id,
      email: `admin.${tag}@example.org`,
      displayName: `Admin ${tag}`,
      role: 'admin',
      passwordHash,
      now: at,
    });
    const clinician = await insertUser(trx, {
      organizationId: organization.id,
      email: `clinician.${tag}@example.org`,
      displayName: `Clinician ${tag}`,
      role: 'clinician',
      passwordHash,
      now: at,
    });
    const client = await insertClient(trx, {
      organizationId: organization.id,
      displayName: `Jordan ${tag}`,
      externalRef: `MRN-${tag}`,
      birthYear: 1990,
      createdBy: clinician.id,
      now: at,
    });
    const archived = await insertClient(trx, {
      organizationId: organization.id,
      displayName: `Archived ${tag}`,
      createdBy: clinician.id,
      now: at,
    });
    await archiveClient(trx, organization.id, archived.id, at);

    const first = anAssessment({ ratings: { d3: 2, d5: 2 } });
    const saved = await insertAssessment(
      trx,
      { organizationId: organization.id, clientId: client.id },
      {
        document: anAssessmentDocument({ ratings: { d3: 2, d5: 2 } }),
        recommendation: recommendPlacement(first, ruleset),
        ruleset: { id: ruleset.id, version: ruleset.version, hash: ruleset.hash },
        createdBy: clinician.id,
        now: at,
      },
    );
    const second = anAssessment({ ratings: { d3: 2, d5: 2, d6: 1 } });
    const latest = await addAssessmentVersion(trx, organization.id, saved.assessmentId, {
      document: anAssessmentDocument({ ratings: { d3: 2, d5: 2, d6: 1 } }),
      recommendation: recommendPlacement(second, ruleset),
      ruleset: { id: ruleset.id, version: ruleset.version, hash: ruleset.hash },
      createdBy: clinician.id,
      now: at,
      expectedVersion: 1,
    });
    if (!latest) throw new Error('the second assessment version was not saved');

    await insertDemoPlan(trx, { organizationId: organization.id, clinicianId: clinician.id, assessment: latest, now });
    const [plan] = await listPlansOfClient(trx, organization.id, client.id);
    if (!plan) throw new Error('the demo plan was not saved');
    await insertAcknowledgement(trx, {
      organizationId: organization.id,
      planId: plan.planId,
      planVersion: plan.version,
      clientId: client.id,
      via: 'clinician',
      recordedBy: clinician.id,
      language: 'en',
      now: at,
    });
    await insertShareCode(trx, {
      organizationId: organization.id,
      planId: plan.planId,
      clientId: client.id,
      codeHash: shareCodeHash,
      createdBy: clinician.id,
      now: at,
    });
    await insertConsent(trx, {
      organizationId: organization.id,
      clientId: client.id,
      planId: plan.planId,
      scope: 'plan-summary',
      consentType: 'specific',
      patientName: client.displayName,
      discloser: name,
      information: 'Finalised discharge plan summary',
      recipientName: `Sam ${tag}`,
      recipientRelationship: 'brother',
      purpose: 'To help me in my recovery',
      expiresAt: new Date(now.getTime() + 90 * 86_400_000).toISOString(),
      revocationNotice: 'You can take this back in writing.',
      signature: client.displayName,
      signedBy: 'patient',
      representativeAuthority: null,
      signedAt: at.slice(0, 10),
      createdBy: clinician.id,
      createdAt: at,
      codeHash: consentCodeHash,
    });

    await insertImportedPrograms(
      trx,
      [{ program, facilityKey: `key:${program.name}`, locationId: `location:${program.name}` }],
      at,
    );
    const referral = await insertReferral(trx, {
      organizationId: organization.id,
      clientId: client.id,
      programId: program.id,
      createdBy: clinician.id,
      now: at,
    });
    await changeReferralStatus(trx, organization.id, referral.id, {
      from: 'sent',
      to: 'accepted',
      changedBy: clinician.id,
      // A minute on: the history is ordered by time.
      now: new Date(now.getTime() + 60_000).toISOString(),
    });

    await insertMeasure(trx, {
      organizationId: organization.id,
      clientId: client.id,
      instrumentId: 'phq-9',
      instrumentVersion: '1.0.0',
      answers: [1, 1, 1, 1, 1, 1, 1, 1, 1],
      total: 9,
      severity: 'mild',
      scores: {},
      sex: null,
      takenAt: at,
      via: 'clinician',
      enteredBy: clinician.id,
      now: at,
      alerts: [{ kind: 'safety', item: 9, linkId: '9', reason: 'Item 9 above 0' }],
    });
    await saveMeasureSchedule(trx, {
      organizationId: organization.id,
      clientId: client.id,
      entries: [{ instrument: 'phq-9', everyDays: 7 }],
      userId: clinician.id,
      now: at,
    });
    const link = await insertCheckInLink(trx, {
      organizationId: organization.id,
      clientId: client.id,
      codeHash: checkInCodeHash,
      instruments: ['phq-9'],
      language: 'en',
      createdBy: clinician.id,
      now: at,
      expiresAt: new Date(now.getTime() + 72 * 3_600_000).toISOString(),
    });
    await recordDueReminder(trx, {
      organizationId: organization.id,
      clientId: client.id,
      dueKey: `phq-9@${at}`,
      instruments: ['phq-9'],
      now: at,
    });
    const [reminder] = await claimDueReminders(trx, { now: at, leaseUntil: at, limit: 1 });
    if (reminder) await markReminderSent(trx, reminder.id, { linkId: link.id, now: at });
    await setGoalStatus(trx, {
      organizationId: organization.id,
      clientId: client.id,
      planId: plan.planId,
      goalId: 'goal-1',
      met: true,
      note: 'Met at the review',
      userId: clinician.id,
      now: at,
    });
    const [signal] = await syncStepSignals(trx, {
      organizationId: organization.id,
      clientId: client.id,
      ruleset: { id: 'stepdown-signals', version: '1.0.0', hash: 'sha256:seed' },
      raised: [
        {
          rule: 'step-up.missed-sessions',
          kind: 'step-up',
          urgency: 'this-week',
          text: 'Two or more sessions missed in the last two weeks.',
          basis: [{ fact: 'missedSessions', value: 2, meaning: 'sessions missed in the last 14 days' }],
        },
      ],
      now: at,
    });
    if (signal) {
      await acknowledgeStepSignal(trx, organization.id, signal.id, {
        userId: clinician.id,
        note: 'Called; back next week',
        now: at,
      });
    }

    await insertAuditEvents(
      trx,
      [client, archived].map((each) => ({
        at,
        organizationId: organization.id,
        actorUserId: clinician.id,
        actorKind: 'user' as const,
        action: 'client.read',
        resourceType: 'client',
        resourceId: each.id,
        clientId: each.id,
        outcome: 'success' as const,
        ip: '127.0.0.1',
        requestId: null,
      })),
    );
    await insertCdsFeedback(trx, [
      {
        receivedAt: at,
        organizationId: organization.id,
        issuer: 'https://ehr.example.org',
        cardId: randomUUID(),
        outcome: 'overridden',
        reasonCode: 'client-preference',
        outcomeAt: at,
      },
    ]);
    return {
      organizationId: organization.id,
      name,
      userIds: [admin.id, clinician.id],
      clientIds: [client.id, archived.id],
      clientId: client.id,
      archivedClientId: archived.id,
      planId: plan.planId,
      secrets: [passwordHash, shareCodeHash, consentCodeHash, checkInCodeHash],
      names: [client.displayName, archived.displayName, `Sam ${tag}`, admin.email, clinician.email],
    };
  });
  // With group commit, a transaction is on disk (and visible to another process) once settled.
  await database.settled();
  return seeded;
}
