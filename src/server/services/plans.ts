/**
 * Discharge plans: made from an assessment's stored recommendation, saved as versions (never over
 * someone else's save: the editor names the version they edited), finalised with an attestation
 * after the same checks the browser runs, and acknowledged by the client. Every read and change
 * writes its audit event in the same transaction; another organisation's plan is "not found".
 *
 * A finalised version is locked. Saving after finalising is an amendment: a new draft version that
 * records which finalised version it amends; the finalised version stays what the client and any
 * recipient see until the amendment is finalised in turn.
 */
import type { AuditAction } from '../../core/audit-actions.js';
import { canonicalJson } from '../../core/canonical-json.js';
import { AppError } from '../../core/errors.js';
import { draftPlan } from '../../core/plans/draft.js';
import { withNewRecommendation } from '../../core/plans/new-recommendation.js';
import { ATTESTATION_TEXT, finalizationProblems } from '../../core/plans/finalize.js';
import { planNeedsOf } from '../../core/plans/plan-needs.js';
import {
  PLAN_V2_EDIT_FIELDS,
  type PlanDocument,
  PlanDocumentSchema,
  type PlanEdit,
  RECOMMENDATION_FIELDS,
  type StoredPlanDocument,
  StoredPlanDocumentSchema,
  upgradePlan,
} from '../../core/plans/plan-schema.js';
import {
  type StoredRecommendation,
  StoredRecommendationSchema,
  type WhatWouldChange,
  WhatWouldChangeSchema,
} from '../../core/recommendation.js';
import { z } from 'zod';
import type { FieldIssue } from '../../core/validation.js';
import { calendarDate } from '../../core/time-zone.js';
import { getAssessment, getCurrentAssessmentOfClient, listAssessmentsOfClient } from '../../storage/assessments.js';
import { appointmentFromReferral } from '../../core/plans/appointment-from-referral.js';
import { getClient } from '../../storage/clients.js';
import { getProgram } from '../../storage/programs.js';
import { getReferral } from '../../storage/referrals.js';
import type { Executor } from '../../storage/executor.js';
import { insertAcknowledgement, listAcknowledgements } from '../../storage/plan-shares.js';
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
} from '../../storage/plans.js';
import type { PlanAcknowledgement, PlanVersion } from '../../storage/records.js';
import { getUser } from '../../storage/users.js';
import { type AuditFact, recordAudit } from '../audit.js';
import type { RequestContext } from '../context.js';
import { clientForChange, deniedClient } from './clients.js';
import { settleGoalStatuses } from './goal-amendments.js';

export const PLAN_NOT_FOUND = 'No plan with this id in your organisation.';

/**
 * A plan version with its document as stored (plan@1 or plan@2, shown by the API as it is), the
 * same as a plan@2 document for everything that reads it, its acknowledgements and its versions.
 */
export interface PlanDetail {
  version: PlanVersion;
  stored: StoredPlanDocument;
  document: PlanDocument;
  acknowledgements: PlanAcknowledgement[];
  versions: Array<{ version: number; status: PlanVersion['status']; createdAt: string; finalizedAt: string | null }>;
  /** The client's current assessment when the document starts from another one; null when it is on it. */
  newerAssessment: NewerAssessment | null;
}

/** The client's current assessment, when a plan starts from an older one. */
export interface NewerAssessment {
  id: string;
  version: number;
  createdAt: string;
  recommendation: StoredRecommendation;
  /** The assessment document (what the plan's needs are drawn from). */
  document: unknown;
}

/** The stored document, which the server wrote; a document that fails its schema is a fault, not bad input. */
export function storedDocumentOf(version: PlanVersion): StoredPlanDocument {
  const parsed = StoredPlanDocumentSchema.safeParse(version.document);
  if (!parsed.success) {
    throw new Error(`stored plan ${version.planId} v${version.version} is not a plan@1 or plan@2 document`);
  }
  return parsed.data;
}

/** The client's current assessment when it is not the one `document` starts from. */
export async function newerAssessmentOf(
  db: Executor,
  organizationId: string,
  clientId: string,
  document: Pick<PlanDocument, 'assessment'>,
): Promise<NewerAssessment | null> {
  const current = await getCurrentAssessmentOfClient(db, organizationId, clientId);
  if (!current) return null;
  if (current.assessmentId === document.assessment.id && current.version === document.assessment.version) return null;
  return {
    id: current.assessmentId,
    version: current.version,
    createdAt: current.createdAt,
    recommendation: StoredRecommendationSchema.parse(current.recommendation),
    document: current.document,
  };
}

