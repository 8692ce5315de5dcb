/**
 * Step signals: each step-up or step-down signal the signal rules raised for a client, kept so the
 * clinic can count what was raised and what was done about it. A row is one stretch of its rule
 * firing for that client: raised when an evaluation first finds the rule holding, and `cleared_at`
 * set when a later evaluation finds it no longer holds. Before that it may be handled: acted on
 * with a note by a user, or reassessed (a new assessment of the client, named). At most one row per
 * client and rule is not cleared, so a handled signal is not raised again while its rule still holds.
 * The basis is kept as evaluated (the rule's text, and each fact with its value), with the rule
 * set's id, version and hash.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('step_signals')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('client_id', 'text', (c) => c.notNull().references('clients.id'))
    .addColumn('rule_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('step-up', 'step-down')`))
    .addColumn('urgency', 'text', (c) => c.notNull())
    .addColumn('ruleset_id', 'text', (c) => c.notNull())
    .addColumn('ruleset_version', 'text', (c) => c.notNull())
    .addColumn('ruleset_hash', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('basis', 'text', (c) => c.notNull())
    .addColumn('raised_at', 'text', (c) => c.notNull())
    .addColumn('acknowledged_at', 'text')
    .addColumn('acknowledged_by', 'text', (c) => c.references('users.id'))
    .addColumn('note', 'text')
    .addColumn('reassessed_at', 'text')
    .addColumn('reassessment_id', 'text', (c) => c.references('assessments.id'))
    .addColumn('cleared_at', 'text')
    .addCheckConstraint('step_signals_handled_once', sql`acknowledged_at is null or reassessed_at is null`)
    .execute();
  await db.schema
    .createIndex('step_signals_live')
    .ifNotExists()
    .unique()
    .on('step_signals')
    .columns(['client_id', 'rule_id'])
    .where(sql.ref('cleared_at'), 'is', null)
    .execute();
  await db.schema
    .createIndex('step_signals_organization_raised')
    .ifNotExists()
    .on('step_signals')
    .columns(['organization_id', 'raised_at'])
    .execute();
}
