/**
 * Assessments and their versions. Saving never overwrites: each save is a new version holding the
 * assessment document, the recommendation the engine computed for it, and the rule set used.
 */
import { randomUUID } from 'node:crypto';
import type { Executor } from './executor.js';
import type { AssessmentVersion, RulesetRef } from './records.js';
import type { AssessmentVersionsTable, AssessmentsTable } from './schema.js';

export class VersionConflictError extends Error {
  constructor(readonly currentVersion: number) {
    super(`the assessment is at version ${currentVersion}`);
    this.name = 'VersionConflictError';
  }
}

function toVersion(
  head: Pick<AssessmentsTable, 'client_id' | 'organization_id'>,
  row: AssessmentVersionsTable,
): AssessmentVersion {
  return {
    assessmentId: row.assessment_id,
    clientId: head.client_id,
    organizationId: head.organization_id,
    version: row.version,
    document: JSON.parse(row.document) as unknown,
    recommendation: JSON.parse(row.recommendation) as unknown,
    ruleset: { id: row.ruleset_id, version: row.ruleset_version, hash: row.ruleset_hash },
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

export interface SavedAssessment {
  document: unknown;
  recommendation: unknown;
  ruleset: RulesetRef;
  createdBy: string;
  now: string;
}

function versionRow(assessmentId: string, version: number, input: SavedAssessment): AssessmentVersionsTable {
  return {
    assessment_id: assessmentId,
    version,
    document: JSON.stringify(input.document),
    recommendation: JSON.stringify(input.recommendation),
    ruleset_id: input.ruleset.id,
    ruleset_version: input.ruleset.version,
    ruleset_hash: input.ruleset.hash,
    created_by: input.createdBy,
    created_at: input.now,
  };
}

/** Creates an assessment for a client with its first version. Call inside a transaction. */
export async function insertAssessment(
  db: Executor,
  scope: { organizationId: string; clientId: string },
  input: SavedAssessment,
): Promise<AssessmentVersion> {
  const head: AssessmentsTable = {
    id: randomUUID(),
    organization_id: scope.organizationId,
    client_id: scope.clientId,
    current_version: 1,
    created_by: input.createdBy,
    created_at: input.now,
    updated_at: input.now,
  };
  await db.insertInto('assessments').values(head).execute();
  const row = versionRow(head.id, 1, input);
  await db.insertInto('assessment_versions').values(row).execute();
  return toVersion(head, row);
}

/**
 * Adds a version. With `expectedVersion`, refuses (VersionConflictError) when someone else saved
 * first. Returns undefined when the assessment does not exist in the organisation.
 * Call inside a transaction.
 */
export async function addAssessmentVersion(
  db: Executor,
  organizationId: string,
  assessmentId: string,
  input: SavedAssessment & { expectedVersion?: number | undefined },
): Promise<AssessmentVersion | undefined> {
  const head = await db
    .selectFrom('assessments')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', assessmentId)
    .executeTakeFirst();
  if (!head) return undefined;
  if (input.expectedVersion !== undefined && input.expectedVersion !== head.current_version) {
    throw new VersionConflictError(head.current_version);
  }
  const version = head.current_version + 1;
  // The guarded update makes a concurrent save of the same version fail instead of both winning.
  const updated = await db
    .updateTable('assessments')
    .set({ current_version: version, updated_at: input.now })
    .where('id', '=', assessmentId)
    .where('current_version', '=', head.current_version)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) throw new VersionConflictError(head.current_version + 1);
  const row = versionRow(assessmentId, version, input);
  await db.insertInto('assessment_versions').values(row).execute();
  return toVersion(head, row);
}

/** The id of the client an assessment is about, or undefined when it is not in the organisation. */
export async function getAssessmentClientId(
  db: Executor,
  organizationId: string,
  assessmentId: string,
): Promise<string | undefined> {
  const head = await db
    .selectFrom('assessments')
    .select('client_id')
    .where('organization_id', '=', organizationId)
    .where('id', '=', assessmentId)
    .executeTakeFirst();
  return head?.client_id;
}

/** One version of an assessment (the current one when `version` is omitted). */
export async function getAssessment(
  db: Executor,
  organizationId: string,
  assessmentId: string,
  version?: number,
): Promise<AssessmentVersion | undefined> {
  const head = await db
    .selectFrom('assessments')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', assessmentId)
    .executeTakeFirst();
  if (!head) return undefined;
  const row = await db
    .selectFrom('assessment_versions')
    .selectAll()
    .where('assessment_id', '=', assessmentId)
    .where('version', '=', version ?? head.current_version)
    .executeTakeFirst();
  return row ? toVersion(head, row) : undefined;
}

/** The query for the current version of each of a client's assessments, most recently started first. */
function currentVersionsOfClient(db: Executor, organizationId: string, clientId: string) {
  return db
    .selectFrom('assessments as a')
    .innerJoin('assessment_versions as v', (join) =>
      join.onRef('v.assessment_id', '=', 'a.id').onRef('v.version', '=', 'a.current_version'),
    )
    .select([
      'a.client_id',
      'a.organization_id',
      'v.assessment_id',
      'v.version',
      'v.document',
      'v.recommendation',
      'v.ruleset_id',
      'v.ruleset_version',
      'v.ruleset_hash',
      'v.created_by',
      'v.created_at',
    ])
    .where('a.organization_id', '=', organizationId)
    .where('a.client_id', '=', clientId)
    .orderBy('a.created_at', 'desc')
    .orderBy('a.id', 'desc');
}

/** The current version of every assessment of a client, newest first. */
export async function listAssessmentsOfClient(
  db: Executor,
  organizationId: string,
  clientId: string,
): Promise<AssessmentVersion[]> {
  const rows = await currentVersionsOfClient(db, organizationId, clientId).execute();
  return rows.map((row) => toVersion(row, row));
}

/** Every version number of an assessment, oldest first. */
export async function listVersionNumbers(
  db: Executor,
  organizationId: string,
  assessmentId: string,
): Promise<number[]> {
  const rows = await db
    .selectFrom('assessment_versions as v')
    .innerJoin('assessments as a', 'a.id', 'v.assessment_id')
    .select('v.version')
    .where('a.organization_id', '=', organizationId)
    .where('v.assessment_id', '=', assessmentId)
    .orderBy('v.version')
    .execute();
  return rows.map((row) => row.version);
}

/**
 * The client's current assessment: the current version of their most recently started assessment
 * (the first of listAssessmentsOfClient, which a new plan starts from), or undefined when they have none.
 */
export async function getCurrentAssessmentOfClient(
  db: Executor,
  organizationId: string,
  clientId: string,
): Promise<AssessmentVersion | undefined> {
  const row = await currentVersionsOfClient(db, organizationId, clientId).limit(1).executeTakeFirst();
  return row ? toVersion(row, row) : undefined;
}
