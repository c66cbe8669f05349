import { describe, expect, it } from "vitest";
import { ALL_AUTHORITIES, parseAuthorities } from "@/lib/auth/authorities";
import { db } from "@/lib/db/client";
import { createUser } from "@/lib/users";
import { addMember, createWorkspace } from "./index";

describe("createWorkspace", () => {
  it("creates the built-in roles, superuser holding the whole catalogue", async () => {
    const workspace = await createWorkspace({ name: "Initech", subdomain: "initech" });
    expect(workspace.guid).toMatch(/^[0-9a-f-]{36}$/);
    const roles = await db().role.findMany({ where: { workspaceId: workspace.id }, orderBy: { key: "asc" } });
    expect(roles.map((r) => r.key)).toEqual(["analyst", "member", "superuser"]);
    expect(parseAuthorities(roles.find((r) => r.key === "superuser")!.authorities)).toEqual([...ALL_AUTHORITIES].sort());
    expect(await db().auditEvent.count({ where: { workspaceId: workspace.id, action: "workspace.created" } })).toBe(1);
  });

  it("refuses a taken subdomain with a field error and a bad one before touching the database", async () => {
    await createWorkspace({ name: "One", subdomain: "taken" });
    await expect(createWorkspace({ name: "Two", subdomain: "TAKEN" })).rejects.toMatchObject({ code: "CONFLICT", details: { fieldErrors: { subdomain: "This subdomain is taken." } } });
    await expect(createWorkspace({ name: "Bad", subdomain: "-bad-" })).rejects.toThrow(/lower-case letters/);
    await expect(createWorkspace({ name: "Ranges", subdomain: "ranges", ipRanges: ["10.0.0.0/99"] })).rejects.toThrow(/IP range/);
    expect(await db().workspace.count({ where: { name: { in: ["Two", "Bad", "Ranges"] } } })).toBe(0);
  });
});

describe("addMember", () => {
  it("adds once and refuses a duplicate or an unknown role", async () => {
    const workspace = await createWorkspace({ name: "Hooli", subdomain: "hooli" });
    const user = await createUser({ email: "gavin@hooli.test", password: "a-long-enough-password" });
    await addMember({ workspaceId: workspace.id, userId: user.id, roleKey: "analyst" });
    await expect(addMember({ workspaceId: workspace.id, userId: user.id, roleKey: "member" })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(addMember({ workspaceId: workspace.id, userId: user.id, roleKey: "nope" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("cannot attach a role of another workspace (threat: cross-tenant role)", async () => {
    const a = await createWorkspace({ name: "A", subdomain: "tenant-a" });
    const b = await createWorkspace({ name: "B", subdomain: "tenant-b" });
    const user = await createUser({ email: "mallory@evil.test", password: "a-long-enough-password" });
    const roleOfA = await db().role.findFirstOrThrow({ where: { workspaceId: a.id, key: "superuser" } });
    await expect(db().membership.create({ data: { workspaceId: b.id, userId: user.id, roleId: roleOfA.id } })).rejects.toThrow();
  });
});
