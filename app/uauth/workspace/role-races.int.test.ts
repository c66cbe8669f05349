// Races between workspace administrators, through the route handlers on SQLite and PostgreSQL: a
// role deleted while someone grants it (to a member or in an invitation), and the same address
// invited twice at the same instant. Every answer is a clear 2xx/404/409, never a 500, and the
// data stays whole. On PostgreSQL each test fails without its fix (the foreign-key 409s, the role
// row written by invitation and deletion, the invited account's row written first); SQLite runs
// one writer at a time, so there they hold anyway.
import { beforeAll, describe, expect, it } from "vitest";
import { PATCH as changeRoute } from "@/app/uauth/workspace/members/[userId]/route";
import { POST as inviteRoute } from "@/app/uauth/workspace/members/route";
import { DELETE as deleteRoleRoute } from "@/app/uauth/workspace/roles/[id]/route";
import { POST as createRoleRoute } from "@/app/uauth/workspace/roles/route";
import { db } from "@/lib/db/client";
import { addMember } from "@/lib/workspaces";
import { api, call, enterViaApi, makeUser, makeWorkspace, signInViaApi, unique, type TestUser, type TestWorkspace } from "@/lib/testing/fixtures";

const MEMBERS = "/uauth/workspace/members";
const ROLES = "/uauth/workspace/roles";
const ROUNDS = 8;

const invite = (token: string, json: unknown) => api.post(inviteRoute, MEMBERS, { token, json });
const changeRole = (token: string, userId: number, roleId: number) => call(changeRoute, "PATCH", `${MEMBERS}/${userId}`, { token, json: { roleId }, params: { userId: String(userId) } });
const deleteRole = (token: string, id: number) => call(deleteRoleRoute, "DELETE", `${ROLES}/${id}`, { token, params: { id: String(id) } });

let workspace: TestWorkspace;
let boss: TestUser;
let token: string;

beforeAll(async () => {
  boss = await makeUser();
  workspace = await makeWorkspace({ members: [[boss, "superuser"]] });
  token = (await enterViaApi((await signInViaApi(boss)).token, workspace)).token;
});

async function newRole(): Promise<number> {
  const key = unique("race-");
  const res = await api.post(createRoleRoute, ROLES, { token, json: { key, name: key, authorities: ["ROLE_API_CREATE"] } });
  if (res.status !== 201) throw new Error(`creating ${key} failed: ${res.status} ${JSON.stringify(res.json)}`);
  return res.json.id;
}

describe("a role deleted while it is granted", () => {
  // Threat (to availability and the log): the database's foreign key refusing one side of the race answered as a 500.
  it("gives a member the role or deletes it, one of them 409 or 404, never a 500", async () => {
    const member = await makeUser();
    await addMember({ workspaceId: workspace.id, userId: member.id, roleKey: "member" });
    const seen = new Set<string>();
    for (let round = 0; round < ROUNDS; round++) {
      const roleId = await newRole();
      const [granted, deleted] = await Promise.all([changeRole(token, member.id, roleId), deleteRole(token, roleId)]);
      seen.add(`${granted.status} ${deleted.status}`);
      const kept = await db().role.count({ where: { id: roleId } });
      const holds = (await db().membership.findFirstOrThrow({ where: { workspaceId: workspace.id, userId: member.id } })).roleId === roleId;
      // Exactly one side won: granted and kept, or deleted and not held.
      expect([granted.status, deleted.status, kept, holds], `round ${round}`).toEqual(granted.status === 200 ? [200, 409, 1, true] : [expect.any(Number), 204, 0, false]);
      if (granted.status !== 200) expect([404, 409]).toContain(granted.status);
      for (const res of [granted, deleted]) if (res.status === 409) expect(res.json.error.code).toBe("CONFLICT");
    }
    expect([...seen].every((pair) => !pair.includes("500"))).toBe(true);
  });

  // Threat: an invitation whose role vanished under it (its foreign key sets it to null): a link that grants nothing.
  it("invites with the role or deletes it: never both, never a 500", async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const roleId = await newRole();
      const email = `${unique("raced")}@example.test`;
      const [invited, deleted] = await Promise.all([invite(token, { email, roleId }), deleteRole(token, roleId)]);
      const invitation = await db().invitation.findFirst({ where: { workspaceId: workspace.id, email }, select: { roleId: true } });
      // Invited and kept, with the role on the invitation; or deleted, and the invitation refused.
      if (invited.status === 201) expect([deleted.status, invitation?.roleId], `round ${round}`).toEqual([409, roleId]);
      else expect({ refused: [404, 409].includes(invited.status), deleted: deleted.status, invitation }, `round ${round}: ${JSON.stringify(invited.json)}`).toEqual({ refused: true, deleted: 204, invitation: null });
    }
  });
});

describe("the same address invited twice at once", () => {
  // Threat: two live links for one address and workspace (one of them unknown to the admins who revoke the other).
  it("makes one invitation and answers the other 409, for an existing account and for a new address", async () => {
    const roleId = await newRole();
    const existing = await makeUser();
    for (const email of [existing.email, `${unique("fresh")}@example.test`]) {
      const answers = await Promise.all([invite(token, { email, roleId }), invite(token, { email, roleId })]);
      expect(answers.map((res) => res.status).sort()).toEqual([201, 409]);
      expect(answers.find((res) => res.status === 409)!.json.error.code).toBe("CONFLICT");
      expect(await db().invitation.count({ where: { workspaceId: workspace.id, email } })).toBe(1);
      expect(await db().outboxEmail.count({ where: { to: email, template: "invitation" } })).toBe(1);
    }
  });
});
