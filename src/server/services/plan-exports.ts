/**
 * Exports of plans and assessments: the client and clinician PDFs and the FHIR resources. Each
 * export is a disclosure of the client's record and writes its audit event (`plan.export.pdf`,
 * `plan.export.fhir`, `assessment.export.fhir`) in the transaction that reads the data.
 *
 * The client PDF shows only a finalised version (the latest, or the one asked for): a client never
 * reads a level of care their clinician has not signed (REQ-R11). The clinician PDF shows any
 * version, marked as a draft when it is one. The CarePlan is the finalised version when the plan
 * has one (status active), else the current draft (status draft). What goes to the receiving
 * program (the transition summary, as a PDF or a CarePlan) is disclosed only under a full-plan
 * Part 2 consent in force that names a program the client was referred to.
 */
import type { CarePlan, QuestionnaireResponse } from 'fhir/r4.js';
import { AppError } from '../../core/errors.js';
import type { PlanLanguage } from '../../core/plans/vocabulary.js';
import { getAssessment } from '../../storage/assessments.js';
import { getClient } from '../../storage/clients.js';
import type { Executor } from '../../storage/executor.js';
import { listGoalStatusesOfPlan } from '../../storage/goal-statuses.js';
import { getOrganization } from '../../storage/organizations.js';
import { listAcknowledgements } from '../../storage/plan-shares.js';
import { getLatestFinalVersion, getPlanVersion } from '../../storage/plans.js';
import { consentStatus } from '../../core/plans/consent.js';
import { getConsent } from '../../storage/consents.js';
import { getProgram } from '../../storage/programs.js';
import type { Consent, PlanVersion } from '../../storage/records.js';
import { listReferralsOfClient } from '../../storage/referrals.js';
import { getUser } from '../../storage/users.js';
import { recordAudit } from '../audit.js';
import type { RequestContext } from '../context.js';
import { carePlanOf, receivingCarePlan } from '../fhir/care-plan.js';
import { assessmentResponse } from '../fhir/questionnaire.js';
import { clientPlanPdf, clinicianPlanPdf, type PlanPdfInput } from '../pdf/plan-pdf.js';
import { receivingPlanPdf } from '../pdf/receiving-pdf.js';
import { renderPdf } from '../pdf/render.js';
import { deniedPlan, documentOf, whatWouldChangeOf } from './plans.js';

async function nameOf(db: Executor, userId: string | null): Promise<string | null> {
  if (userId === null) return null;
  return (await getUser(db, userId))?.displayName ?? 'a former user';
}

/** Everything a PDF of one version needs; throws when the client may not see the version asked for. */
async function pdfInput(db: Executor, organizationId: string, plan: PlanVersion): Promise<PlanPdfInput> {
  const client = await getClient(db, organizationId, plan.clientId);
  const organization = await getOrganization(db, organizationId);
  if (!client || !organization) throw new Error(`plan ${plan.planId} has no client or organisation`);
  const document = documentOf(plan);
  return {
    plan,
    document,
    whatWouldChange: await whatWouldChangeOf(db, organizationId, document),
    client,
    organization,
    acknowledgements: await listAcknowledgements(db, organizationId, plan.planId),
    people: {
      createdBy: (await nameOf(db, plan.createdBy)) ?? 'unknown',
      finalizedBy: await nameOf(db, plan.finalizedBy),
    },
  };
}

/**
 * Who a file is about, in its name: the client's record number made safe for a file name, or
 * without one the start of their id; never their name, which a file name would carry into download
 * folders and mail attachments.
 */
export function clientFileTag(client: { id: string; externalRef: string | null }): string {
  return (
    client.externalRef
      ?.replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || `client-${client.id.slice(0, 8)}`
  );
}

/**
 * The file name of a plan PDF: the client's record number (or, without one, the start of their id)
 * and the version, so files of different clients and versions never share a name; never the
 * client's name, which a file name would carry into download folders and mail attachments.
 */
function pdfFileName(
  input: PlanPdfInput,
  audience: 'client' | 'clinician' | 'receiving',
  language: PlanLanguage,
): string {
  return `plan-${clientFileTag(input.client)}-v${input.plan.version}-${audience}${audience === 'client' ? `-${language}` : ''}.pdf`;
}

