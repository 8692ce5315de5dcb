/**
 * Two things several server processes, and several clinics, must agree on:
 *
 * - Organisation names are unique by their normalised form (`name_key`: NFKC, case-folded, spaces
 *   collapsed; see core/organization-name.ts), so no clinic can take a name that only looks
 *   different from another's. Existing names are keyed here; should two already share a key, the
 *   later one's key is marked with its id, so the migration never fails on old data and the
 *   operator can rename one of them.
 * - The CDS Hooks tokens already used (`cds_token_uses`), so a token works once across every
 *   process and after a restart; kept until the token expires.
 */
import { sql, type Kysely } from 'kysely';

/** The normalised form as this migration computed it (frozen here: core/organization-name.ts may change). */
function nameKey(name: string): string {
  return name
    .normalize('NFKC')
    .replace(/\p{Cf}/gu, '')
    .toUpperCase()
    .toLowerCase()
    .normalize('NFKC')
    .replace(/[\s\p{Zs}]+/gu, ' ')
    .trim();
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('organizations').addColumn('name_key', 'text').execute();
  const rows = await sql<{
    id: string;
    name: string;
  }>`select id, name from organizations order by created_at, id`.execute(db);
  const taken = new Set<string>();
  for (const row of rows.rows) {
    let key = nameKey(row.name);
    if (taken.has(key)) key = `${key} #${row.id}`;
    taken.add(key);
    await sql`update organizations set name_key = ${key} where id = ${row.id}`.execute(db);
  }
  // Named as PostgreSQL names a column's UNIQUE constraint, so one check recognises it on both engines.
  await db.schema.createIndex('organizations_name_key_key').on('organizations').column('name_key').unique().execute();

  await db.schema
    .createTable('cds_token_uses')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('cds_token_uses_expires').on('cds_token_uses').column('expires_at').execute();
}