/** The stored document as plan@2 (a plan@1 version with the fields plan@2 added left empty). */
export function documentOf(version: PlanVersion): PlanDocument {
  return upgradePlan(storedDocumentOf(version));
}

async function detailOf(db: Executor, organizationId: string, version: PlanVersion): Promise<PlanDetail> {
  const document = documentOf(version);
  return {
    version,
    stored: storedDocumentOf(version),
    document,
    acknowledgements: await listAcknowledgements(db, organizationId, version.planId),
    versions: await listPlanVersionSummaries(db, organizationId, version.planId),
    newerAssessment: await newerAssessmentOf(db, organizationId, version.clientId, document),
  };
}

/**
 * What would change the recommendation a plan was made from: the stored `whatWouldChange` of the
 * assessment version the plan names (what the engine said then, never computed again). Empty when
 * that version is gone or was stored without it.
 */
export async function whatWouldChangeOf(
  db: Executor,
  organizationId: string,
  document: PlanDocument,
): Promise<WhatWouldChange[]> {
  const assessment = await getAssessment(db, organizationId, document.assessment.id, document.assessment.version);
  const stored = WhatWouldChangeListSchema.safeParse(
    (assessment?.recommendation as { whatWouldChange?: unknown } | undefined)?.whatWouldChange,
  );
  return stored.success ? stored.data : [];
}

const WhatWouldChangeListSchema = z.array(WhatWouldChangeSchema);

/** Records a denied attempt on a plan id and returns the not-found error to throw. */
export async function deniedPlan(
  db: Executor,
  context: RequestContext,
  action: AuditAction,
  id: string,
): Promise<AppError> {
  await recordAudit(db, context, [{ action, resourceType: 'plan', resourceId: id, clientId: null, outcome: 'denied' }]);
  return new AppError('not_found', PLAN_NOT_FOUND);
}

/**
 * The 412 of a change made on top of an old version: who saved the current version and when (in
 * the problem document, and in words: "you", when it was the same person in another tab).
 */
async function versionConflict(
  db: Executor,
  context: RequestContext,
  planId: string,
  change: string,
): Promise<AppError> {
  const current = await getPlanVersion(db, context.actor.organizationId, planId);
  if (!current)
    return new AppError('version_conflict', `Someone saved this plan first. Reload it and ${change} again.`);
  const author = await getUser(db, current.createdBy);
  const you = current.createdBy === context.actor.userId;
  const who = you
    ? `You saved version ${current.version} in another tab or window`
    : `${author?.displayName ?? 'A colleague'} saved version ${current.version}`;
  return new AppError(
    'version_conflict',
    `${who} after you opened this one. Reload it and ${change} again.`,
    [],
    'headers',
    {
      currentVersion: current.version,
      savedBy: { id: current.createdBy, displayName: author?.displayName ?? '' },
      savedAt: current.createdAt,
    },
  );
}

