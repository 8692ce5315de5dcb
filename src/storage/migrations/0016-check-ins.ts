/**
 * Check-ins by link: each client's measurement schedule (when a clinician changed the default), and
 * the private, single-use, expiring links a client answers on their phone. Only the SHA-256 of a
 * link's code is kept; `submission_id` is the phone's own id for its answers, so a retry of a send
 * whose answer was lost is recognised instead of refused.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('measure_schedules')
    .ifNotExists()
    .addColumn('client_id', 'text', (c) => c.primaryKey().references('clients.id'))
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('entries', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('check_in_links')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('client_id', 'text', (c) => c.notNull().references('clients.id'))
    .addColumn('code_hash', 'text', (c) => c.notNull().unique())
    .addColumn('instruments', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull().check(sql`language in ('en', 'es')`))
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .addColumn('submission_id', 'text')
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema
    .createIndex('check_in_links_client')
    .ifNotExists()
    .on('check_in_links')
    .columns(['organization_id', 'client_id', 'created_at'])
    .execute();
}
