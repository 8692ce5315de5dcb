/**
 * Discharge plans and what hangs off them: versioned plan documents (a finalised version is locked
 * by trigger on both engines: the only change a version ever takes is being finalised, once),
 * the client's acknowledgements, the client's share codes (only a hash of each code is kept), and
 * the columns a Part 2 consent needs to disclose a plan to a named recipient through a link.
 */
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../database.js';

async function lockFinalisedVersions(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  if (dialect === 'postgres') {
    await sql`
      create function plan_versions_locked() returns trigger language plpgsql as $$
      begin
        if tg_op = 'DELETE' then
          raise exception 'plan versions are never deleted';
        end if;
        if old.status = 'final' or new.status <> 'final'
          or new.document is distinct from old.document or new.plan_id <> old.plan_id
          or new.version <> old.version or new.created_at <> old.created_at then
          raise exception 'a plan version can only be finalised, once';
        end if;
        return new;
      end;
      $$`.execute(db);
    await sql`
      create trigger plan_versions_lock before update or delete on plan_versions
      for each row execute function plan_versions_locked()`.execute(db);
    return;
  }
  await sql`
    create trigger plan_versions_lock before update on plan_versions
    when old.status = 'final' or new.status <> 'final' or new.document <> old.document
      or new.plan_id <> old.plan_id or new.version <> old.version or new.created_at <> old.created_at
    begin select raise(abort, 'a plan version can only be finalised, once'); end`.execute(db);
  await sql`
    create trigger plan_versions_no_delete before delete on plan_versions
    begin select raise(abort, 'plan versions are never deleted'); end`.execute(db);
}

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('plans')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('client_id', 'text', (c) => c.notNull().references('clients.id'))
    .addColumn('assessment_id', 'text', (c) => c.notNull().references('assessments.id'))
    .addColumn('assessment_version', 'integer', (c) => c.notNull())
    .addColumn('current_version', 'integer', (c) => c.notNull())
    .addColumn('latest_final_version', 'integer')
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('plans_client').on('plans').columns(['client_id', 'created_at']).execute();

  await db.schema
    .createTable('plan_versions')
    .addColumn('plan_id', 'text', (c) => c.notNull().references('plans.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('document', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('draft', 'final')`))
    .addColumn('amends', 'integer')
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('finalized_by', 'text', (c) => c.references('users.id'))
    .addColumn('finalized_at', 'text')
    .addColumn('attestation', 'text')
    .addPrimaryKeyConstraint('plan_versions_pk', ['plan_id', 'version'])
    .execute();
  await lockFinalisedVersions(db, dialect);

  await db.schema
    .createTable('plan_acknowledgements')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('plan_id', 'text', (c) => c.notNull().references('plans.id'))
    .addColumn('plan_version', 'integer', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull().references('clients.id'))
    .addColumn('via', 'text', (c) => c.notNull().check(sql`via in ('clinician', 'share')`))
    .addColumn('recorded_by', 'text', (c) => c.references('users.id'))
    .addColumn('language', 'text', (c) => c.notNull().check(sql`language in ('en', 'es')`))
    .addColumn('acknowledged_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('plan_acknowledgements_plan')
    .on('plan_acknowledgements')
    .columns(['plan_id', 'acknowledged_at'])
    .execute();

  await db.schema
    .createTable('plan_share_codes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('plan_id', 'text', (c) => c.notNull().references('plans.id'))
    .addColumn('client_id', 'text', (c) => c.notNull().references('clients.id'))
    .addColumn('code_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .addColumn('revoked_by', 'text', (c) => c.references('users.id'))
    .execute();
  await db.schema.createIndex('plan_share_codes_plan').on('plan_share_codes').column('plan_id').execute();

  // SQLite adds one column per statement; a unique constraint comes as an index of its own.
  await db.schema
    .alterTable('consents')
    .addColumn('plan_id', 'text', (c) => c.references('plans.id'))
    .execute();
  await db.schema.alterTable('consents').addColumn('scope', 'text').execute();
  await db.schema.alterTable('consents').addColumn('patient_name', 'text').execute();
  await db.schema.alterTable('consents').addColumn('signed_by', 'text').execute();
  await db.schema.alterTable('consents').addColumn('representative_authority', 'text').execute();
  await db.schema.alterTable('consents').addColumn('code_hash', 'text').execute();
  await db.schema
    .alterTable('consents')
    .addColumn('revoked_by', 'text', (c) => c.references('users.id'))
    .execute();
  await db.schema.createIndex('consents_code_hash').on('consents').column('code_hash').unique().execute();
}
