// The database error classifier against the errors the driver adapters really raise, on SQLite and
// PostgreSQL: a foreign-key violation from a model query, a delete the database refuses, and raw
// SQL, each told apart from a unique-key violation.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { isForeignKeyViolation, isUniqueViolation } from "@/lib/db/errors";
import { makeUser, makeWorkspace, roleOf } from "@/lib/testing/fixtures";

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
