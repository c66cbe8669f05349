import "server-only";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import type { SqlDriverAdapter, SqlDriverAdapterFactory, SqlQueryable, Transaction } from "@prisma/driver-adapter-utils";

/**
 * better-sqlite3 is synchronous: with a busy timeout it spins inside the driver while another
 * connection (a second process, a backup, `sqlite3` in a terminal) holds the write lock, and the
 * whole server — JWKS, the sign-in page, every request — stalls with it. Here the driver fails
 * at once (`timeout: 0`) and the statement is retried on timers, so only the requests that need
 * the lock wait; after `busyBudgetMs` the busy error reaches the caller, which answers 503.
 * Hand-written: the adapter has no asynchronous busy handling of its own.
 */
export function sqliteAdapter(file: string, { busyBudgetMs = 2000 }: { busyBudgetMs?: number } = {}): SqlDriverAdapterFactory {
  const inner = new PrismaBetterSqlite3({ url: file, timeout: 0 });
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    async connect() {
      return withBusyRetry(await inner.connect(), busyBudgetMs);
    },
  };
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

/** The queryable with its statements retried while the database is busy. */
function retrying<Q extends SqlQueryable>(queryable: Q, budgetMs: number): Q {
  return new Proxy(queryable, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (property === "queryRaw" || property === "executeRaw") {
        const run = value as (query: Parameters<Q["queryRaw"]>[0]) => Promise<unknown>;
        return (query: Parameters<Q["queryRaw"]>[0]) => retryWhileBusy(() => run.call(target, query), budgetMs);
      }
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

function withBusyRetry(adapter: SqlDriverAdapter, budgetMs: number): SqlDriverAdapter {
  const wrapped = retrying(adapter, budgetMs);
  return new Proxy(wrapped, {
    get(target, property, receiver) {
      if (property === "startTransaction") {
        return async (...args: Parameters<SqlDriverAdapter["startTransaction"]>): Promise<Transaction> => retrying(await adapter.startTransaction(...args), budgetMs);
      }
      return Reflect.get(target, property, receiver);
    },
  });
}