/** Makes a draft plan for a client from an assessment's recommendation (the client's latest assessment by default). */
export async function createPlan(
  db: Executor,
  context: RequestContext,
  clientId: string,
  input: { assessmentId?: string | undefined },
): Promise<PlanDetail> {
  const organizationId = context.actor.organizationId;
  const result = await db.transaction().execute(async (trx) => {
    if (!(await clientForChange(trx, organizationId, clientId, 'making a plan'))) return 'no-client' as const;
    const assessment =
      input.assessmentId === undefined
        ? (await listAssessmentsOfClient(trx, organizationId, clientId))[0]
        : await getAssessment(trx, organizationId, input.assessmentId);
    if (input.assessmentId !== undefined && (!assessment || assessment.clientId !== clientId)) {
      return 'no-assessment' as const;
    }
    if (!assessment) {
      throw new AppError(
        'conflict',
        'This client has no assessment yet. Save an assessment first: the plan starts from its recommendation.',
      );
    }
    const recommendation = StoredRecommendationSchema.parse(assessment.recommendation);
    const document = draftPlan(recommendation, {
      id: assessment.assessmentId,
      version: assessment.version,
      document: assessment.document,
    });
    const version = await insertPlan(trx, {
      organizationId,
      clientId,
      assessmentId: assessment.assessmentId,
      assessmentVersion: assessment.version,
      document,
      createdBy: context.actor.userId,
      now: context.now.toISOString(),
    });
    await recordAudit(trx, context, [
      { action: 'plan.create', resourceType: 'plan', resourceId: version.planId, clientId },
    ]);
    return {
      version,
      stored: document,
      document,
      acknowledgements: [],
      versions: await listPlanVersionSummaries(trx, organizationId, version.planId),
      newerAssessment: await newerAssessmentOf(trx, organizationId, clientId, document),
    };
  });
  if (result === 'no-client') throw await deniedClient(db, context, 'plan.create', clientId);
  if (result === 'no-assessment') {
    await recordAudit(db, context, [
      {
        action: 'plan.create',
        resourceType: 'assessment',
        resourceId: input.assessmentId ?? null,
        clientId: null,
        outcome: 'denied',
      },
    ]);
    throw new AppError('invalid_input', 'No assessment of this client has this id.', [
      { path: 'assessmentId', message: 'no assessment of this client has this id' },
    ]);
  }
  return result;
}

/** The current version of each plan of a client, newest plan first. */
export async function listPlans(db: Executor, context: RequestContext, clientId: string): Promise<PlanDetail[]> {
  const organizationId = context.actor.organizationId;
  const items = await db.transaction().execute(async (trx) => {
    const client = await getClient(trx, organizationId, clientId);
    if (!client) return undefined;
    const plans = await listPlansOfClient(trx, organizationId, clientId);
    await recordAudit(trx, context, [{ action: 'plan.list', resourceType: 'client', resourceId: clientId, clientId }]);
    const details: PlanDetail[] = [];
    for (const plan of plans) details.push(await detailOf(trx, organizationId, plan));
    return details;
  });
  if (!items) throw await deniedClient(db, context, 'plan.list', clientId);
  return items;
}

/** One version of a plan (the current one when `version` is omitted). */
export async function readPlan(
  db: Executor,
  context: RequestContext,
  planId: string,
  version?: number,
): Promise<PlanDetail> {
  const organizationId = context.actor.organizationId;
  const found = await db.transaction().execute(async (trx) => {
    const row = await getPlanVersion(trx, organizationId, planId, version);
    if (!row) return undefined;
    await recordAudit(trx, context, [
      { action: 'plan.read', resourceType: 'plan', resourceId: planId, clientId: row.clientId },
    ]);
    return detailOf(trx, organizationId, row);
  });
  if (!found) {
    // A version that does not exist of a plan that does is "not found" too, but not a denial.
    const exists = version !== undefined && (await getPlanVersion(db, organizationId, planId));
    if (exists) throw new AppError('not_found', `This plan has no version ${version}.`);
    throw await deniedPlan(db, context, 'plan.read', planId);
  }
  return found;
}

/**
 * The stored version as the plan@2 an edit builds on. A plan@1 version gets the needs of the
 * assessment it was made from, read now, so its amendment is checked like any new plan.
 */
async function baseForEdit(db: Executor, organizationId: string, current: PlanVersion): Promise<PlanDocument> {
  const stored = storedDocumentOf(current);
  if (stored.schema === PlanDocumentSchema.shape.schema.value) return stored;
  const assessment = await getAssessment(db, organizationId, current.assessmentId, current.assessmentVersion);
  return upgradePlan(stored, planNeedsOf(assessment?.document));
}

/** Problems with fields copied from the recommendation that an edit tried to change. */
function changedRecommendation(edit: PlanEdit, stored: PlanDocument): FieldIssue[] {
  return RECOMMENDATION_FIELDS.filter(
    (field) => edit[field] !== undefined && canonicalJson(edit[field]) !== canonicalJson(stored[field]),
  ).map((field) => ({
    path: field,
    message: 'comes from the assessment and cannot be changed here; make a new plan from a new assessment',
  }));
}

/** A referral named for an appointment that is not one of the plan's client's (400, audited as denied). */
class ReferralOfAnotherClientError extends Error {}

