/**
 * One-time set-password links (issue 11, item 9): an admin adds a user without choosing their
 * password and gives them a link; the user opens it and chooses their own. As with share codes and
 * check-in links, only the SHA-256 of a link's code is kept, so a copy of the database opens no
 * account. A link works once (`used_at`), until `expires_at`, and stops when a newer link for the
 * same user is made (`revoked_at`).
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('set_password_links')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('code_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema
    .createIndex('set_password_links_user')
    .ifNotExists()
    .on('set_password_links')
    .columns(['organization_id', 'user_id', 'created_at'])
    .execute();
}
