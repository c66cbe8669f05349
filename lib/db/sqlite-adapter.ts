import "server-only";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import type { SqlDriverAdapter, SqlDriverAdapterFactory, SqlQuery, SqlQueryable, Transaction } from "@prisma/driver-adapter-utils";
import type BetterSqlite3 from "better-sqlite3";
import { LRUCache } from "lru-cache";

/**
 * Three things the better-sqlite3 adapter leaves to its user, done here (hand-written: no
 * maintained adapter does them):
 * - **Waiting for the write lock on timers.** better-sqlite3 is synchronous: with a busy timeout
 *   it spins inside the driver while another connection (a second process, a backup, `sqlite3`
 *   in a terminal) holds the write lock, and the whole server stalls with it. Here the driver
 *   fails at once (`timeout: 0`) and the statement is retried on timers, so only the requests
 *   that need the lock wait; after `busyBudgetMs` the busy error reaches the caller (503).
 * - **WAL journal**, so readers never block a writer's commit and a writer never blocks reads:
 *   in the default rollback journal a second process's read-then-write transaction and ours
 *   wait for each other until one gives up.
 * - **Transactions that own the connection.** The adapter has one connection per client and
 *   runs every statement on it: a statement of another request issued while an interactive
 *   transaction is open would run inside it — seeing its uncommitted rows and rolled back with
 *   it after it was acknowledged. Statements outside the transaction wait until it ends, and a
 *   transaction takes the write lock when it begins (`BEGIN IMMEDIATE`), so it can never find,
 *   halfway through, that another process wrote since it read (SQLITE_BUSY_SNAPSHOT).
 * - **Prepared statements kept.** The adapter prepares every statement anew (a bound
 *   better-sqlite3 statement cannot be bound again): parsing and planning the hot path's joins
 *   cost more than running them. Here each SQL text is prepared once per connection.
 */
export function sqliteAdapter(file: string, { busyBudgetMs = 2000 }: { busyBudgetMs?: number } = {}): SqlDriverAdapterFactory {
  const inner = new PrismaBetterSqlite3({ url: file, timeout: 0 });
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    async connect() {
      const adapter = await inner.connect();
      keepPreparedStatements((adapter as unknown as { client: BetterSqlite3.Database }).client);
      // Persistent in the file; a no-op once set (and for `:memory:`, which has no journal file).
      await retryWhileBusy(() => adapter.executeScript("PRAGMA journal_mode = WAL"), busyBudgetMs);
      return connectionOwnedByTransactions(adapter, busyBudgetMs);
    },
  };
}

/** Statements kept per connection: the app's distinct SQL texts, with room to spare. */
const PREPARED_STATEMENTS_KEPT = 500;

/**
 * Makes `database.prepare` answer from a cache of statements, each handed out as a fresh view
 * that binds its arguments at the call instead of for good — all that the adapter
 * (@prisma/adapter-better-sqlite3 7.10.0, pinned) does with a statement: `prepare(sql).bind(args)`,
 * then `reader`, `columns()`, `raw().all()` or `run()`; and `prepare(sql).run()`. Every call runs
 * to completion synchronously, so no two uses of one statement ever overlap.
 */
export function keepPreparedStatements(database: BetterSqlite3.Database): void {
  const prepare = database.prepare.bind(database);
  // A statement's result columns are fixed by its SQL text while the schema stays (the app never
  // alters it while serving); the adapter asks for them on every query, and building them cost
  // a tenth of a millisecond on the hot path's joins.
  const kept = new LRUCache<string, { statement: BetterSqlite3.Statement; columns?: BetterSqlite3.ColumnDefinition[] }>({ max: PREPARED_STATEMENTS_KEPT });
  const bound = (entry: { statement: BetterSqlite3.Statement; columns?: BetterSqlite3.ColumnDefinition[] }, args: unknown[]) => ({
    reader: entry.statement.reader,
    columns: () => (entry.columns ??= entry.statement.columns()),
    run: () => entry.statement.run(...args),
    raw: () => ({ all: () => entry.statement.raw(true).all(...args) }),
  });
  database.prepare = ((sql: string) => {
    let entry = kept.get(sql);
    if (!entry) kept.set(sql, (entry = { statement: prepare(sql) }));
    const ready = entry;
    return { reader: ready.statement.reader, run: (...args: unknown[]) => ready.statement.run(...args), bind: (args: unknown[]) => bound(ready, args) };
  }) as unknown as BetterSqlite3.Database["prepare"];
}

