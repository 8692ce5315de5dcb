/**
 * Clients get `search_ref`, the external reference lower-cased by the application, as `search_name`
 * is for the name. Searching with SQL lower() gave different answers per engine: SQLite folds only
 * ASCII, PostgreSQL folds by the server's locale, so "ÅSA-7" was found on one and not the other.
 */
import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';

export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema.alterTable('clients').addColumn('search_ref', 'text').execute();
}