/**
 * Saves a change to a plan as a new version, the sequence every change shares: in one transaction,
 * the current version is loaded (none: denied as `action`, "not found"), an archived client's plan
 * is refused, `expectedVersion` (from If-Match) must still be the current version (else 412, with
 * who saved first, worded "reload and <change> again"), then the document `build` makes from the
 * current version is saved on top of it with the audit events `build` names.
 */
async function saveNewVersion(
  db: Executor,
  context: RequestContext,
  planId: string,
  expectedVersion: number,
  options: { action: AuditAction; change: string },
  build: (trx: Executor, current: PlanVersion) => Promise<{ document: PlanDocument; audit: AuditFact[] }>,
): Promise<PlanDetail> {
  const organizationId = context.actor.organizationId;
  let saved: PlanDetail | undefined;
  try {
    saved = await db.transaction().execute(async (trx) => {
      const current = await getPlanVersion(trx, organizationId, planId);
      if (!current) return undefined;
      // An amendment of a finalised plan is a change like any other.
      await clientForChange(trx, organizationId, current.clientId, 'changing a plan');
      if (current.version !== expectedVersion) throw new PlanVersionConflictError(current.version);
      const { document, audit } = await build(trx, current);
      const version = await addPlanVersion(trx, organizationId, planId, {
        document,
        expectedVersion,
        createdBy: context.actor.userId,
        now: context.now.toISOString(),
      });
      if (!version) return undefined;
      await recordAudit(trx, context, audit);
      return detailOf(trx, organizationId, version);
    });
  } catch (error) {
    if (error instanceof PlanVersionConflictError) throw await versionConflict(db, context, planId, options.change);
    throw error;
  }
  if (!saved) throw await deniedPlan(db, context, options.action, planId);
  return saved;
}

/**
 * Saves an edit as a new version, when `expectedVersion` (from If-Match) is still the current
 * version: 412 when someone saved first. Saving after a finalised version starts an amendment (a
 * new draft); the finalised version never changes.
 */
export async function revisePlan(
  db: Executor,
  context: RequestContext,
  planId: string,
  edit: PlanEdit,
  expectedVersion: number,
): Promise<PlanDetail> {
  const organizationId = context.actor.organizationId;
  return saveNewVersion(
    db,
    context,
    planId,
    expectedVersion,
    { action: 'plan.update', change: 'apply your changes' },
    async (trx, current) => {
      const stored = await baseForEdit(trx, organizationId, current);
      const changed = changedRecommendation(edit, stored);
      if (changed.length > 0) throw new AppError('invalid_input', 'Some fields cannot be changed.', changed);
      const document: PlanDocument = PlanDocumentSchema.parse({
        ...Object.fromEntries(Object.keys(PlanDocumentSchema.shape).map((key) => [key, edit[key as keyof PlanEdit]])),
        ...Object.fromEntries(
          PLAN_V2_EDIT_FIELDS.map((field) => [field, edit[field] === undefined ? stored[field] : edit[field]]),
        ),
        ...Object.fromEntries(RECOMMENDATION_FIELDS.map((field) => [field, stored[field]])),
        schema: stored.schema,
      });
      return {
        document,
        audit: [{ action: 'plan.update', resourceType: 'plan', resourceId: planId, clientId: current.clientId }],
      };
    },
  );
}

/**
 * Fills the plan's appointment at a program that accepted the client's referral, in one step: the
 * program's name, address and phone from the directory, the time agreed with it, and the referral.
 * Saved as a new version on top of `expectedVersion` (412 when someone saved first); a second call
 * for the same referral moves that appointment instead of adding another. Only an accepted referral
 * of the plan's own client can fill one (409 otherwise); another organisation's referral is 400.
 */
