// The statement cache under the better-sqlite3 adapter: each SQL text prepared once, and every use
// bound to its own arguments (a cached statement answering with another call's arguments would
// hand one request another's rows).
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { keepPreparedStatements, sqliteAdapter } from "./sqlite-adapter";

const query = (sql: string, args: unknown[] = []) => ({ sql, args, argTypes: args.map(() => ({ scalarType: "int", arity: "scalar" }) as const) });

describe("keepPreparedStatements", () => {
  it("prepares each SQL text once and binds every use to its own arguments", () => {
    const database = new Database(":memory:");
    database.defaultSafeIntegers(true);
    let prepared = 0;
    const original = database.prepare.bind(database);
    database.prepare = ((sql: string) => (prepared++, original(sql))) as typeof database.prepare;
    keepPreparedStatements(database);

    database.prepare("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)").run();
    for (const [id, name] of [[1, "ada"], [2, "bob"]] as const) database.prepare("INSERT INTO t (id, name) VALUES (?, ?)").bind([id, name]).run();
    const select = "SELECT id, name FROM t WHERE id = ?";
    const first = database.prepare(select).bind([1]);
    const second = database.prepare(select).bind([2]);
    expect(first.reader).toBe(true);
    expect(first.columns().map((column) => column.name)).toEqual(["id", "name"]);
    // Described once per statement, not per use.
    expect(second.columns()).toBe(first.columns());
    // Bound views of one statement keep their own arguments, in whatever order they are used.
    expect(second.raw().all()).toEqual([[2n, "bob"]]);
    expect(first.raw().all()).toEqual([[1n, "ada"]]);
    expect(prepared).toBe(3);
  });
});

describe("sqliteAdapter with kept statements", () => {
  it("answers each query with its own rows, inside and outside a transaction", async () => {
    const adapter = await sqliteAdapter(":memory:").connect();
    await adapter.executeScript("CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER)");
    for (const id of [1, 2, 3]) expect(await adapter.executeRaw(query("INSERT INTO t (id, n) VALUES (?, ?)", [id, id * 10]))).toBe(1);
    const select = (id: number) => adapter.queryRaw(query("SELECT n FROM t WHERE id = ?", [id]));
    expect((await select(2)).rows).toEqual([[20]]);
    expect((await select(3)).rows).toEqual([[30]]);

    const transaction = await adapter.startTransaction();
    await transaction.executeRaw(query("UPDATE t SET n = ? WHERE id = ?", [21, 2]));
    expect((await transaction.queryRaw(query("SELECT n FROM t WHERE id = ?", [2]))).rows).toEqual([[21]]);
    await transaction.executeRaw(query("ROLLBACK"));
    await transaction.rollback();
    expect((await select(2)).rows).toEqual([[20]]);
    await adapter.dispose();
  });
});
