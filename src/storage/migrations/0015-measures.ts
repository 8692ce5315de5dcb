/**
 * Measures: each scored result of an instrument for a client (the answers as given, the total,
 * severity and subscale scores the core computed, when it was taken and who entered it), and the
 * safety alerts a result raised, open until a clinician acknowledges them with a note.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('measures')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('client_id', 'text', (c) => c.notNull().references('clients.id'))
    .addColumn('instrument_id', 'text', (c) => c.notNull())
    .addColumn('instrument_version', 'text', (c) => c.notNull())
    .addColumn('answers', 'text', (c) => c.notNull())
    .addColumn('total', 'integer')
    .addColumn('severity', 'text')
    .addColumn('scores', 'text', (c) => c.notNull())
    .addColumn('sex', 'text', (c) => c.check(sql`sex in ('female', 'male')`))
    .addColumn('taken_at', 'text', (c) => c.notNull())
    .addColumn('via', 'text', (c) => c.notNull().check(sql`via in ('clinician', 'check-in')`))
    .addColumn('entered_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('measures_client_instrument')
    .ifNotExists()
    .on('measures')
    .columns(['organization_id', 'client_id', 'instrument_id', 'taken_at'])
    .execute();
  await db.schema
    .createIndex('measures_organization_taken')
    .ifNotExists()
    .on('measures')
    .columns(['organization_id', 'taken_at'])
    .execute();

  await db.schema
    .createTable('measure_alerts')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('client_id', 'text', (c) => c.notNull().references('clients.id'))
    .addColumn('measure_id', 'text', (c) => c.notNull().references('measures.id'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('safety')`))
    .addColumn('item', 'integer', (c) => c.notNull())
    .addColumn('link_id', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('raised_at', 'text', (c) => c.notNull())
    .addColumn('acknowledged_at', 'text')
    .addColumn('acknowledged_by', 'text', (c) => c.references('users.id'))
    .addColumn('note', 'text')
    .execute();
  await db.schema
    .createIndex('measure_alerts_open')
    .ifNotExists()
    .on('measure_alerts')
    .columns(['organization_id', 'acknowledged_at', 'client_id'])
    .execute();
  await db.schema
    .createIndex('measure_alerts_measure')
    .ifNotExists()
    .on('measure_alerts')
    .columns(['measure_id'])
    .execute();
}
