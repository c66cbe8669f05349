// The hand-written joins read what Prisma's typed queries read, value for value and type for
// type (Date, boolean, number), on SQLite and on PostgreSQL.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { enterViaApi, inspectToken, makeUser, makeWorkspace, signInViaApi, type TestUser, type TestWorkspace } from "@/lib/testing/fixtures";
import { listWorkspaces } from "@/lib/workspaces";
import { readSession, readSessionInWorkspace, readWorkspaceAdmission } from "./principal-rows";

let member: TestUser;
let outsider: TestUser;
let workspace: TestWorkspace;
let sessionId: string;

beforeAll(async () => {
  member = await makeUser({ mfa: true });
  outsider = await makeUser();
  workspace = await makeWorkspace({ members: [[member, "analyst"]], mfaRequired: true, ipRestricted: true, ipRanges: ["198.51.100.0/24", "203.0.113.0/24", "127.0.0.0/8"] });
  await db().workspace.update({ where: { id: workspace.id }, data: { sessionHours: 8, logo: "/logos/x.svg" } });
  const { token } = await enterViaApi((await signInViaApi(member)).token, workspace);
  sessionId = String(inspectToken(token).claims.sid);
});

/** The workspace as Prisma's typed query reads it, with its allow-list. */
async function typedWorkspace(id: number) {
  const { ipRanges, ...columns } = await db().workspace.findUniqueOrThrow({ where: { id }, include: { ipRanges: { select: { cidr: true }, orderBy: { id: "asc" } } } });
  return { ...columns, ipRanges };
}

describe("readSession", () => {
  it("reads the session, its user, factor and workspace as the typed query does", async () => {
    const typed = await db().session.findUniqueOrThrow({ where: { id: sessionId }, include: { user: { include: { totp: true } }, workspace: true } });
    const row = await readSession(sessionId);
    expect(row).toEqual({
      id: typed.id,
      userId: typed.userId,
      stage: "WORKSPACE",
      workspaceId: workspace.id,
      workspaceVersion: typed.workspaceVersion,
      mfaPassedAt: typed.mfaPassedAt,
      createdAt: typed.createdAt,
      expiresAt: typed.expiresAt,
      lastSeenAt: typed.lastSeenAt,
      revokedAt: null,
      revokedReason: null,
      user: { id: member.id, email: member.email, name: typed.user.name, status: "ACTIVE", isLandlordAdmin: false, totpEnabledAt: typed.user.totp!.enabledAt },
      workspace: { guid: workspace.guid, name: workspace.name, suspendedAt: null, suspendedReason: null },
    });
    expect(row!.mfaPassedAt).toBeInstanceOf(Date);
    expect(row!.user.totpEnabledAt).toBeInstanceOf(Date);
    expect(typeof row!.workspaceVersion).toBe("number");
  });

  it("reads a session without a workspace or factor, and none for an unknown id", async () => {
    const { token } = await signInViaApi(outsider);
    const row = await readSession(String(inspectToken(token).claims.sid));
    expect(row).toMatchObject({ stage: "USER", workspaceId: null, workspace: null, user: { totpEnabledAt: null, isLandlordAdmin: false } });
    expect(await readSession("no-such-session")).toBeNull();
  });
});

describe("readWorkspaceAdmission", () => {
  it("reads the workspace with every range and the member's role, by id and by guid", async () => {
    const role = await db().role.findUniqueOrThrow({ where: { workspaceId_key: { workspaceId: workspace.id, key: "analyst" } }, select: { id: true, key: true, name: true, authorities: true } });
    const expected = { workspace: await typedWorkspace(workspace.id), role };
    expect(expected.workspace.ipRanges).toHaveLength(3);
    expect(await readWorkspaceAdmission({ id: workspace.id }, member.id)).toEqual(expected);
    expect(await readWorkspaceAdmission({ guid: workspace.guid }, member.id)).toEqual(expected);
  });

  // Threat: the join handing a non-member someone else's role.
  it("gives a non-member no role, and an unknown workspace nothing", async () => {
    const { workspace: found, role } = await readWorkspaceAdmission({ id: workspace.id }, outsider.id);
    expect(found?.id).toBe(workspace.id);
    expect(role).toBeNull();
    expect(await readWorkspaceAdmission({ guid: "00000000-0000-0000-0000-000000000000" }, member.id)).toEqual({ workspace: null, role: null });
  });
});

describe("readSessionInWorkspace", () => {
  it("reads the session as readSession does and the admission as readWorkspaceAdmission does, in one statement", async () => {
    expect(await readSessionInWorkspace(sessionId)).toEqual({ session: await readSession(sessionId), admission: await readWorkspaceAdmission({ id: workspace.id }, member.id) });
  });

  // Threat: a removed member's workspace token still carrying the role it had.
  it("gives the session's user no role once the membership is gone, and a session without a workspace no admission", async () => {
    const leaver = await makeUser();
    const shared = await makeWorkspace({ members: [[leaver, "analyst"]] });
    const { token } = await enterViaApi((await signInViaApi(leaver)).token, shared);
    const leaverSession = String(inspectToken(token).claims.sid);
    await db().membership.delete({ where: { workspaceId_userId: { workspaceId: shared.id, userId: leaver.id } } });
    const read = await readSessionInWorkspace(leaverSession);
    expect(read?.admission.workspace?.id).toBe(shared.id);
    expect(read?.admission.role).toBeNull();

    const { token: plain } = await signInViaApi(outsider);
    expect(await readSessionInWorkspace(String(inspectToken(plain).claims.sid))).toMatchObject({ session: { workspaceId: null }, admission: { workspace: null, role: null } });
    expect(await readSessionInWorkspace("no-such-session")).toBeNull();
  });
});

describe("listWorkspaces", () => {
  it("lists each membership once, the last entered first, with its whole allow-list", async () => {
    // By name, "Aardvark first" would come first; the member entered the other one (beforeAll).
    const other = await makeWorkspace({ name: "Aardvark first", members: [[member, "member"]] });
    const listed = await listWorkspaces(member.id);
    expect(listed.map(({ workspace: entry }) => entry.id)).toEqual([workspace.id, other.id]);
    expect(listed[0]!.workspace).toEqual(await typedWorkspace(workspace.id));
    expect(listed.map(({ role }) => role.key)).toEqual(["analyst", "member"]);
  });
});
