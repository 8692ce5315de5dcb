/**
 * Sign-in guessing limits that hold under parallel attempts and across server processes.
 *
 * `users.sign_in_seq` numbers every sign-in attempt an account has admitted, so a success can tell
 * the failures that arrived before it (which it clears) from those that arrived after it (which it
 * must leave). `rate_limits` keeps the per-address request counts (sign-in, share pages) in the
 * database, where every process sees them and a restart does not forget them.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('sign_in_seq', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createTable('rate_limits')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('hits', 'integer', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rate_limits_expires_at').on('rate_limits').column('expires_at').execute();
}
