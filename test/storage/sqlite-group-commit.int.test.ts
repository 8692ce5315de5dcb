/**
 * SQLite group commit (src/storage/sqlite-driver.ts): transactions that finish together share one
 * commit, and `settled()` is the only promise that they are on disk. Checked against a second,
 * independent connection to the same file, which sees only what was really committed.
 */
import SQLite from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/storage/database.js';
import { BatchLostError } from '../../src/storage/sqlite-driver.js';

// The tests use their own tables, not the application schema.
type AnyDb = Kysely<Record<string, Record<string, unknown>>>;

describe('SQLite group commit', () => {
  let dir: string;
  let path: string;
  let handle: DatabaseHandle;
  let db: AnyDb;
  let observer: SQLite.Database;

  /** What another connection sees: only committed rows. */
  const committedIds = () =>
    (observer.prepare('select id from notes order by id').all() as Array<{ id: number }>).map((row) => row.id);

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'stepdown-group-commit-'));
    path = join(dir, 'test.db');
    handle = openDatabase({ kind: 'sqlite', path }, { groupCommit: true });
    db = handle.db as unknown as AnyDb;
    await sql`create table owners (id integer primary key)`.execute(db);
    await sql`create table notes (id integer primary key, owner integer references owners (id), body text not null)`.execute(
      db,
    );
    await sql`insert into owners (id) values (1)`.execute(db);
    observer = new SQLite(path, { readonly: true });
  });

  afterEach(async () => {
    observer.close();
    await handle.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const insertNote = (id: number) =>
    db.transaction().execute(async (trx) => {
      await sql`insert into notes (id, owner, body) values (${id}, 1, ${`note ${id}`})`.execute(trx);
    });

  it('commits the transactions of one turn together, and only then settles', async () => {
    await Promise.all([1, 2, 3, 4, 5].map(insertNote));
    // Each transaction has finished, but the batch has not committed yet: nothing is on disk.
    expect(committedIds()).toEqual([]);
    await handle.settled();
    expect(committedIds()).toEqual([1, 2, 3, 4, 5]);
    // Later transactions form a new batch.
    await insertNote(6);
    expect(committedIds()).toEqual([1, 2, 3, 4, 5]);
    await handle.settled();
    expect(committedIds()).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('settles at once when nothing is waiting', async () => {
    await expect(handle.settled()).resolves.toBeUndefined();
  });

  it('rolls back a failed transaction alone; the others in its batch commit', async () => {
    const failing = db.transaction().execute(async (trx) => {
      await sql`insert into notes (id, owner, body) values (10, 1, 'half done')`.execute(trx);
      throw new Error('the service refused halfway');
    });
    const results = await Promise.allSettled([insertNote(1), failing, insertNote(2)]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    await handle.settled();
    expect(committedIds()).toEqual([1, 2]);
  });

  it('rejects settled() for everyone in a batch that cannot commit, and saves none of it', async () => {
    await insertNote(1);
    // A deferred foreign key is checked at commit: this batch's commit must fail.
    await db.transaction().execute(async (trx) => {
      await sql`pragma defer_foreign_keys = on`.execute(trx);
      await sql`insert into notes (id, owner, body) values (2, 99, 'no such owner')`.execute(trx);
    });
    await expect(handle.settled()).rejects.toBeInstanceOf(BatchLostError);
    expect(committedIds()).toEqual([]);
    // The database goes on working with the next batch.
    await insertNote(3);
    await handle.settled();
    expect(committedIds()).toEqual([3]);
  });

  it('rejects settled(mark) when a batch since the mark failed, even once a later batch is open', async () => {
    const mark = handle.commitMark();
    // This caller's transaction joins a batch that will fail at commit ...
    await db.transaction().execute(async (trx) => {
      await sql`pragma defer_foreign_keys = on`.execute(trx);
      await sql`insert into notes (id, owner, body) values (1, 99, 'no such owner')`.execute(trx);
    });
    // ... the caller goes on with other work meanwhile (a PDF, say), the batch commits and fails ...
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    // ... and someone else's transaction opens the next batch, which will commit.
    const laterMark = handle.commitMark();
    await insertNote(2);
    await expect(handle.settled(mark)).rejects.toBeInstanceOf(BatchLostError);
    // Work that started after the failure is not refused for it.
    await expect(handle.settled(laterMark)).resolves.toBeUndefined();
    expect(committedIds()).toEqual([2]);
  });

  it('commits an open batch on close', async () => {
    await insertNote(1);
    expect(committedIds()).toEqual([]);
    observer.close();
    await handle.close();
    const reopened = new SQLite(path, { readonly: true });
    try {
      expect(reopened.prepare('select id from notes').all()).toEqual([{ id: 1 }]);
    } finally {
      reopened.close();
    }
    // afterEach closes both again; make that harmless.
    observer = new SQLite(path, { readonly: true });
    handle = openDatabase({ kind: 'sqlite', path }, { groupCommit: true });
  });

  it('lets statements outside a transaction see the open batch, and keeps them in it', async () => {
    await insertNote(1);
    const { rows } = await sql<{ n: number }>`select count(*) as n from notes`.execute(db);
    expect(rows).toEqual([{ n: 1 }]);
    await sql`insert into notes (id, owner, body) values (2, 1, 'outside')`.execute(db);
    expect(committedIds()).toEqual([]);
    await handle.settled();
    expect(committedIds()).toEqual([1, 2]);
  });
});
