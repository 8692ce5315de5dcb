/**
 * A plan version finalised while the client had a newer assessment than the one the plan starts
 * from keeps which newer assessment (id and version) the clinician was shown and confirmed
 * finalising anyway. Null for every other version. Set in the same update that finalises the
 * version, which the lock of 0005 allows (it is the version's one change).
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('plan_versions').addColumn('confirmed_newer_assessment_id', 'text').execute();
  await db.schema.alterTable('plan_versions').addColumn('confirmed_newer_assessment_version', 'integer').execute();
}
