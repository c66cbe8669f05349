// Threat: a query inside one workspace that forgets its `where` and reads or changes another
// tenant's rows. The workspace-scoped client adds the tenant to every query itself.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { createUser } from "@/lib/users";
import { addMember, createWorkspace } from "@/lib/workspaces";
import { workspaceDb } from "./scoped";

async function twoTenants() {
  const a = await createWorkspace({ name: "Tenant A", subdomain: `a-${Date.now()}` });
  const b = await createWorkspace({ name: "Tenant B", subdomain: `b-${Date.now()}` });
  const user = await createUser({ email: `member-${Date.now()}@example.com`, password: "a long enough password" });
  await addMember({ workspaceId: a.id, userId: user.id, roleKey: "member" });
  await addMember({ workspaceId: b.id, userId: user.id, roleKey: "analyst" });
  return { a, b, user };
}

describe("workspaceDb", () => {
  it("reads only its own tenant's rows, even with no where at all", async () => {
    const { a, b } = await twoTenants();
    const scoped = workspaceDb(a.id);
    const roles = await scoped.role.findMany();
    expect(roles.length).toBe(3);
    expect(roles.every((role) => role.workspaceId === a.id)).toBe(true);
    expect(await scoped.membership.count()).toBe(1);
    expect(await scoped.auditEvent.count({ where: { workspaceId: b.id } })).toBe(0);
  });

  it("cannot find, update or delete another tenant's row by its id", async () => {
    const { a, b } = await twoTenants();
    const roleOfB = await db().role.findFirstOrThrow({ where: { workspaceId: b.id, key: "member" } });
    const scoped = workspaceDb(a.id);
    expect(await scoped.role.findUnique({ where: { id: roleOfB.id } })).toBeNull();
    expect(await scoped.role.findFirst({ where: { id: roleOfB.id } })).toBeNull();
    await expect(scoped.role.update({ where: { id: roleOfB.id }, data: { name: "hijacked" } })).rejects.toThrow();
    await expect(scoped.role.delete({ where: { id: roleOfB.id } })).rejects.toThrow();
    expect((await scoped.role.updateMany({ where: { id: roleOfB.id }, data: { name: "hijacked" } })).count).toBe(0);
    expect((await scoped.role.deleteMany({ where: { id: roleOfB.id } })).count).toBe(0);
    expect((await db().role.findUniqueOrThrow({ where: { id: roleOfB.id } })).name).toBe("Member");
  });

  it("writes new rows into its own tenant whatever the caller passes", async () => {
    const { a, b } = await twoTenants();
    const created = await workspaceDb(a.id).auditEvent.create({ data: { action: "workspace.created", workspaceId: b.id } });
    expect(created.workspaceId).toBe(a.id);
    await workspaceDb(a.id).auditEvent.createMany({ data: [{ action: "workspace.created", workspaceId: b.id }] });
    expect(await db().auditEvent.count({ where: { workspaceId: b.id, action: "workspace.created", id: { gt: created.id } } })).toBe(0);
  });

  it("refuses to move a row to another tenant (threat: an update that re-homes a role)", async () => {
    const { a, b } = await twoTenants();
    const roleOfA = await db().role.findFirstOrThrow({ where: { workspaceId: a.id, key: "member" } });
    await expect(workspaceDb(a.id).role.update({ where: { id: roleOfA.id }, data: { workspaceId: b.id } })).rejects.toThrow(/may not change workspaceId/);
    await expect(workspaceDb(a.id).role.updateMany({ data: { workspaceId: b.id } })).rejects.toThrow(/may not change workspaceId/);
    expect((await db().role.findUniqueOrThrow({ where: { id: roleOfA.id } })).workspaceId).toBe(a.id);
  });

  it("leaves models without a tenant alone", async () => {
    const { a, user } = await twoTenants();
    expect(await workspaceDb(a.id).user.findUnique({ where: { id: user.id }, select: { id: true } })).toEqual({ id: user.id });
  });
});
