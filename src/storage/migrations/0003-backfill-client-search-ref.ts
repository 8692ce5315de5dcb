/** Fills `search_ref` for clients stored before it existed (data, kept apart from the schema change). */
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../database.js';

export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  const rows = await sql<{
    id: string;
    external_ref: string;
  }>`select id, external_ref from clients where external_ref is not null and search_ref is null`.execute(db);
  for (const row of rows.rows) {
    await sql`update clients set search_ref = ${row.external_ref.toLowerCase()} where id = ${row.id}`.execute(db);
  }
}
