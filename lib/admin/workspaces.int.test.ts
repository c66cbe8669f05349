// Creating a workspace with its superuser, on both databases: everything or nothing, an existing
// account left alone, duplicates refused, and an acceptance that cannot stop half-way.
import { outboxProps } from "@/lib/email/outbox";
import { beforeAll, describe, expect, it } from "vitest";
import { addSeconds } from "@/lib/clock";
import { sha256 } from "@/lib/crypto";
import { db } from "@/lib/db/client";
import { acceptWorkspaceInvitation, createInvitationIn } from "@/lib/invitations/workspace";
import { makeUser, unique, type TestUser } from "@/lib/testing/fixtures";
import { addMember } from "@/lib/workspaces";
import { createWorkspaceWithSuperuser } from "./workspaces";

const NOW = new Date("2026-03-01T10:00:00Z");
const ctx = (now = NOW, ip = "198.51.100.7") => ({ ip, userAgent: "vitest", now });

let landlord: TestUser;
const actor = () => ({ id: landlord.id, name: "Platform Team" });

beforeAll(async () => {
  landlord = await makeUser({ landlord: true, mfa: true });
});

/** The link token of the invitation e-mail queued for `to` (what the recipient would click). */
async function mailedToken(to: string): Promise<string> {
  const row = await db().outboxEmail.findFirstOrThrow({ where: { to, template: "invitation" }, orderBy: { id: "desc" } });
  return (outboxProps(row) as { token: string }).token;
}

describe("createWorkspaceWithSuperuser", () => {
  it("writes the workspace, its roles, an INVITED superuser, a hashed 72-hour invitation, its e-mail and audit events together", async () => {
    const email = `${unique("owner")}@example.test`;
    const subdomain = unique("acme-");
    const { workspace, invitation } = await createWorkspaceWithSuperuser({ name: "Acme", subdomain, superuserEmail: email.toUpperCase() }, actor(), ctx());
    expect(workspace).toMatchObject({ name: "Acme", subdomain, mfaRequired: false, ipRestricted: false, ipAllowlist: [] });
    expect(invitation).toMatchObject({ email, status: "queued", expiresAt: addSeconds(NOW, 72 * 3600).toISOString() });
    const roles = await db().role.findMany({ where: { workspaceId: workspace.id }, select: { key: true } });
    expect(roles.map((role) => role.key).sort()).toEqual(["analyst", "member", "superuser"]);
    expect(await db().user.findUnique({ where: { email }, select: { status: true, password: true } })).toEqual({ status: "INVITED", password: null });
    const row = await db().invitation.findUniqueOrThrow({ where: { id: invitation.id }, include: { role: true } });
    expect(row.role?.key).toBe("superuser");
    // Only the hash is stored; the token travels in the e-mail alone.
    const token = await mailedToken(email);
    expect(row.tokenHash).toBe(sha256(token));
    expect(JSON.stringify(row)).not.toContain(token);
    const mail = await db().outboxEmail.findUniqueOrThrow({ where: { id: row.emailId! } });
    expect(mail).toMatchObject({ to: email, template: "invitation", status: "PENDING", workspaceId: workspace.id });
    expect(outboxProps(mail)).toMatchObject({ inviterName: "Platform Team", workspaceName: "Acme" });
    const actions = await db().auditEvent.findMany({ where: { workspaceId: workspace.id }, select: { action: true, actorUserId: true } });
    expect(actions).toEqual(expect.arrayContaining([{ action: "workspace.created", actorUserId: landlord.id }, { action: "invitation.created", actorUserId: landlord.id }]));
  });

  // Threat: onboarding a tenant as a way to take over (or reset) an account that already exists.
  it("leaves an existing account untouched: no new row, same password, no membership until it accepts", async () => {
    const existing = await makeUser();
    const before = await db().user.findUniqueOrThrow({ where: { id: existing.id }, include: { password: true, memberships: true } });
    const { workspace } = await createWorkspaceWithSuperuser({ name: "Globex", subdomain: unique("globex-"), superuserEmail: existing.email }, actor(), ctx());
    const after = await db().user.findUniqueOrThrow({ where: { id: existing.id }, include: { password: true, memberships: true } });
    expect(after).toEqual(before);
    expect(await db().user.count({ where: { email: existing.email } })).toBe(1);
    expect(await db().membership.count({ where: { workspaceId: workspace.id } })).toBe(0);
  });

  // Threat: a half-created tenant (an e-mail for a workspace that does not exist, or an orphan account).
  it("refuses a taken subdomain (409) and leaves nothing of the second attempt behind", async () => {
    const subdomain = unique("taken-");
    await createWorkspaceWithSuperuser({ name: "First", subdomain, superuserEmail: `${unique("a")}@example.test` }, actor(), ctx());
    const second = `${unique("b")}@example.test`;
    const outboxBefore = await db().outboxEmail.count();
    await expect(createWorkspaceWithSuperuser({ name: "Second", subdomain: subdomain.toUpperCase(), superuserEmail: second }, actor(), ctx())).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await db().user.findUnique({ where: { email: second } })).toBeNull();
    expect(await db().outboxEmail.count()).toBe(outboxBefore);
  });

  // Threat: two live links for one address, so revoking one leaves the other working.
  it("refuses a second pending invitation for the same address and workspace (409), in any case of the address", async () => {
    const email = `${unique("dup")}@example.test`;
    const { workspace } = await createWorkspaceWithSuperuser({ name: "Dup", subdomain: unique("dup-"), superuserEmail: email }, actor(), ctx());
    const role = await db().role.findUniqueOrThrow({ where: { workspaceId_key: { workspaceId: workspace.id, key: "member" } } });
    await expect(db().$transaction((tx) => createInvitationIn(tx, { workspace, email: email.toUpperCase(), roleId: role.id, actor: actor() }, NOW))).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await db().invitation.count({ where: { workspaceId: workspace.id } })).toBe(1);
  });

  // Threat: an invitation sent to a list, or to a quoted local part that some mail systems deliver elsewhere.
  it("refuses comma lists, quoted local parts and invalid addresses before writing anything", async () => {
    for (const superuserEmail of ['"a@evil.test"@victim.test', "a@evil.test,b@victim.test", "not-an-address", "ÄDA@example.test"]) {
      const subdomain = unique("bad-");
      await expect(createWorkspaceWithSuperuser({ name: "Bad", subdomain, superuserEmail }, actor(), ctx())).rejects.toThrow();
      expect(await db().workspace.findUnique({ where: { subdomain } })).toBeNull();
    }
  });

  it("refuses ipRestricted without an allow-list, and a name with a line break", async () => {
    await expect(createWorkspaceWithSuperuser({ name: "Locked", subdomain: unique("l-"), superuserEmail: `${unique("c")}@example.test`, ipRestricted: true }, actor(), ctx())).rejects.toThrow(/at least one range/);
    await expect(createWorkspaceWithSuperuser({ name: "Evil\r\nBcc: x@evil.test", subdomain: unique("l-"), superuserEmail: `${unique("c")}@example.test` }, actor(), ctx())).rejects.toThrow(/one line/);
  });
});

