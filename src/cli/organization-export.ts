/**
 * The records of one organisation as a stream of `stepdown/export@1` lines, read through the
 * repositories a page or a client at a time, so memory does not grow with the organisation.
 *
 * Lines, in this order, each a JSON object whose `type` says what it is:
 *   stepdown-export       the header: format, exportedAt, the organisation's id and name
 *   organization          the organisation
 *   user                  each user (no password hash, no sessions)
 *   client                each client, archived ones included, by name; then that client's
 *     assessment          each assessment with every version (document, stored recommendation, rule set)
 *     plan                each discharge plan with every version, its acknowledgements and share codes
 *     consent             each consent (no recipient code hash)
 *     referral            each referral with its status history and the program it went to
 *     measure             each measure (a result of an instrument: answers, total, severity, scores) with its alerts
 *     measure-schedule    the client's measurement schedule, when a clinician changed the default
 *     check-in-link       each check-in link: what it asked, when made, used, expired (never its code or hash)
 *     check-in-reminder   each reminder email: for which occurrence, when sent, attempts (never the address it went to)
 *     goal-status         whether each goal of the client's plans is met, as last set
 *     step-signal         each step-up or step-down signal raised, with its basis and how it was closed
 *   cds-feedback          what its clinicians did with Stepdown's CDS cards in their EHR, oldest first
 *   audit-event           the organisation's audit log, newest first
 *   stepdown-export-end   the counts of every type; a file without this last line is incomplete
 */
import { listAssessmentsOfClient, getAssessment, listVersionNumbers } from '../storage/assessments.js';
import { listAuditEvents } from '../storage/audit.js';
import { type CdsFeedback, listCdsFeedback } from '../storage/cds-feedback.js';
import { listMeasuresOfClient } from '../storage/measures.js';
import { getMeasureSchedule, listCheckInLinksOfClient } from '../storage/check-ins.js';
import { listGoalStatusesOfClient } from '../storage/goal-statuses.js';
import { listRemindersOfClient } from '../storage/reminders.js';
import { listClients } from '../storage/clients.js';
import { listConsentsOfClient } from '../storage/consents.js';
import type { Executor } from '../storage/executor.js';
import { listAcknowledgements, listShareCodesOfPlan } from '../storage/plan-shares.js';
import { getPlanVersion, listPlansOfClient, listPlanVersionSummaries } from '../storage/plans.js';
import { getProgram } from '../storage/programs.js';
import type { Organization } from '../storage/records.js';
import { listReferralsOfClient } from '../storage/referrals.js';
import { listStepSignalsOfClient } from '../storage/step-signals.js';
import { listUsers } from '../storage/users.js';

export const EXPORT_FORMAT = 'stepdown/export@1';

/** One line of the export. */
export type ExportLine = { type: string } & Record<string, unknown>;

export interface ExportCounts {
  organizations: number;
  users: number;
  clients: number;
  assessments: number;
  assessmentVersions: number;
  plans: number;
  planVersions: number;
  planAcknowledgements: number;
  planShareCodes: number;
  consents: number;
  referrals: number;
  measures: number;
  measureAlerts: number;
  measureSchedules: number;
  checkInLinks: number;
  checkInReminders: number;
  goalStatuses: number;
  stepSignals: number;
  cdsFeedback: number;
  auditEvents: number;
}

/** What the walk has read so far: the counts, and the clients whose records it read (for the audit log). */
export interface ExportProgress {
  counts: ExportCounts;
  clientIds: string[];
}

const CLIENT_PAGE = 200;
const AUDIT_PAGE = 1_000;

export function emptyProgress(): ExportProgress {
  return {
    counts: {
      organizations: 0,
      users: 0,
      clients: 0,
      assessments: 0,
      assessmentVersions: 0,
      plans: 0,
      planVersions: 0,
      planAcknowledgements: 0,
      planShareCodes: 0,
      consents: 0,
      referrals: 0,
      measures: 0,
      measureAlerts: 0,
      measureSchedules: 0,
      checkInLinks: 0,
      checkInReminders: 0,
      goalStatuses: 0,
      stepSignals: 0,
      cdsFeedback: 0,
      auditEvents: 0,
    },
    clientIds: [],
  };
}

/** A program as a referral names it: enough to find it again outside Stepdown. */
type ReferredProgram = { id: string; name: string; setting: string; location: unknown; contact: unknown } | null;

