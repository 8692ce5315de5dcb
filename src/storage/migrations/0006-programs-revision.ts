/**
 * A revision number for the program directory, raised by every transaction that writes programs,
 * so a server holding a matching index learns in one tiny read that the directory changed (an
 * import run from the command line, say). Timestamps cannot tell: one import writes many batches
 * with the same time.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('programs_revision')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('revision', 'integer', (c) => c.notNull())
    .execute();
  await sql`insert into programs_revision (id, revision) values (1, 0)`.execute(db);
}
