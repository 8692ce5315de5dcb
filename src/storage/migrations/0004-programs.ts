/**
 * The program directory and referrals. A program keeps what the last import said (`imported`)
 * apart from what an admin changed by hand (`overrides`, tracks, accepting new clients), so a newer
 * SAMHSA file updates the first and never touches the second. Referral status changes are kept as
 * a history, one row per change.
 */
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../database.js';

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('programs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('facility_key', 'text', (c) => c.notNull())
    .addColumn('location_id', 'text', (c) => c.notNull())
    .addColumn('setting', 'text', (c) =>
      c.notNull().check(sql`setting in ('op', 'iop', 'php', 'residential', 'inpatient', 'withdrawal-management')`),
    )
    // Byte order in both engines, so listing by name pages the same on SQLite and PostgreSQL.
    .addColumn('name', dialect === 'postgres' ? sql`text collate "C"` : 'text', (c) => c.notNull())
    .addColumn('imported', 'text', (c) => c.notNull())
    .addColumn('overrides', 'text', (c) => c.notNull())
    .addColumn('import_hash', 'text', (c) => c.notNull())
    .addColumn('edition', 'text', (c) => c.notNull())
    .addColumn('accepting_new_clients', 'integer')
    .addColumn('accepting_confirmed_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('programs_setting_name').on('programs').columns(['setting', 'name', 'id']).execute();
  await db.schema.createIndex('programs_location').on('programs').column('location_id').execute();
  await db.schema.createIndex('programs_updated').on('programs').column('updated_at').execute();

  await db.schema
    .createTable('program_tracks')
    .addColumn('program_id', 'text', (c) => c.notNull().references('programs.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('slots', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('program_tracks_pk', ['program_id', 'position'])
    .execute();

  await db.schema
    .createTable('referrals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('client_id', 'text', (c) => c.notNull().references('clients.id'))
    .addColumn('program_id', 'text', (c) => c.notNull().references('programs.id'))
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('sent', 'accepted', 'first-session-attended', 'declined')`),
    )
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('referrals_client').on('referrals').columns(['client_id', 'created_at']).execute();
  await db.schema.createIndex('referrals_organization').on('referrals').column('organization_id').execute();

  await db.schema
    .createTable('referral_status_changes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('referral_id', 'text', (c) => c.notNull().references('referrals.id'))
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('sent', 'accepted', 'first-session-attended', 'declined')`),
    )
    .addColumn('changed_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('changed_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('referral_status_changes_referral')
    .on('referral_status_changes')
    .columns(['referral_id', 'changed_at'])
    .execute();
}
