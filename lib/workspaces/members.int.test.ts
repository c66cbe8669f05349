// The last-superuser invariant under real concurrency, on SQLite and PostgreSQL: both callers are
// authorised (their principals resolved) before either change commits, so only the invariant's
// lock inside the transaction stands between them and a workspace without a superuser.
import { describe, expect, it } from "vitest";
import { resolveAccessToken, type WorkspacePrincipal } from "@/lib/auth/principal";
import { db } from "@/lib/db/client";
import { enterViaApi, makeUser, makeWorkspace, roleOf, signInViaApi, type TestUser, type TestWorkspace } from "@/lib/testing/fixtures";
import { changeMemberRole, removeMember } from "./members";

async function principalOf(user: TestUser, workspace: TestWorkspace): Promise<WorkspacePrincipal> {
  const { token } = await enterViaApi((await signInViaApi(user)).token, workspace);
  return (await resolveAccessToken(token, "127.0.0.1", new Date(), "workspace")) as WorkspacePrincipal;
}

async function twoSuperusers() {
  const [one, two] = [await makeUser(), await makeUser()];
  const workspace = await makeWorkspace({ members: [[one, "superuser"], [two, "superuser"]] });
  return { one, two, workspace, p1: await principalOf(one, workspace), p2: await principalOf(two, workspace) };
}

const ctx = () => ({ ip: "127.0.0.1", userAgent: "vitest", now: new Date() });

describe("assertNotLastSuperuser", () => {
  it("threat: two superusers demote each other at the same instant — one is refused (409), one superuser stays", async () => {
    const { one, two, workspace, p1, p2 } = await twoSuperusers();
    const member = (await roleOf(workspace, "member")).id;
    const results = await Promise.allSettled([changeMemberRole(p1, two.id, member, ctx()), changeMemberRole(p2, one.id, member, ctx())]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect(results.find((r) => r.status === "rejected")).toMatchObject({ reason: { code: "CONFLICT" } });
    expect(await db().membership.count({ where: { workspaceId: workspace.id, roleId: (await roleOf(workspace, "superuser")).id } })).toBe(1);
  });

  it("threat: two superusers remove each other at the same instant — one is refused (409), one superuser stays", async () => {
    const { one, two, workspace, p1, p2 } = await twoSuperusers();
    const results = await Promise.allSettled([removeMember(p1, two.id, ctx()), removeMember(p2, one.id, ctx())]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect(results.find((r) => r.status === "rejected")).toMatchObject({ reason: { code: "CONFLICT" } });
    expect(await db().membership.count({ where: { workspaceId: workspace.id, roleId: (await roleOf(workspace, "superuser")).id } })).toBe(1);
  });
});
