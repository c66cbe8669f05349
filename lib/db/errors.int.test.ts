// The database error classifier against the errors the driver adapters really raise, on SQLite and
// PostgreSQL: a foreign-key violation from a model query, a delete the database refuses, and raw
// SQL, each told apart from a unique-key violation; and on PostgreSQL the errors of a server that
// went away mid-query, mid-transaction and before connecting, each "busy" (503), never a fault.
import { describe, expect, it } from "vitest";
import { createDb, db } from "@/lib/db/client";
import { appErrorFromDatabase, isForeignKeyViolation, isUniqueViolation } from "@/lib/db/errors";
import { makeUser, makeWorkspace, roleOf } from "@/lib/testing/fixtures";
import { startTcpProxy } from "@/lib/testing/tcp-proxy";

/** The error `work` fails with. */
async function failure(work: Promise<unknown>): Promise<unknown> {
  return work.then(() => {
    throw new Error("expected the database to refuse this");
  }, (error: unknown) => error);
}

describe("isForeignKeyViolation", () => {
  it("recognises a row pointing at a missing one, a refused delete and raw SQL, and nothing else", async () => {
    const member = await makeUser();
    const workspace = await makeWorkspace({ members: [[member, "member"]] });
    const role = await roleOf(workspace, "member");
    const missingRole = 2_000_000_000;

    const violations = [
      await failure(db().membership.create({ data: { workspaceId: workspace.id, userId: (await makeUser()).id, roleId: missingRole } })),
      await failure(db().membership.updateMany({ where: { userId: member.id }, data: { roleId: missingRole } })),
      // A role still held (ON DELETE RESTRICT) cannot be deleted.
      await failure(db().role.delete({ where: { id: role.id } })),
      await failure(db().$executeRaw`INSERT INTO "Invitation" ("workspaceId", "email", "roleId", "tokenHash", "status", "expiresAt", "createdAt") VALUES (${workspace.id}, ${"fk@example.test"}, ${missingRole}, ${"fk-test-hash"}, ${"PENDING"}, ${new Date()}, ${new Date()})`),
    ];
    expect(violations.map(isForeignKeyViolation)).toEqual([true, true, true, true]);
    expect(violations.map(isUniqueViolation)).toEqual([false, false, false, false]);

    const duplicate = await failure(db().membership.create({ data: { workspaceId: workspace.id, userId: member.id, roleId: role.id } }));
    expect([isUniqueViolation(duplicate), isForeignKeyViolation(duplicate)]).toEqual([true, false]);
    expect([new Error("P2003"), { code: "P2003x" }, null, "P2003"].map(isForeignKeyViolation)).toEqual([false, false, false, false]);
  });
});

describe.skipIf(process.env.GATEHOUSE_TEST_DATABASE !== "postgres")("appErrorFromDatabase while PostgreSQL is down", () => {
  // Threat: a database restart answered 500 (or, read as no row, a wrong 401) instead of 503.
  it("answers SERVICE_BUSY with Retry-After for a query cut mid-flight, a broken transaction, a refused connection and raw SQL", async () => {
    const target = new URL(process.env.DATABASE_URL!);
    const proxy = await startTcpProxy({ port: 55434, target: { host: target.hostname, port: Number(target.port || 5432) } });
    const proxied = new URL(target);
    proxied.host = proxy.address;
    const client = createDb(proxied.toString());
    try {
      await client.user.count();
      const cutMidQuery = failure(client.$queryRaw`SELECT pg_sleep(2)`);
      const cutMidTransaction = failure(client.$transaction(async (tx) => {
        await tx.user.count();
        await new Promise((resolve) => setTimeout(resolve, 300));
        await tx.user.count();
      }));
      await new Promise((resolve) => setTimeout(resolve, 100));
      await proxy.cut();
      const errors = [await cutMidQuery, await cutMidTransaction, await failure(client.user.count()), await failure(client.$queryRaw`SELECT 1`), await failure(client.$transaction(async (tx) => tx.user.count()))];
      expect(errors.map((error) => appErrorFromDatabase(error)).map((mapped) => [mapped?.code, mapped?.details.retryAfter])).toEqual(Array.from({ length: 5 }, () => ["SERVICE_BUSY", 1]));
      await proxy.pass();
      // Recovered by itself: the pool opens new connections.
      expect(await client.user.count()).toBeGreaterThanOrEqual(0);
      expect(appErrorFromDatabase(new Error("Connection terminated unexpectedly but not by pg"))).toBeNull();
    } finally {
      await client.$disconnect();
      await proxy.close();
    }
  });
});