export interface PlanPdf {
  bytes: Buffer;
  filename: string;
}

/**
 * The consent under which the transition summary goes to the receiving program: of this plan's
 * client, for this plan, the full plan, in force, and naming as recipient a program the client was
 * referred to (not declined). Anything else refuses the disclosure.
 */
async function receivingConsent(
  db: Executor,
  organizationId: string,
  plan: PlanVersion,
  consentId: string | undefined,
  now: Date,
): Promise<Consent> {
  if (consentId === undefined) {
    throw new AppError('invalid_input', 'The transition summary needs the consent it is disclosed under.', [
      { path: 'consent', message: 'required for audience=receiving: the id of the Part 2 consent naming the program' },
    ]);
  }
  const consent = await getConsent(db, organizationId, consentId);
  if (!consent || consent.clientId !== plan.clientId || consent.planId !== plan.planId) {
    throw new AppError('invalid_input', 'No consent of this client for this plan has this id.', [
      { path: 'consent', message: 'no consent of this client for this plan has this id' },
    ]);
  }
  if (consentStatus(consent, now) !== 'active') {
    throw new AppError('conflict', 'This consent is no longer in force: nothing can be disclosed under it.');
  }
  if (consent.scope !== 'full-plan') {
    throw new AppError(
      'conflict',
      'This consent covers a summary of the plan only; the transition summary (medications, appointments) needs a consent to the full plan.',
    );
  }
  const referred = await listReferralsOfClient(db, organizationId, plan.clientId);
  const names = new Set<string>();
  for (const referral of referred) {
    if (referral.status === 'declined') continue;
    const program = await getProgram(db, referral.programId);
    if (program) names.add(program.program.name.trim().toLowerCase());
  }
  if (!names.has(consent.recipientName.trim().toLowerCase())) {
    throw new AppError(
      'conflict',
      'The consent does not name a program this client was referred to: the transition summary goes only to the receiving program the consent names.',
    );
  }
  return consent;
}

/** A PDF of a plan version for the client (plain language, finalised only) or the clinician (the clinical record). */
export async function exportPlanPdf(
  db: Executor,
  context: RequestContext,
  planId: string,
  options: {
    audience: 'client' | 'clinician' | 'receiving';
    language: PlanLanguage | undefined;
    version: number | undefined;
    consentId?: string | undefined;
  },
): Promise<PlanPdf> {
  const organizationId = context.actor.organizationId;
  let consent: Consent | undefined;
  const input = await db.transaction().execute(async (trx) => {
    const current = await getPlanVersion(trx, organizationId, planId);
    if (!current) return undefined;
    const plan =
      options.version !== undefined
        ? await getPlanVersion(trx, organizationId, planId, options.version)
        : options.audience !== 'clinician'
          ? await getLatestFinalVersion(trx, organizationId, planId)
          : current;
    if (!plan) {
      throw options.version !== undefined
        ? new AppError('not_found', `This plan has no version ${options.version}.`)
        : new AppError('conflict', 'The plan has no finalised version yet; the client PDF shows a finalised plan.');
    }
    if (options.audience !== 'clinician' && plan.status !== 'final') {
      throw new AppError(
        'conflict',
        `Version ${plan.version} is a draft; the ${options.audience} PDF shows a finalised plan.`,
      );
    }
    if (options.audience === 'receiving') {
      consent = await receivingConsent(trx, organizationId, plan, options.consentId, context.now);
      await recordAudit(trx, context, [
        { action: 'plan.disclose.receiving', resourceType: 'plan', resourceId: planId, clientId: plan.clientId },
        { action: 'consent.use', resourceType: 'consent', resourceId: consent.id, clientId: plan.clientId },
      ]);
    } else {
      await recordAudit(trx, context, [
        { action: 'plan.export.pdf', resourceType: 'plan', resourceId: planId, clientId: plan.clientId },
      ]);
    }
    return pdfInput(trx, organizationId, plan);
  });
  if (!input) throw await deniedPlan(db, context, 'plan.export.pdf', planId);
  const language = options.language ?? input.client.preferredLanguage;
  const definition =
    options.audience === 'client'
      ? clientPlanPdf(input, language)
      : consent
        ? receivingPlanPdf(input, consent)
        : clinicianPlanPdf(input);
  return {
    bytes: await renderPdf(definition),
    filename: pdfFileName(input, options.audience, language),
  };
}

