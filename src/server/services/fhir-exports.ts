/**
 * Client data as FHIR R4 Consent and Observation resources. Like the CarePlan and
 * QuestionnaireResponse exports (plan-exports.ts), each read is a disclosure of the client's record
 * and writes one audit event in the transaction that reads the data: `consent.export.fhir` for a
 * consent, `assessment.export.fhir` for the Observations (they are the assessment's ratings, the same
 * record the QuestionnaireResponse discloses). An id outside the caller's organisation is not found,
 * and the attempt is recorded as denied, also in the owning organisation's log.
 */
import type { AuditAction } from '../../core/audit-actions.js';
import type { Consent, Observation } from 'fhir/r4.js';
import { AppError } from '../../core/errors.js';
import { getAssessment, getAssessmentClientId } from '../../storage/assessments.js';
import { getClient } from '../../storage/clients.js';
import { getConsent } from '../../storage/consents.js';
import type { Executor } from '../../storage/executor.js';
import type { AssessmentVersion } from '../../storage/records.js';
import { getUser } from '../../storage/users.js';
import { recordAudit } from '../audit.js';
import type { RequestContext } from '../context.js';
import { consentResourceOf } from '../fhir/consent.js';
import { dimensionObservations, type ObservationKey } from '../fhir/observation.js';
import { CONSENT_NOT_FOUND } from './consents.js';

const ASSESSMENT_NOT_FOUND = 'No assessment with this id in your organisation.';

async function clientName(db: Executor, organizationId: string, clientId: string): Promise<string> {
  return (await getClient(db, organizationId, clientId))?.displayName ?? 'unknown';
}

async function denied(
  db: Executor,
  context: RequestContext,
  fact: { action: AuditAction; resourceType: 'consent' | 'assessment'; resourceId: string },
  message: string,
): Promise<AppError> {
  await recordAudit(db, context, [{ ...fact, clientId: null, outcome: 'denied' }]);
  return new AppError('not_found', message);
}

/** A consent of the organisation as a FHIR R4 Consent, its status as of the request. */
export async function exportConsent(db: Executor, context: RequestContext, consentId: string): Promise<Consent> {
  const organizationId = context.actor.organizationId;
  const resource = await db.transaction().execute(async (trx) => {
    const consent = await getConsent(trx, organizationId, consentId);
    if (!consent) return undefined;
    await recordAudit(trx, context, [
      { action: 'consent.export.fhir', resourceType: 'consent', resourceId: consentId, clientId: consent.clientId },
    ]);
    return consentResourceOf(consent, context, { client: await clientName(trx, organizationId, consent.clientId) });
  });
  if (!resource) {
    throw await denied(
      db,
      context,
      { action: 'consent.export.fhir', resourceType: 'consent', resourceId: consentId },
      CONSENT_NOT_FOUND,
    );
  }
  return resource;
}

/**
 * The Observations of one version of an assessment (the current one when `version` is omitted),
 * audited as one export of the assessment. Undefined when the organisation has no such assessment.
 */
async function observationsOf(
  trx: Executor,
  context: RequestContext,
  assessmentId: string,
  version: number | undefined,
): Promise<Observation[] | undefined> {
  const organizationId = context.actor.organizationId;
  const clientId = await getAssessmentClientId(trx, organizationId, assessmentId);
  if (clientId === undefined) return undefined;
  const found: AssessmentVersion | undefined = await getAssessment(trx, organizationId, assessmentId, version);
  if (!found) {
    if (version === undefined) throw new Error(`assessment ${assessmentId} has no current version`);
    throw new AppError('not_found', `This assessment has no version ${version}.`);
  }
  await recordAudit(trx, context, [
    { action: 'assessment.export.fhir', resourceType: 'assessment', resourceId: assessmentId, clientId },
  ]);
  const author = (await getUser(trx, found.createdBy))?.displayName ?? 'a former user';
  return dimensionObservations(found, { client: await clientName(trx, organizationId, clientId), author });
}

/** One dimension's rating in one assessment version, as a FHIR R4 Observation. */
export async function exportDimensionObservation(
  db: Executor,
  context: RequestContext,
  key: ObservationKey,
): Promise<Observation> {
  const observations = await db
    .transaction()
    .execute((trx) => observationsOf(trx, context, key.assessmentId, key.version));
  if (!observations) {
    throw await denied(
      db,
      context,
      { action: 'assessment.export.fhir', resourceType: 'assessment', resourceId: key.assessmentId },
      ASSESSMENT_NOT_FOUND,
    );
  }
  const observation = observations.find((candidate) => candidate.code.coding?.[0]?.code === key.dimension);
  // Every version rates all six dimensions (the schema requires them), so this cannot be missing.
  if (!observation) throw new Error(`assessment ${key.assessmentId} has no rating for ${key.dimension}`);
  return observation;
}

/** The six dimension Observations of an assessment's current version (what its QuestionnaireResponse answers). */
export async function exportDimensionObservations(
  db: Executor,
  context: RequestContext,
  assessmentId: string,
): Promise<Observation[]> {
  const observations = await db.transaction().execute((trx) => observationsOf(trx, context, assessmentId, undefined));
  if (!observations) {
    throw await denied(
      db,
      context,
      { action: 'assessment.export.fhir', resourceType: 'assessment', resourceId: assessmentId },
      ASSESSMENT_NOT_FOUND,
    );
  }
  return observations;
}