async function* clientRecords(
  db: Executor,
  organizationId: string,
  clientId: string,
  progress: ExportProgress,
  programs: (id: string) => Promise<ReferredProgram>,
): AsyncGenerator<ExportLine> {
  const { counts } = progress;
  for (const current of await listAssessmentsOfClient(db, organizationId, clientId)) {
    const versions = [];
    for (const number of await listVersionNumbers(db, organizationId, current.assessmentId)) {
      const version = await getAssessment(db, organizationId, current.assessmentId, number);
      if (!version) continue;
      versions.push({
        version: version.version,
        document: version.document,
        recommendation: version.recommendation,
        ruleset: version.ruleset,
        createdBy: version.createdBy,
        createdAt: version.createdAt,
      });
    }
    counts.assessments += 1;
    counts.assessmentVersions += versions.length;
    yield { type: 'assessment', id: current.assessmentId, clientId, currentVersion: current.version, versions };
  }

  for (const current of await listPlansOfClient(db, organizationId, clientId)) {
    const versions = [];
    for (const summary of await listPlanVersionSummaries(db, organizationId, current.planId)) {
      const version = await getPlanVersion(db, organizationId, current.planId, summary.version);
      if (!version) continue;
      versions.push({
        version: version.version,
        status: version.status,
        amends: version.amends,
        document: version.document,
        createdBy: version.createdBy,
        createdAt: version.createdAt,
        finalizedBy: version.finalizedBy,
        finalizedAt: version.finalizedAt,
        attestation: version.attestation,
        confirmedNewerAssessment: version.confirmedNewerAssessment,
      });
    }
    const acknowledgements = await listAcknowledgements(db, organizationId, current.planId);
    const shareCodes = await listShareCodesOfPlan(db, organizationId, current.planId);
    counts.plans += 1;
    counts.planVersions += versions.length;
    counts.planAcknowledgements += acknowledgements.length;
    counts.planShareCodes += shareCodes.length;
    yield {
      type: 'plan',
      id: current.planId,
      clientId,
      assessmentId: current.assessmentId,
      assessmentVersion: current.assessmentVersion,
      currentVersion: current.currentVersion,
      latestFinalVersion: current.latestFinalVersion,
      versions,
      acknowledgements,
      shareCodes,
    };
  }

  for (const consent of await listConsentsOfClient(db, organizationId, clientId)) {
    counts.consents += 1;
    yield { type: 'consent', ...consent };
  }

  for (const referral of await listReferralsOfClient(db, organizationId, clientId)) {
    counts.referrals += 1;
    yield { type: 'referral', ...referral, program: await programs(referral.programId) };
  }

  // Oldest first, as they were taken: the order a reader charts them in.
  for (const measure of (await listMeasuresOfClient(db, organizationId, clientId)).reverse()) {
    counts.measures += 1;
    counts.measureAlerts += measure.alerts.length;
    yield { type: 'measure', ...measure };
  }

  const schedule = await getMeasureSchedule(db, organizationId, clientId);
  if (schedule) {
    counts.measureSchedules += 1;
    yield { type: 'measure-schedule', ...schedule };
  }
  // The link record has no code: only its hash is stored, and that never leaves the database.
  for (const link of (await listCheckInLinksOfClient(db, organizationId, clientId)).reverse()) {
    counts.checkInLinks += 1;
    yield { type: 'check-in-link', ...link };
  }
  for (const reminder of await listRemindersOfClient(db, organizationId, clientId)) {
    counts.checkInReminders += 1;
    yield { type: 'check-in-reminder', ...reminder };
  }
  for (const status of await listGoalStatusesOfClient(db, organizationId, clientId)) {
    counts.goalStatuses += 1;
    yield { type: 'goal-status', ...status };
  }
  // Oldest first, as they were raised.
  for (const signal of (await listStepSignalsOfClient(db, organizationId, clientId)).reverse()) {
    counts.stepSignals += 1;
    yield { type: 'step-signal', ...signal };
  }
}

/**
 * Yields the organisation's records in the order above. Run it inside one transaction (a snapshot)
 * so the lines agree with each other; `progress` is filled in as it goes.
 */
export async function* organizationExport(
  db: Executor,
  organization: Organization,
  exportedAt: string,
  progress: ExportProgress,
): AsyncGenerator<ExportLine> {
  const { counts } = progress;
  yield {
    type: 'stepdown-export',
    format: EXPORT_FORMAT,
    exportedAt,
    organization: { id: organization.id, name: organization.name },
  };
  counts.organizations += 1;
  yield { type: 'organization', ...organization };

  for (const user of await listUsers(db, organization.id)) {
    counts.users += 1;
    yield { type: 'user', ...user };
  }

  // Many referrals go to the same few programs: read each once.
  const referred = new Map<string, ReferredProgram>();
  const programs = async (id: string): Promise<ReferredProgram> => {
    if (!referred.has(id)) {
      const stored = await getProgram(db, id);
      referred.set(
        id,
        stored
          ? {
              id,
              name: stored.program.name,
              setting: stored.program.setting,
              location: stored.program.location,
              contact: stored.program.contact,
            }
          : null,
      );
    }
    return referred.get(id) ?? null;
  };

  let cursor: string | undefined;
  do {
    const page = await listClients(db, organization.id, { limit: CLIENT_PAGE, archived: 'include', cursor });
    for (const client of page.items) {
      counts.clients += 1;
      progress.clientIds.push(client.id);
      yield { type: 'client', ...client };
      yield* clientRecords(db, organization.id, client.id, progress, programs);
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);

  let feedback: CdsFeedback | undefined;
  do {
    const page = await listCdsFeedback(db, organization.id, { limit: AUDIT_PAGE, after: feedback });
    for (const entry of page) {
      counts.cdsFeedback += 1;
      yield { type: 'cds-feedback', ...entry };
    }
    feedback = page.length === AUDIT_PAGE ? page.at(-1) : undefined;
  } while (feedback !== undefined);

  cursor = undefined;
  do {
    const page = await listAuditEvents(db, organization.id, { limit: AUDIT_PAGE, cursor });
    for (const event of page.items) {
      counts.auditEvents += 1;
      yield { type: 'audit-event', ...event };
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);

  yield { type: 'stepdown-export-end', format: EXPORT_FORMAT, counts: { ...counts } };
}
