/**
 * Kysely's driver for SQLite, with prepared statements kept and, for the server, group commit.
 *
 * better-sqlite3 commits on the event loop, and with `synchronous = FULL` every commit waits for
 * the disk. Every read of client data writes audit events, so every such request used to cost one
 * disk flush, during which the whole server stood still. With group commit, each transaction is a
 * savepoint inside one open batch transaction; the batch commits once the current turn of the event
 * loop has run, so all the transactions of the requests that arrived together share one flush.
 *
 * Nothing acknowledged may be lost, so a caller must not report a transaction as done before
 * `settled()` resolves: the server waits for it before it sends any response. If the batch cannot
 * commit, `settled()` rejects for every caller in it, and none of them may report success. A
 * transaction that fails is rolled back to its savepoint alone; the others in the batch stay.
 *
 * Statements outside a transaction run as they come: while a batch is open they are part of it
 * (SQLite has one transaction per connection), so the same rule covers them.
 */
import type SQLite from 'better-sqlite3';
import {
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
} from 'kysely';

/** The part of better-sqlite3 the driver uses: statements come from a cache in front of `prepare`. */
export interface StatementSource {
  prepare(sql: string): SQLite.Statement;
  readonly inTransaction: boolean;
  close(): void;
}

class Mutex {
  #held: Promise<void> | undefined;
  #release: (() => void) | undefined;

  async lock(): Promise<void> {
    while (this.#held) await this.#held;
    this.#held = new Promise((resolve) => {
      this.#release = resolve;
    });
  }

  unlock(): void {
    const release = this.#release;
    this.#held = undefined;
    this.#release = undefined;
    release?.();
  }
}

class Connection implements DatabaseConnection {
  constructor(private readonly source: StatementSource) {}

  executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    return Promise.resolve(this.run<R>(compiled.sql, compiled.parameters));
  }

  run<R>(sql: string, parameters: readonly unknown[] = []): QueryResult<R> {
    const statement = this.source.prepare(sql);
    if (statement.reader) return { rows: statement.all(parameters) as R[] };
    const { changes, lastInsertRowid } = statement.run(parameters);
    return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
  }

  streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming queries are not used with SQLite here');
  }
}

interface Batch {
  /** Batches are numbered in the order they open. */
  seq: number;
  done: Promise<void>;
  resolve: () => void;
  reject: (error: unknown) => void;
}

function newBatch(seq: number): Batch {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const done = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // The failure reaches every caller that waits; a batch nobody waited for must not crash the process.
  done.catch(() => undefined);
  return { seq, done, resolve, reject };
}

const SAVEPOINT = 'stepdown_transaction';

export class BatchLostError extends Error {
  constructor(cause: unknown) {
    super('the database could not commit a batch of transactions', { cause });
    this.name = 'BatchLostError';
  }
}

export class SqliteDriver implements Driver {
  readonly #source: StatementSource;
  readonly #connection: Connection;
  readonly #mutex = new Mutex();
  readonly #groupCommit: boolean;
  #batch: Batch | undefined;
  #nextSeq = 0;
  /** The newest batch that could not commit, or -1. */
  #lastLostSeq = -1;

  constructor(source: StatementSource, options: { groupCommit: boolean }) {
    this.#source = source;
    this.#connection = new Connection(source);
    this.#groupCommit = options.groupCommit;
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    await this.#mutex.lock();
    return this.#connection;
  }

  releaseConnection(): Promise<void> {
    this.#mutex.unlock();
    return Promise.resolve();
  }

  beginTransaction(): Promise<void> {
    if (!this.#groupCommit) {
      this.#connection.run('begin');
      return Promise.resolve();
    }
    if (this.#batch === undefined) {
      // Immediate: the batch will write (audit events at least); take the write lock now rather
      // than meet another writer halfway through.
      this.#connection.run('begin immediate');
      this.#batch = newBatch(this.#nextSeq++);
      // After the requests of this turn of the event loop have had their turn.
      setImmediate(() => void this.#commitBatch());
    }
    this.#connection.run(`savepoint ${SAVEPOINT}`);
    return Promise.resolve();
  }

  commitTransaction(): Promise<void> {
    this.#connection.run(this.#groupCommit ? `release ${SAVEPOINT}` : 'commit');
    return Promise.resolve();
  }

  rollbackTransaction(): Promise<void> {
    if (!this.#groupCommit) {
      if (this.#source.inTransaction) this.#connection.run('rollback');
      return Promise.resolve();
    }
    if (this.#source.inTransaction) {
      this.#connection.run(`rollback to ${SAVEPOINT}`);
      this.#connection.run(`release ${SAVEPOINT}`);
    } else {
      // Some errors (a full disk, an I/O error) make SQLite roll back the whole batch at once.
      this.#failBatch(new Error('SQLite rolled back the open transaction after an error'));
    }
    return Promise.resolve();
  }

  /**
   * A mark for `settled`: every transaction that starts after it joins the batch open now or a
   * later one.
   */
  mark(): number {
    return this.#batch?.seq ?? this.#nextSeq;
  }

  /**
   * Resolves when every transaction finished so far is on disk. Rejects with BatchLostError when a
   * batch could not commit that any transaction since `since` (a `mark()`) may have joined: when its
   * batch failed before the caller asked, as much as when it fails while the caller waits. Without
   * `since`, only the batch open now counts.
   */
  settled(since?: number): Promise<void> {
    if (since !== undefined && this.#lastLostSeq >= since) {
      return Promise.reject(new BatchLostError(new Error(`batch ${this.#lastLostSeq} could not commit`)));
    }
    return this.#batch?.done ?? Promise.resolve();
  }

  async destroy(): Promise<void> {
    await this.#commitBatch();
    this.#source.close();
  }

  async #commitBatch(): Promise<void> {
    await this.#mutex.lock();
    try {
      const batch = this.#batch;
      if (batch === undefined) return;
      this.#batch = undefined;
      if (!this.#source.inTransaction) {
        this.#lose(batch, new Error('the batch transaction was no longer open'));
        return;
      }
      try {
        this.#connection.run('commit');
        batch.resolve();
      } catch (error) {
        if (this.#source.inTransaction) this.#connection.run('rollback');
        this.#lose(batch, error);
      }
    } finally {
      this.#mutex.unlock();
    }
  }

  #failBatch(cause: unknown): void {
    const batch = this.#batch;
    this.#batch = undefined;
    if (batch) this.#lose(batch, cause);
  }

  #lose(batch: Batch, cause: unknown): void {
    this.#lastLostSeq = Math.max(this.#lastLostSeq, batch.seq);
    batch.reject(new BatchLostError(cause));
  }
}

/** Kysely's SQLite dialect with this driver in place of its own. */
export function sqliteDialect(driver: SqliteDriver): Dialect {
  return {
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => driver,
    createQueryCompiler: () => new SqliteQueryCompiler(),
    createIntrospector: (db: Kysely<unknown>) => new SqliteIntrospector(db),
  };
}
