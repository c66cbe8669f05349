// The landlord console's invitation list by status, on both databases: each status finds its own
// rows and no other (queued, sent and delivery failed come from the e-mail's outbox row), within
// the workspace asked for, paged, and a link replaced by a resend is not listed as revoked.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorkspaceWithSuperuser } from "@/lib/admin/workspaces";
import { addSeconds } from "@/lib/clock";
import { db } from "@/lib/db/client";
import { drainOutbox } from "@/lib/email/outbox";
import { startResendStandIn } from "@/lib/testing/resend-stand-in";
import { makeUser, unique, type TestUser } from "@/lib/testing/fixtures";
import { acceptWorkspaceInvitation, createInvitationIn, listInvitations, resendInvitation, revokeInvitation, type InvitationStatus } from "./workspace";

const standIn = await startResendStandIn();
process.env.RESEND_API_KEY = "re_test_stand_in";
process.env.RESEND_BASE_URL = standIn.url;
afterAll(() => standIn.close());

const NOW = new Date();
const ctx = (now = NOW) => ({ ip: "198.51.100.9", userAgent: "vitest", now });

let landlord: TestUser;
const actor = () => ({ id: landlord.id, name: "Platform Team" });
beforeAll(async () => {
  landlord = await makeUser({ landlord: true, mfa: true });
  // Its "two-step verification turned on" notice is not one of the invitations' e-mails counted below.
  await db().outboxEmail.deleteMany();
});

/** A new workspace (its superuser's invitation is the first row) and a way to invite more people to it. */
async function workspaceWithInvitations() {
  const { workspace, invitation } = await createWorkspaceWithSuperuser({ name: "Statuses", subdomain: unique("statuses-"), superuserEmail: `${unique("first")}@example.test` }, actor(), ctx());
  const role = await db().role.findUniqueOrThrow({ where: { workspaceId_key: { workspaceId: workspace.id, key: "member" } }, select: { id: true } });
  const invite = (now = NOW) => db().$transaction((tx) => createInvitationIn(tx, { workspace, email: `${unique("invitee")}@example.test`, roleId: role.id, actor: actor() }, now));
  return { workspace, first: invitation, invite };
}

describe("listInvitations by status", () => {
  it("finds each status's rows only, newest first, within the workspace", async () => {
    const { workspace, first, invite } = await workspaceWithInvitations();
    const resentLater = await invite();
    expect(await drainOutbox({ now: NOW, owner: "test" })).toMatchObject({ sent: 2 });
    const failed = await invite();
    standIn.answerNext(422);
    expect(await drainOutbox({ now: NOW, owner: "test" })).toMatchObject({ failed: 1 });
    const accepted = await invite();
    await acceptWorkspaceInvitation(accepted.token, { password: "tangerine lamp cobalt ferry" }, ctx());
    const revoked = await invite();
    await revokeInvitation(revoked.id, actor(), ctx());
    const expired = await invite(addSeconds(NOW, -73 * 3600));
    const resent = await resendInvitation(resentLater.id, actor(), ctx());
    const queued = await invite();
    // Another workspace's open invitation never shows in this one's lists.
    const { invitation: elsewhere } = await createWorkspaceWithSuperuser({ name: "Elsewhere", subdomain: unique("elsewhere-"), superuserEmail: `${unique("other")}@example.test` }, actor(), ctx());

    const expected: Record<InvitationStatus, number[]> = {
      queued: [queued.id, resent.id],
      sent: [first.id],
      delivery_failed: [failed.id],
      accepted: [accepted.id],
      expired: [expired.id],
      // The replaced link is not listed: its new row stands for it.
      revoked: [revoked.id],
    };
    for (const [status, ids] of Object.entries(expected) as [InvitationStatus, number[]][]) {
      const { items, total } = await listInvitations({ workspaceId: workspace.id, status, limit: 50, offset: 0 }, NOW);
      expect(items.map((item) => item.id), status).toEqual(ids);
      expect(items.every((item) => item.status === status), status).toBe(true);
      expect(total, status).toBe(ids.length);
    }
    const everywhere = await listInvitations({ status: "queued", limit: 50, offset: 0 }, NOW);
    expect(everywhere.items.map((item) => item.id)).toEqual([elsewhere.id, queued.id, resent.id]);
  });

  it("pages a status's rows with the total of all of them", async () => {
    const { workspace, first, invite } = await workspaceWithInvitations();
    const second = await invite();
    await invite();
    const page = await listInvitations({ workspaceId: workspace.id, status: "queued", limit: 2, offset: 1 }, NOW);
    expect(page.total).toBe(3);
    expect(page.items.map((item) => item.id)).toEqual([second.id, first.id]);
  });
});
