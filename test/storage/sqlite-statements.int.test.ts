/**
 * SQLite keeps its prepared statements between queries (src/storage/database.ts). Reusing one must
 * never change an answer: the same SQL with other parameters, a schema change, and more distinct
 * queries than the cache holds all still give what a freshly prepared statement gives.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';

describe('SQLite prepared statements', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase('sqlite', { migrate: false });
    await sql`create table notes (id integer primary key, body text not null)`.execute(database.handle.db);
  });

  afterAll(async () => {
    await database.drop();
  });

  it('runs the same SQL again with other parameters', async () => {
    const db = database.handle.db;
    for (let id = 1; id <= 5; id++) await sql`insert into notes (id, body) values (${id}, ${`note ${id}`})`.execute(db);
    for (let id = 5; id >= 1; id--) {
      const { rows } = await sql<{ body: string }>`select body from notes where id = ${id}`.execute(db);
      expect(rows).toEqual([{ body: `note ${id}` }]);
    }
  });

  it('sees a column added after the statement was first prepared', async () => {
    const db = database.handle.db;
    const before = await sql<Record<string, unknown>>`select * from notes where id = ${1}`.execute(db);
    expect(Object.keys(before.rows[0] ?? {})).toEqual(['id', 'body']);
    await sql`alter table notes add column tag text`.execute(db);
    const after = await sql<Record<string, unknown>>`select * from notes where id = ${1}`.execute(db);
    expect(after.rows).toEqual([{ id: 1, body: 'note 1', tag: null }]);
  });

  it('answers correctly after more distinct queries than the cache keeps', async () => {
    const db = database.handle.db;
    for (let round = 0; round < 2; round++) {
      for (let n = 0; n < 300; n++) {
        const { rows } = await sql<{ n: number; body: string }>`select ${sql.lit(n)} as n, body from notes where id = ${
          (n % 5) + 1
        }`.execute(db);
        expect(rows).toEqual([{ n, body: `note ${(n % 5) + 1}` }]);
      }
    }
  });
});
