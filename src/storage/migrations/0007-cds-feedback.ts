/**
 * What clinicians did with Stepdown's CDS cards in their EHR (CDS Hooks feedback): accepted, or
 * overridden with one of our variance reasons. Kept so a clinic can see how often, and why, the
 * level the rules point to is not the level chosen. No patient identifier and no free text.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('cds_feedback')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('organization_id', 'text', (c) => c.references('organizations.id'))
    .addColumn('issuer', 'text', (c) => c.notNull())
    .addColumn('card_id', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull().check(sql`outcome in ('accepted', 'overridden')`))
    .addColumn('reason_code', 'text')
    .addColumn('outcome_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('cds_feedback_organization')
    .on('cds_feedback')
    .columns(['organization_id', 'received_at'])
    .execute();
}