/**
 * The plan as a FHIR R4 CarePlan with contained Goals, for the organisation's own use (audited as
 * `plan.export.fhir`); or, with `audience: 'receiving'`, the latest finalised version disclosed to
 * the program a full-plan Part 2 consent names, under the same rule as the receiving PDF, labelled
 * and with the redisclosure notice, audited as `plan.disclose.receiving.fhir` and `consent.use`.
 */
export async function exportCarePlan(
  db: Executor,
  context: RequestContext,
  planId: string,
  options: { audience?: 'clinician' | 'receiving' | undefined; consentId?: string | undefined } = {},
): Promise<CarePlan> {
  const organizationId = context.actor.organizationId;
  const receiving = options.audience === 'receiving';
  const resource = await db.transaction().execute(async (trx) => {
    const plan = receiving
      ? await getLatestFinalVersion(trx, organizationId, planId)
      : ((await getLatestFinalVersion(trx, organizationId, planId)) ??
        (await getPlanVersion(trx, organizationId, planId)));
    if (!plan) {
      if (receiving && (await getPlanVersion(trx, organizationId, planId))) {
        throw new AppError('conflict', 'The plan has no finalised version yet; only a finalised plan is disclosed.');
      }
      return undefined;
    }
    const consent = receiving
      ? await receivingConsent(trx, organizationId, plan, options.consentId, context.now)
      : undefined;
    await recordAudit(
      trx,
      context,
      consent
        ? [
            {
              action: 'plan.disclose.receiving.fhir',
              resourceType: 'plan',
              resourceId: planId,
              clientId: plan.clientId,
            },
            { action: 'consent.use', resourceType: 'consent', resourceId: consent.id, clientId: plan.clientId },
          ]
        : [{ action: 'plan.export.fhir', resourceType: 'plan', resourceId: planId, clientId: plan.clientId }],
    );
    const client = await getClient(trx, organizationId, plan.clientId);
    // The goals met are the clinic's own record of progress: in its own export, not in a disclosure.
    const goalsMet =
      !consent && plan.status === 'final'
        ? new Map(
            (await listGoalStatusesOfPlan(trx, organizationId, planId)).map((status) => [status.goalId, status.met]),
          )
        : undefined;
    const carePlan = carePlanOf(
      plan,
      documentOf(plan),
      {
        client: client?.displayName ?? 'unknown',
        author: (await nameOf(trx, plan.finalizedBy ?? plan.createdBy)) ?? 'unknown',
      },
      goalsMet,
    );
    return consent ? receivingCarePlan(carePlan, consent) : carePlan;
  });
  if (!resource) {
    throw await deniedPlan(db, context, receiving ? 'plan.disclose.receiving.fhir' : 'plan.export.fhir', planId);
  }
  return resource;
}

/** The current version of an assessment as a FHIR R4 QuestionnaireResponse. */
export async function exportAssessmentResponse(
  db: Executor,
  context: RequestContext,
  assessmentId: string,
): Promise<QuestionnaireResponse> {
  const organizationId = context.actor.organizationId;
  const resource = await db.transaction().execute(async (trx) => {
    const assessment = await getAssessment(trx, organizationId, assessmentId);
    if (!assessment) return undefined;
    await recordAudit(trx, context, [
      {
        action: 'assessment.export.fhir',
        resourceType: 'assessment',
        resourceId: assessmentId,
        clientId: assessment.clientId,
      },
    ]);
    const client = await getClient(trx, organizationId, assessment.clientId);
    return assessmentResponse(assessment, {
      client: client?.displayName ?? 'unknown',
      author: (await nameOf(trx, assessment.createdBy)) ?? 'unknown',
    });
  });
  if (!resource) {
    await recordAudit(db, context, [
      {
        action: 'assessment.export.fhir',
        resourceType: 'assessment',
        resourceId: assessmentId,
        clientId: null,
        outcome: 'denied',
      },
    ]);
    throw new AppError('not_found', 'No assessment with this id in your organisation.');
  }
  return resource;
}