/** Whether a driver error is SQLite's "database is locked" (the adapter reports it as a timeout). */
function isBusy(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { name?: string }).name === "DriverAdapterError" && (error as { cause?: { kind?: string } }).cause?.kind === "SocketTimeout";
}

async function retryWhileBusy<T>(run: () => Promise<T>, budgetMs: number): Promise<T> {
  const giveUpAt = Date.now() + budgetMs;
  for (let delay = 2; ; delay = Math.min(delay * 2, 100)) {
    try {
      return await run();
    } catch (error) {
      if (!isBusy(error) || Date.now() + delay > giveUpAt) throw error;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

const statement = (sql: string): SqlQuery => ({ sql, args: [], argTypes: [] });

function connectionOwnedByTransactions(adapter: SqlDriverAdapter, budgetMs: number): SqlDriverAdapter {
  // Each wait below is followed, with no `await` in between, by the statement it waited for
  // (better-sqlite3 runs it at the call) or by taking the connection: nothing can slip in.
  /** Settles when the open transaction ends; null while none is open. */
  let openTransaction: Promise<void> | null = null;
  const outside = <R>(run: () => Promise<R>): Promise<R> =>
    retryWhileBusy(async () => {
      while (openTransaction) await openTransaction;
      return run();
    }, budgetMs);
  const within = <R>(run: () => Promise<R>): Promise<R> => retryWhileBusy(run, budgetMs);

  async function startTransaction(): Promise<Transaction> {
    let end!: () => void;
    await retryWhileBusy(async () => {
      while (openTransaction) await openTransaction;
      openTransaction = new Promise<void>((resolve) => (end = resolve));
      try {
        await adapter.executeRaw(statement("BEGIN IMMEDIATE"));
      } catch (error) {
        openTransaction = null;
        end();
        throw error;
      }
    }, budgetMs);
    const finish = async () => {
      openTransaction = null;
      end();
    };
    // Prisma sends ROLLBACK before calling rollback(), except when its COMMIT failed: then this
    // one ends the transaction, so the connection never goes on inside it (an error here means
    // there was none left to end).
    const rollback = async () => {
      await adapter.executeRaw(statement("ROLLBACK")).catch(() => undefined);
      await finish();
    };
    return {
      provider: adapter.provider,
      adapterName: adapter.adapterName,
      // Prisma sends COMMIT and ROLLBACK itself; commit() and rollback() only hand the connection back.
      options: { usePhantomQuery: false },
      queryRaw: (query) => within(() => adapter.queryRaw(query)),
      executeRaw: (query) => within(() => adapter.executeRaw(query)),
      commit: finish,
      rollback,
      createSavepoint: async (name) => void (await within(() => adapter.executeRaw(statement(`SAVEPOINT ${name}`)))),
      rollbackToSavepoint: async (name) => void (await within(() => adapter.executeRaw(statement(`ROLLBACK TO ${name}`)))),
      releaseSavepoint: async (name) => void (await within(() => adapter.executeRaw(statement(`RELEASE SAVEPOINT ${name}`)))),
    };
  }

  const owned: SqlQueryable = {
    provider: adapter.provider,
    adapterName: adapter.adapterName,
    queryRaw: (query) => outside(() => adapter.queryRaw(query)),
    executeRaw: (query) => outside(() => adapter.executeRaw(query)),
  };
  return {
    ...owned,
    executeScript: (script) => outside(() => adapter.executeScript(script)),
    startTransaction,
    getConnectionInfo: adapter.getConnectionInfo?.bind(adapter),
    dispose: () => adapter.dispose(),
  };
}
