/**
 * When each client last gave each instrument, kept beside the measures so the caseload reads one
 * row per client and instrument instead of grouping a year of results (156,000 rows for a clinic of
 * 2,000: the grouped read alone took 170 ms; see bench/README.md). Filled from the measures already
 * stored, then kept by every insert.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('measure_latest')
    .ifNotExists()
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('client_id', 'text', (c) => c.notNull().references('clients.id'))
    .addColumn('instrument_id', 'text', (c) => c.notNull())
    .addColumn('last_taken_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('measure_latest_pk', ['organization_id', 'client_id', 'instrument_id'])
    .execute();
  await sql`
    insert into measure_latest (organization_id, client_id, instrument_id, last_taken_at)
    select organization_id, client_id, instrument_id, max(taken_at) from measures
    group by organization_id, client_id, instrument_id
    on conflict (organization_id, client_id, instrument_id) do nothing`.execute(db);
}