export async function addAppointmentFromReferral(
  db: Executor,
  context: RequestContext,
  planId: string,
  input: { referralId: string; startsAt: string },
  expectedVersion: number,
): Promise<PlanDetail> {
  const organizationId = context.actor.organizationId;
  try {
    return await saveNewVersion(
      db,
      context,
      planId,
      expectedVersion,
      { action: 'plan.update', change: 'add the appointment' },
      async (trx, current) => {
        const referral = await getReferral(trx, organizationId, input.referralId);
        if (!referral || referral.clientId !== current.clientId) throw new ReferralOfAnotherClientError();
        if (referral.status !== 'accepted') {
          throw new AppError(
            'conflict',
            `This referral is ${referral.status}: only a referral the program has accepted fills an appointment.`,
          );
        }
        const program = await getProgram(trx, referral.programId);
        if (!program) throw new AppError('conflict', 'The program of this referral is no longer listed.');
        const base = await baseForEdit(trx, organizationId, current);
        const appointment = appointmentFromReferral(program.program, referral.id, input.startsAt);
        const existing = base.appointments.findIndex((item) => item.referralId === referral.id);
        const appointments =
          existing === -1
            ? [...base.appointments, appointment]
            : base.appointments.map((item, index) => (index === existing ? appointment : item));
        return {
          document: PlanDocumentSchema.parse({ ...base, appointments }),
          audit: [
            { action: 'referral.read', resourceType: 'referral', resourceId: referral.id, clientId: current.clientId },
            { action: 'plan.update', resourceType: 'plan', resourceId: planId, clientId: current.clientId },
          ],
        };
      },
    );
  } catch (error) {
    if (!(error instanceof ReferralOfAnotherClientError)) throw error;
    await recordAudit(db, context, [
      {
        action: 'plan.update',
        resourceType: 'referral',
        resourceId: input.referralId,
        clientId: null,
        outcome: 'denied',
      },
    ]);
    throw new AppError('invalid_input', 'This client has no referral with this id.', [
      { path: 'referralId', message: 'no referral of this client has this id' },
    ]);
  }
}

/**
 * Finalises the current version after checking it with `finalizationProblems` (the check the
 * browser runs): records who, when and the attestation, and locks the version.
 */
export async function finalizePlan(
  db: Executor,
  context: RequestContext,
  planId: string,
  input: { version: number; newerAssessment?: { id: string; version: number } | undefined },
): Promise<PlanDetail> {
  const organizationId = context.actor.organizationId;
  let finalised: PlanDetail | undefined;
  try {
    finalised = await db.transaction().execute(async (trx) => {
      const current = await getPlanVersion(trx, organizationId, planId);
      if (!current) return undefined;
      await clientForChange(trx, organizationId, current.clientId, 'finalising a plan');
      if (current.version !== input.version) throw new PlanVersionConflictError(current.version);
      if (current.status === 'final') throw new PlanAlreadyFinalError(current.version);
      const today = calendarDate(context.now, context.timeZone);
      // A stored document of the wrong shape is reported as it is; a plan@1 draft is checked with
      // the needs of its assessment, as the plan@2 it would become.
      const asStored = finalizationProblems(current.document, { today });
      const problems =
        asStored.length > 0
          ? asStored
          : finalizationProblems(await baseForEdit(trx, organizationId, current), { today });
      if (problems.length > 0) {
        throw new AppError('invalid_input', 'The plan cannot be finalised yet; see each field.', problems, 'plan');
      }
      const newer = await newerAssessmentOf(trx, organizationId, current.clientId, documentOf(current));
      const confirmed = newer !== null && sameAssessment(input.newerAssessment, newer);
      if (newer !== null && !confirmed) throw supersededAssessment(newer, input.newerAssessment !== undefined);
      const version = await finalizePlanVersion(trx, organizationId, planId, {
        version: input.version,
        finalizedBy: context.actor.userId,
        attestation: ATTESTATION_TEXT,
        now: context.now.toISOString(),
        confirmedNewerAssessment: confirmed ? { id: newer.id, version: newer.version } : null,
      });
      if (!version) return undefined;
      await settleGoalStatuses(trx, context, version);
      await recordAudit(trx, context, [
        { action: 'plan.finalize', resourceType: 'plan', resourceId: planId, clientId: version.clientId },
        ...(confirmed
          ? [
              {
                action: 'plan.finalize.over-newer-assessment' as const,
                resourceType: 'assessment',
                resourceId: newer.id,
                clientId: version.clientId,
              },
            ]
          : []),
      ]);
      return detailOf(trx, organizationId, version);
    });
  } catch (error) {
    if (error instanceof PlanVersionConflictError) {
      throw await versionConflict(db, context, planId, 'check it');
    }
    if (error instanceof PlanAlreadyFinalError) {
      throw new AppError('conflict', `Version ${error.version} is already final.`);
    }
    throw error;
  }
  if (!finalised) throw await deniedPlan(db, context, 'plan.finalize', planId);
  return finalised;
}

