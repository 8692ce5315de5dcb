/**
 * Who a record is about, and when, in local terms (issue 11):
 * - `organizations.time_zone`: the clinic's IANA time zone (null: the server's);
 * - `clients.birth_date`: an optional date of birth, shown beside the name to tell clients apart;
 * - `referral_status_changes.note` and `effective_on`: what happened and on which day, per change;
 * - `clients.search_name` and `search_ref` refolded without accents, so "davila" finds "Dávila"
 *   on both engines (the fold is copied here as it was when this migration was written).
 */
import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../database.js';

function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .normalize('NFC');
}

async function hasColumn(db: Kysely<unknown>, table: string, column: string): Promise<boolean> {
  const tables = await db.introspection.getTables();
  return tables.some((t) => t.name === table && t.columns.some((c) => c.name === column));
}

export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  const columns: Array<[string, string]> = [
    ['organizations', 'time_zone'],
    ['clients', 'birth_date'],
    ['referral_status_changes', 'note'],
    ['referral_status_changes', 'effective_on'],
  ];
  for (const [table, column] of columns) {
    if (!(await hasColumn(db, table, column))) await db.schema.alterTable(table).addColumn(column, 'text').execute();
  }
  await db.schema
    .createIndex('clients_birth_date')
    .ifNotExists()
    .on('clients')
    .columns(['organization_id', 'birth_date'])
    .execute();

  const rows = await sql<{
    id: string;
    display_name: string;
    external_ref: string | null;
  }>`select id, display_name, external_ref from clients`.execute(db);
  for (const row of rows.rows) {
    await sql`update clients set search_name = ${fold(row.display_name)}, search_ref = ${
      row.external_ref === null ? null : fold(row.external_ref)
    } where id = ${row.id}`.execute(db);
  }
}
