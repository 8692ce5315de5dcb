/**
 * Email reminders, goals met, and the caseload's reads:
 *   - clients.email: where check-in reminders go (optional; no address, no reminder);
 *   - check_in_reminders: one row per client and due occurrence (the `due_key`, unique per client),
 *     so a reminder is never sent twice; it stays `pending` through failed attempts (retried at
 *     `next_attempt_at`, with backoff) until it is `sent` or no longer due (`cancelled`);
 *   - plan_goal_statuses: whether each goal of a client's plan is met, as the clinician last set it,
 *     kept beside the plan (a finalised plan version never changes) and keyed by the goal's id,
 *     which stays the same across versions;
 *   - measure_schedules by organisation (read whole by the caseload) and measure_latest by client
 *     (read by the reminder sweep across organisations).
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const tables = await db.introspection.getTables();
  const clients = tables.find((table) => table.name === 'clients');
  if (!clients?.columns.some((column) => column.name === 'email')) {
    await db.schema.alterTable('clients').addColumn('email', 'text').execute();
  }

  await db.schema
    .createTable('check_in_reminders')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('client_id', 'text', (c) => c.notNull().references('clients.id'))
    .addColumn('due_key', 'text', (c) => c.notNull())
    .addColumn('instruments', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'sent', 'cancelled')`))
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('link_id', 'text', (c) => c.references('check_in_links.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .addUniqueConstraint('check_in_reminders_due', ['client_id', 'due_key'])
    .execute();
  await db.schema
    .createIndex('check_in_reminders_pending')
    .ifNotExists()
    .on('check_in_reminders')
    .columns(['status', 'next_attempt_at'])
    .execute();

  await db.schema
    .createTable('plan_goal_statuses')
    .ifNotExists()
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('client_id', 'text', (c) => c.notNull().references('clients.id'))
    .addColumn('plan_id', 'text', (c) => c.notNull().references('plans.id'))
    .addColumn('goal_id', 'text', (c) => c.notNull())
    .addColumn('met', 'integer', (c) => c.notNull().check(sql`met in (0, 1)`))
    .addColumn('note', 'text')
    .addColumn('updated_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('plan_goal_statuses_pk', ['plan_id', 'goal_id'])
    .execute();
  await db.schema
    .createIndex('plan_goal_statuses_client')
    .ifNotExists()
    .on('plan_goal_statuses')
    .columns(['organization_id', 'client_id'])
    .execute();

  await db.schema
    .createIndex('measure_schedules_organization')
    .ifNotExists()
    .on('measure_schedules')
    .columns(['organization_id'])
    .execute();
  await db.schema
    .createIndex('measure_latest_client')
    .ifNotExists()
    .on('measure_latest')
    .columns(['client_id'])
    .execute();
}