function sameAssessment(named: { id: string; version: number } | undefined, newer: NewerAssessment): boolean {
  return named !== undefined && named.id === newer.id && named.version === newer.version;
}

/** Finalising on an older assessment than the client's current one, unconfirmed (or confirmed for another). */
function supersededAssessment(newer: NewerAssessment, namedAnother: boolean): AppError {
  const when = newer.createdAt.slice(0, 10);
  return new AppError(
    'assessment_superseded',
    namedAnother
      ? `The client's assessment changed again (now version ${newer.version}, saved ${when}). Look at it, then take its recommendation or confirm again.`
      : `The client has a newer assessment (version ${newer.version}, saved ${when}) than the one this plan starts from. Take its recommendation, or confirm that you finalise on the older one.`,
    [{ path: 'newerAssessment', message: 'confirm the newer assessment you were shown, or take its recommendation' }],
  );
}

/**
 * Moves a plan onto the client's newer assessment, named as the clinician was shown it: a new
 * version (an amendment after a finalised one) with that assessment's recommendation and everything
 * the clinician wrote kept, the variance checked again (withNewRecommendation). 412 when someone
 * saved first; 409 when the client's current assessment is not the one named (or the plan is on it).
 */
export async function takeNewRecommendation(
  db: Executor,
  context: RequestContext,
  planId: string,
  input: { assessment: { id: string; version: number } },
  expectedVersion: number,
): Promise<PlanDetail> {
  const organizationId = context.actor.organizationId;
  return saveNewVersion(
    db,
    context,
    planId,
    expectedVersion,
    { action: 'plan.recommendation.update', change: 'take the new recommendation' },
    async (trx, current) => {
      const stored = await baseForEdit(trx, organizationId, current);
      const newer = await newerAssessmentOf(trx, organizationId, current.clientId, stored);
      if (newer === null) {
        throw new AppError('conflict', 'This plan already starts from the client’s current assessment.');
      }
      if (!sameAssessment(input.assessment, newer)) {
        throw new AppError(
          'conflict',
          `The client's current assessment is version ${newer.version} of another save than the one named. Reload the plan and look at it first.`,
          [{ path: 'assessment', message: 'must be the client’s current assessment, as the plan shows it' }],
        );
      }
      return {
        document: withNewRecommendation(stored, newer.recommendation, {
          id: newer.id,
          version: newer.version,
          document: newer.document,
        }),
        audit: [
          {
            action: 'plan.recommendation.update',
            resourceType: 'plan',
            resourceId: planId,
            clientId: current.clientId,
          },
        ],
      };
    },
  );
}

/** Records, for the clinician, that the client understands why the finalised plan is recommended. */
export async function acknowledgePlan(
  db: Executor,
  context: RequestContext,
  planId: string,
  input: { version?: number | undefined; language?: 'en' | 'es' | undefined },
): Promise<PlanAcknowledgement> {
  const organizationId = context.actor.organizationId;
  const recorded = await db.transaction().execute(async (trx) => {
    const plan = await getPlanVersion(trx, organizationId, planId);
    if (!plan) return undefined;
    const client = await clientForChange(trx, organizationId, plan.clientId, 'recording that they understand a plan');
    const final =
      input.version === undefined
        ? await getLatestFinalVersion(trx, organizationId, planId)
        : await getPlanVersion(trx, organizationId, planId, input.version);
    if (final?.status !== 'final') {
      throw new AppError(
        'conflict',
        input.version === undefined
          ? 'Finalise the plan first: the client acknowledges a finalised plan.'
          : `Version ${input.version} is not a finalised version of this plan; the client acknowledges a finalised plan.`,
      );
    }
    const acknowledgement = await insertAcknowledgement(trx, {
      organizationId,
      planId,
      planVersion: final.version,
      clientId: final.clientId,
      via: 'clinician',
      recordedBy: context.actor.userId,
      language: input.language ?? client?.preferredLanguage ?? 'en',
      now: context.now.toISOString(),
    });
    await recordAudit(trx, context, [
      { action: 'plan.acknowledge', resourceType: 'plan', resourceId: planId, clientId: final.clientId },
    ]);
    return acknowledgement;
  });
  if (!recorded) throw await deniedPlan(db, context, 'plan.acknowledge', planId);
  return recorded;
}
