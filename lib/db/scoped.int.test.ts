// Threat: a query inside one workspace that forgets its `where`, names another tenant's id, or
// follows a relation or cast out of the tenant, and reads or changes another tenant's rows or a
// secret. The workspace-scoped client adds the tenant to every query itself and refuses the rest.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { recordAudit } from "@/lib/audit";
import { db } from "@/lib/db/client";
import { createUser } from "@/lib/users";
import { addMember, createWorkspace } from "@/lib/workspaces";
import { workspaceDb, type WorkspaceDb } from "./scoped";

let counter = 0;
const unique = () => `${Date.now()}-${++counter}`;

/** Two workspaces sharing one member, and one row of every tenant model in each. */
async function twoTenants() {
  const a = await createWorkspace({ name: "Tenant A", subdomain: `a-${unique()}` });
  const b = await createWorkspace({ name: "Tenant B", subdomain: `b-${unique()}` });
  const user = await createUser({ email: `member-${unique()}@example.com`, password: "a long enough password" });
  await addMember({ workspaceId: a.id, userId: user.id, roleKey: "member" });
  await addMember({ workspaceId: b.id, userId: user.id, roleKey: "analyst" });
  const rowsOf = async (workspaceId: number) => ({
    workspaceIpRange: await db().workspaceIpRange.create({ data: { workspaceId, cidr: "10.0.0.0/8" } }),
    role: await db().role.findFirstOrThrow({ where: { workspaceId, key: "member" } }),
    membership: await db().membership.findFirstOrThrow({ where: { workspaceId } }),
    invitation: await db().invitation.create({ data: { workspaceId, email: `invitee-${unique()}@example.com`, tokenHash: randomUUID(), expiresAt: new Date(Date.now() + 3_600_000) } }),
    apiKey: await db().apiKey.create({ data: { workspaceId, name: "key", prefix: `gh_${unique()}`, keyHash: randomUUID(), authorities: "" } }),
    auditEvent: await db().auditEvent.create({ data: { workspaceId, action: "test.event" } }),
    outboxEmail: await db().outboxEmail.create({ data: { workspaceId, to: "someone@example.com", template: "invitation", payload: "{}", idempotencyKey: randomUUID() } }),
  });
  return { a, b, user, rowsOfA: await rowsOf(a.id), rowsOfB: await rowsOf(b.id) };
}