describe("acceptWorkspaceInvitation is one transaction", () => {
  // Threat: a crash between setting the password and marking the invitation used, leaving an
  // active account with a live link (a second password set) or a password without the membership.
  it("a failure at its last step (the membership) undoes the password, the activation and the claim", async () => {
    const email = `${unique("atomic")}@example.test`;
    const { workspace } = await createWorkspaceWithSuperuser({ name: "Atomic", subdomain: unique("atomic-"), superuserEmail: email }, actor(), ctx());
    const token = await mailedToken(email);
    const user = await db().user.findUniqueOrThrow({ where: { email } });
    // A real state the domain can reach: the invited account was made a member directly meanwhile,
    // so the membership insert, the last write of the acceptance, fails after the password write.
    await addMember({ workspaceId: workspace.id, userId: user.id, roleKey: "member" });
    await expect(acceptWorkspaceInvitation(token, { password: "tangerine lamp cobalt ferry" }, ctx(addSeconds(NOW, 60)))).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await db().passwordCredential.findUnique({ where: { userId: user.id } })).toBeNull();
    expect(await db().user.findUniqueOrThrow({ where: { id: user.id }, select: { status: true } })).toEqual({ status: "INVITED" });
    expect(await db().invitation.findFirstOrThrow({ where: { workspaceId: workspace.id }, select: { status: true, acceptedAt: true } })).toEqual({ status: "PENDING", acceptedAt: null });
    expect(await db().auditEvent.count({ where: { action: { in: ["auth.password.set", "invitation.accepted"] }, actorUserId: user.id } })).toBe(0);
  });

  it("refuses the workspace's name in the password, with the reason, and the link stays open", async () => {
    const email = `${unique("pw")}@example.test`;
    await createWorkspaceWithSuperuser({ name: "Initech", subdomain: unique("initech-"), superuserEmail: email }, actor(), ctx());
    const token = await mailedToken(email);
    await expect(acceptWorkspaceInvitation(token, { password: "initech tangerine lamp ferry" }, ctx())).rejects.toMatchObject({ code: "VALIDATION_FAILED", details: { fieldErrors: { password: expect.stringMatching(/workspace's name/) } } });
    await expect(acceptWorkspaceInvitation(token, { password: "tangerine lamp cobalt ferry" }, ctx())).resolves.toMatchObject({ email, passwordSet: true });
  });
});
