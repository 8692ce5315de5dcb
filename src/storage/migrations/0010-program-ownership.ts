/**
 * The program directory gets owners (decision 9). Imported directory programs (owner null) change
 * only through the operator's command line; a program a clinic adds is owned by that clinic, and
 * only its admins change it. A clinic may keep its own note on any program, seen by its users
 * alone. Every change to a program, or to a clinic's note on one, is kept with who made it, when,
 * and the values before and after.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('programs')
    .addColumn('owner_organization_id', 'text', (c) => c.references('organizations.id'))
    .execute();
  await db.schema.createIndex('programs_owner').on('programs').column('owner_organization_id').execute();

  await db.schema
    .createTable('program_notes')
    .addColumn('program_id', 'text', (c) => c.notNull().references('programs.id'))
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('program_notes_pk', ['program_id', 'organization_id'])
    .execute();

  await db.schema
    .createTable('program_changes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('program_id', 'text', (c) => c.notNull().references('programs.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull().check(sql`action in ('create', 'update', 'tracks', 'note')`))
    .addColumn('actor_kind', 'text', (c) => c.notNull().check(sql`actor_kind in ('user', 'system')`))
    .addColumn('actor_user_id', 'text', (c) => c.references('users.id'))
    /** The acting user's organisation; null for the operator (the command line). */
    .addColumn('organization_id', 'text', (c) => c.references('organizations.id'))
    /** For a note: the clinic whose note it is (only its users see the change). Null otherwise. */
    .addColumn('note_organization_id', 'text', (c) => c.references('organizations.id'))
    .addColumn('before', 'text')
    .addColumn('after', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('program_changes_program').on('program_changes').columns(['program_id', 'at']).execute();
}
