/**
 * The two dates of a plan's latest finalised version that whole-clinic reads need, kept on the
 * plan itself: `final_reassess_by` (the caseload's "needs reassessment") and
 * `final_discharge_date` (the outcomes' episode start). Reading them out of each version's
 * document cost the caseload 50 to 100 ms on PostgreSQL for a clinic of 2,000 (each document is
 * about 11 KB and stored out of line, so even a text pattern has to fetch and decompress it); the
 * columns cost nothing to read. Finalising a version writes them; this fills them for plans
 * finalised before it.
 */
import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../database.js';

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const plans = (await db.introspection.getTables()).find((table) => table.name === 'plans');
  for (const column of ['final_reassess_by', 'final_discharge_date']) {
    if (!plans?.columns.some((c) => c.name === column)) {
      await db.schema.alterTable('plans').addColumn(column, 'text').execute();
    }
  }
  // Only a date written as text in the document counts; anything else there is not a date.
  const dateIn = (key: string) =>
    dialect === 'postgres'
      ? sql`(select case when jsonb_typeof(v.document::jsonb -> ${sql.lit(key)}) = 'string'
                    then v.document::jsonb ->> ${sql.lit(key)} end
             from plan_versions v
             where v.plan_id = plans.id and v.version = plans.latest_final_version)`
      : sql`(select case when json_type(v.document, ${sql.lit(`$.${key}`)}) = 'text'
                    then json_extract(v.document, ${sql.lit(`$.${key}`)}) end
             from plan_versions v
             where v.plan_id = plans.id and v.version = plans.latest_final_version)`;
  await sql`
    update plans
    set final_reassess_by = ${dateIn('reassessBy')}, final_discharge_date = ${dateIn('dischargeDate')}
    where latest_final_version is not null`.execute(db);
}
