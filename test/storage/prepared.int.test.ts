/**
 * preparedQuery (src/storage/prepared.ts) compiles a query once per dialect and binds new values
 * afterwards. It must give what the query builder gives, on both engines, and refuse a query whose
 * parameters are not exactly its arguments in order, since binding would then go wrong silently.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Executor } from '../../src/storage/executor.js';
import { preparedQuery } from '../../src/storage/prepared.js';
import { createTestDatabase, testDialects, type TestDatabase } from '../support/databases.js';

describe.each(testDialects())('preparedQuery on %s', (dialect) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    const db = database.handle.db;
    for (const [i, name] of ['Alder', 'Birch', 'Cedar'].entries()) {
      await db
        .insertInto('organizations')
        .values({
          id: `org-${i}`,
          name,
          name_key: name.toLowerCase(),
          phone: null,
          email: null,
          address: null,
          created_at: `2026-01-0${i + 1}T00:00:00.000Z`,
        })
        .execute();
    }
  });
  afterAll(async () => {
    await database.drop();
  });

  const byNameAndDate = preparedQuery((db: Executor, name: string, after: string) =>
    db.selectFrom('organizations').select(['id', 'name']).where('name', '=', name).where('created_at', '>', after),
  );

  it('answers as the query builder does, call after call, with new values', async () => {
    const db = database.handle.db;
    for (const [name, after] of [
      ['Birch', '2026-01-01T00:00:00.000Z'],
      ['Cedar', '2026-01-01T00:00:00.000Z'],
      ['Alder', '2026-01-02T00:00:00.000Z'],
      ['Nobody', '2000-01-01T00:00:00.000Z'],
    ] as const) {
      const direct = await db
        .selectFrom('organizations')
        .select(['id', 'name'])
        .where('name', '=', name)
        .where('created_at', '>', after)
        .execute();
      expect(await byNameAndDate(db, name, after)).toEqual(direct);
    }
    expect(await byNameAndDate(db, 'Cedar', '2026-01-01T00:00:00.000Z')).toEqual([{ id: 'org-2', name: 'Cedar' }]);
  });

  it('runs inside a transaction', async () => {
    await database.handle.db.transaction().execute(async (trx) => {
      expect(await byNameAndDate(trx, 'Alder', '2025-12-31T00:00:00.000Z')).toEqual([{ id: 'org-0', name: 'Alder' }]);
    });
  });

  it('refuses a query that uses its parameters out of order', async () => {
    const swapped = preparedQuery((db: Executor, name: string, after: string) =>
      db.selectFrom('organizations').select('id').where('created_at', '>', after).where('name', '=', name),
    );
    await expect(swapped(database.handle.db, 'Alder', '2025-01-01T00:00:00.000Z')).rejects.toThrow(/in order/);
  });
});