type TenantDelegate = "workspaceIpRange" | "role" | "membership" | "invitation" | "apiKey" | "auditEvent" | "outboxEmail";
/** One changeable text column per tenant model, for the update attempts. */
const EDITS: Record<TenantDelegate, Record<string, string>> = {
  workspaceIpRange: { cidr: "0.0.0.0/0" },
  role: { name: "hijacked" },
  membership: {},
  invitation: { status: "REVOKED" },
  apiKey: { name: "hijacked" },
  auditEvent: { action: "hijacked" },
  outboxEmail: { to: "attacker@example.com" },
};
// The delegates share a shape but not a type; the loop below needs one signature for all.
type AnyDelegate = {
  findUnique(args: object): Promise<unknown>;
  findFirst(args: object): Promise<unknown>;
  findMany(args?: object): Promise<{ workspaceId: number | null }[]>;
  count(args?: object): Promise<number>;
  update(args: object): Promise<unknown>;
  updateMany(args: object): Promise<{ count: number }>;
  delete(args: object): Promise<unknown>;
  deleteMany(args: object): Promise<{ count: number }>;
};
type Finder = { findMany(): Promise<unknown> };
const delegate = (client: WorkspaceDb, name: TenantDelegate) => client[name] as unknown as AnyDelegate;

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

  it("cannot find, update or delete another tenant's row by its id, in any tenant model", async () => {
    const { a, rowsOfB } = await twoTenants();
    const scoped = workspaceDb(a.id);
    for (const name of Object.keys(EDITS) as TenantDelegate[]) {
      const model = delegate(scoped, name);
      const { id } = rowsOfB[name];
      expect(await model.findUnique({ where: { id } }), name).toBeNull();
      expect(await model.findFirst({ where: { id } }), name).toBeNull();
      expect((await model.findMany()).every((row) => row.workspaceId === a.id), name).toBe(true);
      expect(await model.count({ where: { id } }), name).toBe(0);
      await expect(model.update({ where: { id }, data: EDITS[name] }), name).rejects.toThrow();
      // Audit events refuse every write (append-only), not only another tenant's.
      if (name === "auditEvent") await expect(model.updateMany({ where: { id }, data: EDITS[name] }), name).rejects.toThrow(/append-only/);
      else expect((await model.updateMany({ where: { id }, data: EDITS[name] })).count, name).toBe(0);
      await expect(model.delete({ where: { id } }), name).rejects.toThrow();
      if (name === "auditEvent") await expect(model.deleteMany({ where: { id } }), name).rejects.toThrow(/append-only/);
      else expect((await model.deleteMany({ where: { id } })).count, name).toBe(0);
    }
    // Every row of B is still there, unchanged.
    expect((await db().role.findUniqueOrThrow({ where: { id: rowsOfB.role.id } })).name).toBe("Member");
    expect((await db().workspaceIpRange.findUniqueOrThrow({ where: { id: rowsOfB.workspaceIpRange.id } })).cidr).toBe("10.0.0.0/8");
    expect((await db().invitation.findUniqueOrThrow({ where: { id: rowsOfB.invitation.id } })).status).toBe("PENDING");
    expect((await db().apiKey.findUniqueOrThrow({ where: { id: rowsOfB.apiKey.id } })).name).toBe("key");
    expect((await db().auditEvent.findUniqueOrThrow({ where: { id: rowsOfB.auditEvent.id } })).action).toBe("test.event");
    expect((await db().outboxEmail.findUniqueOrThrow({ where: { id: rowsOfB.outboxEmail.id } })).to).toBe("someone@example.com");
    expect(await db().membership.count({ where: { id: rowsOfB.membership.id } })).toBe(1);
  });

  it("cannot reach another tenant's row by its compound key either", async () => {
    const { a, b, user } = await twoTenants();
    const scoped = workspaceDb(a.id);
    expect(await scoped.role.findUnique({ where: { workspaceId_key: { workspaceId: b.id, key: "member" } } })).toBeNull();
    expect(await scoped.membership.findUnique({ where: { workspaceId_userId: { workspaceId: b.id, userId: user.id } } })).toBeNull();
  });

  it("never sees rows outside any workspace (null workspaceId)", async () => {
    const { a } = await twoTenants();
    const event = await db().auditEvent.create({ data: { action: "auth.login.succeeded" } });
    const email = await db().outboxEmail.create({ data: { to: "landlord@example.com", template: "set-password", payload: "{}", idempotencyKey: randomUUID() } });
    const link = await db().invitation.create({ data: { email: "landlord@example.com", tokenHash: randomUUID(), expiresAt: new Date(Date.now() + 3_600_000) } });
    const scoped = workspaceDb(a.id);
    expect(await scoped.auditEvent.findUnique({ where: { id: event.id } })).toBeNull();
    expect(await scoped.auditEvent.count({ where: { workspaceId: null } })).toBe(0);
    expect((await scoped.auditEvent.findMany()).every((row) => row.workspaceId === a.id)).toBe(true);
    expect(await scoped.outboxEmail.findFirst({ where: { id: email.id } })).toBeNull();
    expect(await scoped.outboxEmail.count({ where: { OR: [{ workspaceId: null }, { id: email.id }] } })).toBe(0);
    expect(await scoped.invitation.findUnique({ where: { id: link.id } })).toBeNull();
    expect((await scoped.outboxEmail.updateMany({ where: { id: email.id }, data: { to: "attacker@example.com" } })).count).toBe(0);
  });

  it("writes new rows into its own tenant whatever the caller passes", async () => {
    const { a, b } = await twoTenants();
    const email = { to: "someone@example.com", template: "invitation", payload: "{}" };
    const created = await workspaceDb(a.id).outboxEmail.create({ data: { ...email, idempotencyKey: randomUUID(), workspaceId: b.id } });
    expect(created.workspaceId).toBe(a.id);
    await workspaceDb(a.id).outboxEmail.createMany({ data: [{ ...email, idempotencyKey: randomUUID(), workspaceId: b.id }] });
    expect(await db().outboxEmail.count({ where: { workspaceId: b.id, id: { gt: created.id } } })).toBe(0);
  });

  it("refuses to move a row to another tenant (threat: an update that re-homes a role)", async () => {
    const { a, b, rowsOfA } = await twoTenants();
    const scoped = workspaceDb(a.id);
    await expect(scoped.role.update({ where: { id: rowsOfA.role.id }, data: { workspaceId: b.id } })).rejects.toThrow(/may not change workspaceId/);
    await expect(scoped.role.updateMany({ data: { workspaceId: b.id } })).rejects.toThrow(/may not change workspaceId/);
    await expect(scoped.apiKey.upsert({ where: { id: rowsOfA.apiKey.id }, create: { workspaceId: b.id, name: "k", prefix: "x", keyHash: "y", authorities: "" }, update: { workspaceId: b.id } })).rejects.toThrow(/may not change workspaceId/);
    await expect(scoped.role.update({ where: { id: rowsOfA.role.id }, data: { workspace: { connect: { id: b.id } } } })).rejects.toThrow(/may not write the relation workspace/);
    expect((await db().role.findUniqueOrThrow({ where: { id: rowsOfA.role.id } })).workspaceId).toBe(a.id);
  });

  it("refuses a nested connect of another tenant's role into a membership, and every other nested write", async () => {
    const { a, rowsOfA, rowsOfB } = await twoTenants();
    const scoped = workspaceDb(a.id);
    const newcomer = await createUser({ email: `newcomer-${unique()}@example.com`, password: "a long enough password" });
    await expect(scoped.membership.update({ where: { id: rowsOfA.membership.id }, data: { role: { connect: { id: rowsOfB.role.id } } } })).rejects.toThrow(/nested writes are refused/);
    await expect(
      scoped.membership.create({ data: { user: { connect: { id: newcomer.id } }, role: { connect: { workspaceId_id: { workspaceId: rowsOfB.role.workspaceId, id: rowsOfB.role.id } } }, workspace: { connect: { id: a.id } } } }),
    ).rejects.toThrow(/nested writes are refused/);
    await expect(scoped.role.update({ where: { id: rowsOfA.role.id }, data: { memberships: { connect: { id: rowsOfB.membership.id } } } })).rejects.toThrow(/nested writes are refused/);
    await expect(scoped.role.update({ where: { id: rowsOfA.role.id }, data: { memberships: { set: [] } } })).rejects.toThrow(/nested writes are refused/);
    await expect(scoped.role.update({ where: { id: rowsOfA.role.id }, data: { memberships: { deleteMany: {} } } })).rejects.toThrow(/nested writes are refused/);
    await expect(scoped.invitation.update({ where: { id: rowsOfA.invitation.id }, data: { role: { connectOrCreate: { where: { id: rowsOfB.role.id }, create: { workspaceId: a.id, key: "x", name: "x", authorities: "" } } } } })).rejects.toThrow(/nested writes are refused/);
    await expect(scoped.membership.update({ where: { id: rowsOfA.membership.id }, data: { user: { update: { isLandlordAdmin: true } } } })).rejects.toThrow(/nested writes are refused/);
    await expect(scoped.workspace.update({ where: { id: a.id }, data: { roles: { create: { key: "x", name: "x", authorities: "" } } } })).rejects.toThrow(/nested writes are refused/);
    await expect(scoped.workspace.update({ where: { id: a.id }, data: { sessions: { deleteMany: {} } } })).rejects.toThrow(/nested writes are refused/);
    await expect(scoped.apiKey.createMany({ data: [{ name: "k", prefix: `p-${unique()}`, keyHash: randomUUID(), authorities: "", rotatedFrom: { connect: { id: rowsOfB.apiKey.id } } } as never] })).rejects.toThrow(/nested writes are refused/);
    // A plain foreign key column is still written; the compound key refuses another tenant's role.
    await expect(scoped.membership.update({ where: { id: rowsOfA.membership.id }, data: { roleId: rowsOfB.role.id } })).rejects.toThrow();
    expect((await db().membership.findUniqueOrThrow({ where: { id: rowsOfA.membership.id } })).roleId).toBe(rowsOfA.role.id);
    expect(await db().membership.count({ where: { userId: newcomer.id } })).toBe(0);
  });

  it("refuses a foreign key keyed by id alone that names another tenant's row (an invitation to B's role, a key rotated from B's key)", async () => {
    const { a, rowsOfA, rowsOfB } = await twoTenants();
    const scoped = workspaceDb(a.id);
    const invitation = () => ({ workspaceId: a.id, email: `invitee-${unique()}@example.com`, tokenHash: randomUUID(), expiresAt: new Date(Date.now() + 3_600_000) });
    const refusal = /roleId must name a Role of this workspace/;
    await expect(scoped.invitation.create({ data: { ...invitation(), roleId: rowsOfB.role.id } })).rejects.toThrow(refusal);
    await expect(scoped.invitation.createMany({ data: [{ ...invitation(), roleId: rowsOfA.role.id }, { ...invitation(), roleId: rowsOfB.role.id }] })).rejects.toThrow(refusal);
    await expect(scoped.invitation.update({ where: { id: rowsOfA.invitation.id }, data: { roleId: rowsOfB.role.id } })).rejects.toThrow(refusal);
    await expect(scoped.invitation.updateMany({ data: { roleId: { set: rowsOfB.role.id } } })).rejects.toThrow(refusal);
    await expect(scoped.invitation.upsert({ where: { id: rowsOfA.invitation.id }, create: invitation(), update: { roleId: rowsOfB.role.id } })).rejects.toThrow(refusal);
    await expect(scoped.invitation.update({ where: { id: rowsOfA.invitation.id }, data: { roleId: { increment: 1 } } })).rejects.toThrow(/may only set roleId to an id/);
    await expect(scoped.apiKey.update({ where: { id: rowsOfA.apiKey.id }, data: { rotatedFromId: rowsOfB.apiKey.id } })).rejects.toThrow(/rotatedFromId must name a ApiKey of this workspace/);
    expect(await db().invitation.count({ where: { roleId: rowsOfB.role.id } })).toBe(0);
    expect((await db().apiKey.findUniqueOrThrow({ where: { id: rowsOfA.apiKey.id } })).rotatedFromId).toBeNull();
    // Its own rows, null, and a role made earlier in the same transaction are accepted.
    expect((await scoped.invitation.update({ where: { id: rowsOfA.invitation.id }, data: { roleId: rowsOfA.role.id } })).roleId).toBe(rowsOfA.role.id);
    expect((await scoped.invitation.update({ where: { id: rowsOfA.invitation.id }, data: { roleId: null } })).roleId).toBeNull();
    const made = await scoped.$transaction(async (tx) => {
      const role = await tx.role.create({ data: { workspaceId: a.id, key: `custom-${unique()}`, name: "Custom", authorities: "" } });
      return { role, invitation: await tx.invitation.create({ data: { ...invitation(), roleId: role.id } }) };
    });
    expect(made.invitation.roleId).toBe(made.role.id);
  });

  it("sees and updates only its own workspace row", async () => {
    const { a, b } = await twoTenants();
    const scoped = workspaceDb(a.id);
    expect(await scoped.workspace.findUnique({ where: { id: b.id } })).toBeNull();
    expect(await scoped.workspace.findUnique({ where: { guid: b.guid } })).toBeNull();
    expect((await scoped.workspace.findMany()).map((w) => w.id)).toEqual([a.id]);
    expect(await scoped.workspace.count({ where: { subdomain: b.subdomain } })).toBe(0);
    await expect(scoped.workspace.update({ where: { id: b.id }, data: { name: "hijacked" } })).rejects.toThrow();
    await expect(scoped.workspace.update({ where: { subdomain: b.subdomain }, data: { ipRestricted: true } })).rejects.toThrow();
    expect((await scoped.workspace.updateMany({ where: { id: b.id }, data: { name: "hijacked" } })).count).toBe(0);
    expect((await scoped.workspace.updateMany({ data: { logo: "https://example.com/a.png" } })).count).toBe(1);
    expect((await db().workspace.findUniqueOrThrow({ where: { id: b.id } })).name).toBe("Tenant B");
    expect((await db().workspace.findUniqueOrThrow({ where: { id: b.id } })).logo).toBeNull();
    expect((await scoped.workspace.update({ where: { id: a.id }, data: { name: "Tenant A renamed" } })).name).toBe("Tenant A renamed");
  });

  it("refuses to write the landlord's columns of its own workspace (threat: an admin lifting a suspension or the token bounds)", async () => {
    const { a } = await twoTenants();
    const suspendedAt = new Date("2030-01-01T00:00:00Z");
    await db().workspace.update({ where: { id: a.id }, data: { suspendedAt, suspendedReason: "Unpaid", maxAccessTokenMinutes: 5, maxSessionHours: 2 } });
    const scoped = workspaceDb(a.id);
    const attempts: Record<string, string | number | null> = { suspendedAt: null, suspendedReason: null, maxAccessTokenMinutes: 10, maxSessionHours: 24, guid: randomUUID(), subdomain: `s-${unique()}`, id: a.id + 1000 };
    for (const [column, value] of Object.entries(attempts)) {
      const refusal = new RegExp(`may not change the workspace's ${column}: the platform \\(landlord\\) sets it`);
      await expect(scoped.workspace.update({ where: { id: a.id }, data: { name: "Renamed", [column]: value } }), column).rejects.toThrow(refusal);
      await expect(scoped.workspace.updateMany({ data: { [column]: value } }), column).rejects.toThrow(refusal);
      await expect(scoped.$transaction((tx) => tx.workspace.update({ where: { id: a.id }, data: { [column]: value } })), column).rejects.toThrow(refusal);
    }
    expect(await db().workspace.findUniqueOrThrow({ where: { id: a.id } })).toMatchObject({ name: "Tenant A", suspendedAt, suspendedReason: "Unpaid", maxAccessTokenMinutes: 5, maxSessionHours: 2, guid: a.guid, subdomain: a.subdomain });
    // The workspace's own policy stays its own to write.
    expect(await scoped.workspace.update({ where: { id: a.id }, data: { accessTokenMinutes: 3, sessionHours: 1 } })).toMatchObject({ accessTokenMinutes: 3, sessionHours: 1 });
  });

  it("refuses to create, upsert or delete workspaces", async () => {
    const { a, b } = await twoTenants();
    const scoped = workspaceDb(a.id);
    await expect(scoped.workspace.create({ data: { guid: randomUUID(), name: "New", subdomain: `n-${unique()}` } })).rejects.toThrow(/Workspace.create is refused/);
    await expect(scoped.workspace.createMany({ data: [{ guid: randomUUID(), name: "New", subdomain: `n-${unique()}` }] })).rejects.toThrow(/refused/);
    await expect(scoped.workspace.upsert({ where: { id: b.id }, create: { guid: randomUUID(), name: "New", subdomain: `n-${unique()}` }, update: {} })).rejects.toThrow(/refused/);
    await expect(scoped.workspace.delete({ where: { id: a.id } })).rejects.toThrow(/Workspace.delete is refused/);
    await expect(scoped.workspace.deleteMany({ where: { id: b.id } })).rejects.toThrow(/refused/);
    expect(await db().workspace.count({ where: { id: { in: [a.id, b.id] } } })).toBe(2);
  });

  it("refuses a cast to session, user, a secret table or raw SQL at run time", async () => {
    const { a, user } = await twoTenants();
    const scoped = workspaceDb(a.id) as unknown as Record<string, Finder> & { $queryRawUnsafe(sql: string): Promise<unknown> };
    for (const name of ["session", "user", "passwordCredential", "totpFactor", "recoveryCode", "refreshToken", "throttleCounter"]) {
      expect(() => (scoped[name] as Finder).findMany(), name).toThrow(/not reachable through the workspace-scoped client/);
    }
    expect(() => scoped.$queryRawUnsafe("SELECT 1")).toThrow(/not reachable/);
    expect(() => (scoped as unknown as { $extends(x: object): unknown }).$extends({})).toThrow(/not reachable/);
    // A transaction's client is confined the same way.
    await expect(workspaceDb(a.id).$transaction(async (tx) => (tx as unknown as { user: Finder }).user.findMany())).rejects.toThrow(/not reachable/);
    // Not a thenable: an async function may return it.
    expect(await Promise.resolve(workspaceDb(a.id)).then((client) => typeof client.role.findMany)).toBe("function");
    expect(await db().user.count({ where: { id: user.id } })).toBe(1);
  });

  it("scopes queries inside its transactions", async () => {
    const { a, rowsOfB } = await twoTenants();
    const seen = await workspaceDb(a.id).$transaction(async (tx) => {
      await recordAudit({ action: "workspace.settings_changed", metadata: { in: "transaction" } }, tx);
      return { roleOfB: await tx.role.findUnique({ where: { id: rowsOfB.role.id } }), roles: await tx.role.count() };
    });
    expect(seen).toEqual({ roleOfB: null, roles: 3 });
    expect(await db().auditEvent.count({ where: { workspaceId: a.id, action: "workspace.settings_changed", chain: `w:${a.id}` } })).toBe(1);
  });

  it("follows relations that stay in the tenant, and a member's own user columns", async () => {
    const { a, user } = await twoTenants();
    const scoped = workspaceDb(a.id);
    const members = await scoped.membership.findMany({ select: { id: true, user: { select: { email: true, name: true } }, role: { select: { key: true } } } });
    expect(members).toEqual([{ id: expect.any(Number), user: { email: user.email, name: null }, role: { key: "member" } }]);
    const roles = await scoped.role.findMany({ where: { memberships: { some: { user: { email: user.email } } } }, include: { _count: { select: { memberships: true } } }, orderBy: { key: "asc" } });
    expect(roles.map((role) => [role.key, role._count.memberships])).toEqual([["member", 1]]);
    const workspace = await scoped.workspace.findUniqueOrThrow({ where: { id: a.id }, include: { ipRanges: true, roles: { select: { key: true } } } });
    expect(workspace.ipRanges.map((r) => r.cidr)).toEqual(["10.0.0.0/8"]);
    expect(await scoped.membership.findMany({ orderBy: { user: { email: "asc" } }, select: { userId: true } })).toEqual([{ userId: user.id }]);
    // Counting rows is not counting relations.
    expect((await scoped.role.aggregate({ _count: true }))._count).toBe(3);
  });

  it("refuses relations that could leave the tenant or reach a secret, in include, select, where, orderBy and the fluent API", async () => {
    const { a, b, rowsOfA } = await twoTenants();
    const scoped = workspaceDb(a.id);
    const refusals: [string, () => Promise<unknown>][] = [
      // Threat: the shared member's memberships name workspace B and its role there.
      ["include user.memberships", () => scoped.membership.findMany({ include: { user: { include: { memberships: true } } } })],
      ["select user.sessions", () => scoped.membership.findMany({ select: { user: { select: { sessions: true } } } })],
      ["select user.password", () => scoped.membership.findFirst({ select: { user: { select: { password: { select: { hash: true } } } } } })],
      ["include workspace.sessions", () => scoped.workspace.findUnique({ where: { id: a.id }, include: { sessions: true } })],
      ["role.workspace.sessions", () => scoped.role.findMany({ include: { workspace: { include: { sessions: true } } } })],
      ["_count of every relation of a user", () => scoped.membership.findMany({ include: { user: { include: { _count: true } } } })],
      ["_count of every relation of a role", () => scoped.role.findMany({ select: { id: true, _count: true } })],
      ["_count of every relation of the workspace", () => scoped.workspace.findMany({ include: { _count: true } })],
      ["_count user.memberships", () => scoped.membership.findMany({ select: { user: { select: { _count: { select: { memberships: true } } } } } })],
      // Oracles: a filter or an ordering reads what it names.
      ["where user.memberships", () => scoped.membership.count({ where: { user: { memberships: { some: { workspaceId: b.id } } } } })],
      ["where user.password", () => scoped.membership.findMany({ where: { user: { password: { is: { hash: { startsWith: "$argon2id$" } } } } } })],
      ["where in OR", () => scoped.membership.findMany({ where: { OR: [{ user: { totp: { isNot: null } } }] } })],
      ["orderBy user.password", () => scoped.membership.findMany({ orderBy: { user: { password: { hash: "asc" } } } })],
      // Keyed by the role's id alone: an invitation's role is not proven to be this tenant's.
      ["include invitation.role", () => scoped.invitation.findMany({ include: { role: true } })],
      ["include role.invitations", () => scoped.role.findMany({ include: { invitations: true } })],
      ["include apiKey.rotatedFrom", () => scoped.apiKey.findMany({ include: { rotatedFrom: true } })],
      ["fluent membership.user.sessions", () => scoped.membership.findUniqueOrThrow({ where: { id: rowsOfA.membership.id } }).user().sessions()],
      ["fluent membership.user.memberships", () => scoped.membership.findFirst({ where: { id: rowsOfA.membership.id } }).user().memberships()],
      ["update returning user.sessions", () => scoped.membership.update({ where: { id: rowsOfA.membership.id }, data: {}, include: { user: { include: { sessions: true } } } })],
    ];
    for (const [name, attempt] of refusals) await expect(attempt(), name).rejects.toThrow(/may reach another tenant's rows or a secret/);
  });
});
