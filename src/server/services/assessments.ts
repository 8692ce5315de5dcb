/**
 * Assessments: each save is a new version, stored with the recommendation the engine computes for
 * it under the server's rule set (id, version and hash kept beside it), in one transaction with
 * its audit event.
 */
import type { AuditAction } from '../../core/audit-actions.js';
import { parseAssessment } from '../../core/assessment.js';
import { recommendPlacement } from '../../core/engine.js';
import { AppError } from '../../core/errors.js';
import type { Recommendation } from '../../core/recommendation.js';
import type { CompiledRuleSet } from '../../core/ruleset.js';
import {
  addAssessmentVersion,
  getAssessment,
  getAssessmentClientId,
  insertAssessment,
  listAssessmentsOfClient,
  VersionConflictError,
} from '../../storage/assessments.js';
import { getClient } from '../../storage/clients.js';
import { markStepSignalsReassessed } from '../../storage/step-signals.js';
import type { Executor } from '../../storage/executor.js';
import type { AssessmentVersion } from '../../storage/records.js';
import { recordAudit } from '../audit.js';
import type { RequestContext } from '../context.js';
import { clientForChange, deniedClient } from './clients.js';

const ASSESSMENT_NOT_FOUND = 'No assessment with this id in your organisation.';
/** How a refusal for an archived client ends: "restore them before ...". */
const ADDING_AN_ASSESSMENT = 'adding an assessment';

/** Validates an assessment document and computes its recommendation. */
function evaluate(document: unknown, ruleset: CompiledRuleSet): Recommendation {
  const parsed = parseAssessment(document);
  if (!parsed.ok) throw new AppError('invalid_input', 'The assessment is not valid.', parsed.issues);
  return recommendPlacement(parsed.value, ruleset);
}

function saved(document: unknown, ruleset: CompiledRuleSet, context: RequestContext) {
  return {
    document,
    recommendation: evaluate(document, ruleset),
    ruleset: { id: ruleset.id, version: ruleset.version, hash: ruleset.hash },
    createdBy: context.actor.userId,
    now: context.now.toISOString(),
  };
}

export async function createAssessment(
  db: Executor,
  context: RequestContext,
  ruleset: CompiledRuleSet,
  clientId: string,
  document: unknown,
): Promise<AssessmentVersion> {
  const input = saved(document, ruleset, context);
  const created = await db.transaction().execute(async (trx) => {
    if (!(await clientForChange(trx, context.actor.organizationId, clientId, ADDING_AN_ASSESSMENT))) return undefined;
    const version = await insertAssessment(trx, { organizationId: context.actor.organizationId, clientId }, input);
    // A new assessment is the reassessment a step signal asks for: it closes the client's open ones.
    const reassessed = await markStepSignalsReassessed(trx, context.actor.organizationId, clientId, {
      assessmentId: version.assessmentId,
      now: input.now,
    });
    await recordAudit(trx, context, [
      { action: 'assessment.create', resourceType: 'assessment', resourceId: version.assessmentId, clientId },
      ...(reassessed > 0
        ? [{ action: 'step-signal.reassess' as const, resourceType: 'client', resourceId: clientId, clientId }]
        : []),
    ]);
    return version;
  });
  if (!created) throw await deniedClient(db, context, 'assessment.create', clientId);
  return created;
}

async function deniedAssessment(
  db: Executor,
  context: RequestContext,
  action: AuditAction,
  id: string,
): Promise<AppError> {
  await recordAudit(db, context, [
    { action, resourceType: 'assessment', resourceId: id, clientId: null, outcome: 'denied' },
  ]);
  return new AppError('not_found', ASSESSMENT_NOT_FOUND);
}

export async function reviseAssessment(
  db: Executor,
  context: RequestContext,
  ruleset: CompiledRuleSet,
  assessmentId: string,
  document: unknown,
  expectedVersion: number,
): Promise<AssessmentVersion> {
  const input = { ...saved(document, ruleset, context), expectedVersion };
  let revised: AssessmentVersion | undefined;
  try {
    revised = await db.transaction().execute(async (trx) => {
      const clientId = await getAssessmentClientId(trx, context.actor.organizationId, assessmentId);
      if (clientId === undefined) return undefined;
      // A new version is as much an addition to an archived record as a new assessment.
      await clientForChange(trx, context.actor.organizationId, clientId, ADDING_AN_ASSESSMENT);
      const version = await addAssessmentVersion(trx, context.actor.organizationId, assessmentId, input);
      if (version) {
        // A revised assessment is a reassessment too: it closes the client's open step signals.
        const reassessed = await markStepSignalsReassessed(trx, context.actor.organizationId, version.clientId, {
          assessmentId,
          now: input.now,
        });
        await recordAudit(trx, context, [
          {
            action: 'assessment.update',
            resourceType: 'assessment',
            resourceId: assessmentId,
            clientId: version.clientId,
          },
          ...(reassessed > 0
            ? [
                {
                  action: 'step-signal.reassess' as const,
                  resourceType: 'client',
                  resourceId: version.clientId,
                  clientId: version.clientId,
                },
              ]
            : []),
        ]);
      }
      return version;
    });
  } catch (error) {
    if (error instanceof VersionConflictError) {
      throw new AppError(
        'version_conflict',
        `Someone saved version ${error.currentVersion} first. Reload it and apply your changes again.`,
      );
    }
    throw error;
  }
  if (!revised) throw await deniedAssessment(db, context, 'assessment.update', assessmentId);
  return revised;
}

export async function readAssessment(
  db: Executor,
  context: RequestContext,
  assessmentId: string,
  version?: number,
): Promise<AssessmentVersion> {
  const found = await db.transaction().execute(async (trx) => {
    const row = await getAssessment(trx, context.actor.organizationId, assessmentId, version);
    if (row) {
      await recordAudit(trx, context, [
        { action: 'assessment.read', resourceType: 'assessment', resourceId: assessmentId, clientId: row.clientId },
      ]);
    }
    return row;
  });
  if (!found) throw await deniedAssessment(db, context, 'assessment.read', assessmentId);
  return found;
}

export async function listAssessments(
  db: Executor,
  context: RequestContext,
  clientId: string,
): Promise<AssessmentVersion[]> {
  const items = await db.transaction().execute(async (trx) => {
    const client = await getClient(trx, context.actor.organizationId, clientId);
    if (!client) return undefined;
    const rows = await listAssessmentsOfClient(trx, context.actor.organizationId, clientId);
    await recordAudit(trx, context, [
      { action: 'assessment.list', resourceType: 'client', resourceId: clientId, clientId },
    ]);
    return rows;
  });
  if (!items) throw await deniedClient(db, context, 'assessment.list', clientId);
  return items;
}
