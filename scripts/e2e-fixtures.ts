// Test data for one e2e test, built in the e2e server's database through the domain functions
// (never raw SQL), so a fixture cannot reach a state the product could not. Run by
// e2e/support/fixtures.ts as
//   DATABASE_URL=file:<…/test-results/e2e-db/gatehouse.db> node --conditions=react-server --import tsx scripts/e2e-fixtures.ts '<json>'
// and prints one JSON line: the users it made, with password, TOTP secret and recovery codes.
import { randomBytes } from "node:crypto";
import path from "node:path";
import { ROOT } from "./db/schema.ts";
import { loadDevelopmentSecrets } from "./lib/secrets.ts";

export interface FixtureRequest {
  /** Fresh workspaces (with the built-in roles), made before the users so they can be members; the test picks a unique subdomain. */
  workspaces?: Array<{ name: string; subdomain: string }>;
  users: Array<{
    /** Display name; the e-mail is made unique from it. */
    name: string;
    /** With a confirmed TOTP factor and ten recovery codes. */
    mfa?: boolean;
    /** Workspace subdomain → role key, e.g. `{ "acme": "member" }`. */
    memberships?: Record<string, string>;
    /** A landlord (platform) admin, who may use /admin once past MFA. */
    landlord?: boolean;
  }>;
  /** Existing users (by id) whose sessions all end now, as an administrator's revocation would. */
  revokeSessions?: number[];
  /** Workspaces (by subdomain) the demo landlord suspends now, ending every session inside. */
  suspendWorkspaces?: Array<{ subdomain: string; reason: string }>;
  /** Invited accounts with no password yet, each with its set-password link (`npm run admin:create`'s kind). */
  setPasswordLinks?: Array<{ name: string }>;
  /** The same, with the link mailed: an invitation e-mail in the outbox (the local mailbox delivers it). */
  mailedSetPasswordLinks?: Array<{ name: string; inviterName: string; workspaceName: string }>;
  /**
   * A new workspace with its first superuser invited, as the landlord's console makes it: for a
   * new address made from `name`, or for `users[existingUser]` of this request.
   */
  workspaceInvitations?: Array<{ workspaceName: string; inviterName: string; mfaRequired?: boolean; name?: string; existingUser?: number }>;
}

export interface FixtureLink {
  email: string;
  /** `/invitations/<token>`, relative to the server. */
  path: string;
}

export interface FixtureUser {
  id: number;
  name: string;
  email: string;
  password: string;
  secret: string | null;
  recoveryCodes: string[];
}

/**
 * TOTP factors are confirmed with the code of this instant, so every code of the real clock is
 * fresh (not a replay of the enrolment) for the test that uses the user.
 */
const ENROLLED_AT = new Date("2020-01-01T00:00:00Z");

const expected = path.join(ROOT, "test-results/e2e-db/gatehouse.db");
if (process.env.DATABASE_URL !== `file:${expected}`) {
  // Never write test users into a database other than the e2e server's throw-away one.
  console.error(`e2e fixtures: DATABASE_URL must be file:${expected}`);
  process.exit(2);
}
// The same development secrets as the e2e server: TOTP secrets are encrypted with its key.
loadDevelopmentSecrets(path.join(ROOT, "data"));

const { beginTotpEnrollment, confirmTotpEnrollment } = await import("../lib/auth/mfa.ts");
const { totpCode } = await import("../lib/auth/totp.ts");
const { db } = await import("../lib/db/client.ts");
const { revokeUserSessions } = await import("../lib/auth/sessions.ts");
const { createUser } = await import("../lib/users/index.ts");
const { createLandlordAdmin } = await import("../lib/invitations/index.ts");
const { addMember, createWorkspace } = await import("../lib/workspaces/index.ts");
const { createWorkspaceWithSuperuser, suspendWorkspace } = await import("../lib/admin/workspaces.ts");
const { DEMO } = await import("../prisma/demo-accounts.ts");
const { enqueueEmail, outboxProps } = await import("../lib/email/outbox.ts");

async function enableMfa(userId: number, email: string): Promise<{ secret: string; recoveryCodes: string[] }> {
  const { secret } = await beginTotpEnrollment(userId, email);
  return { secret, recoveryCodes: await confirmTotpEnrollment(userId, await totpCode(secret, ENROLLED_AT), { now: ENROLLED_AT }) };
}

/** The e-mail local part made from a display name. */
function slugOf(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "user";
}

const request = JSON.parse(process.argv[2] ?? "{}") as FixtureRequest;
// A run retried after SQLITE_BUSY (e2e/support/fixtures.ts) finds the workspace it made the first time.
for (const spec of request.workspaces ?? []) if (!(await db().workspace.findUnique({ where: { subdomain: spec.subdomain }, select: { id: true } }))) await createWorkspace(spec);
const users: FixtureUser[] = [];
for (const spec of request.users ?? []) {
  const email = `${slugOf(spec.name)}-${randomBytes(5).toString("hex")}@e2e.gatehouse.test`;
  const password = `e2e ${randomBytes(12).toString("base64url")}`;
  const user = await createUser({ email, name: spec.name, password, isLandlordAdmin: spec.landlord ?? false });
  for (const [subdomain, roleKey] of Object.entries(spec.memberships ?? {})) {
    const workspace = await db().workspace.findUniqueOrThrow({ where: { subdomain }, select: { id: true } });
    await addMember({ workspaceId: workspace.id, userId: user.id, roleKey });
  }
  const factor = spec.mfa ? await enableMfa(user.id, user.email) : { secret: null, recoveryCodes: [] };
  users.push({ id: user.id, name: spec.name, email: user.email, password, ...factor });
}
for (const id of request.revokeSessions ?? []) await revokeUserSessions(id, "ADMIN", new Date());
for (const spec of request.suspendWorkspaces ?? []) {
  const [workspace, landlord] = await Promise.all([
    db().workspace.findUniqueOrThrow({ where: { subdomain: spec.subdomain }, select: { guid: true } }),
    db().user.findUniqueOrThrow({ where: { email: DEMO.landlord.email }, select: { id: true, name: true } }),
  ]);
  await suspendWorkspace(workspace.guid, { reason: spec.reason }, landlord, { ip: null, userAgent: "e2e fixtures", now: new Date() });
}
const links: FixtureLink[] = [];
for (const spec of request.setPasswordLinks ?? []) {
  const email = `${slugOf(spec.name)}-${randomBytes(5).toString("hex")}@e2e.gatehouse.test`;
  const { url } = await createLandlordAdmin(email);
  links.push({ email, path: new URL(url).pathname });
}
for (const spec of request.mailedSetPasswordLinks ?? []) {
  const email = `${slugOf(spec.name)}-${randomBytes(5).toString("hex")}@e2e.gatehouse.test`;
  const { url, expiresAt } = await createLandlordAdmin(email);
  const token = url.slice(url.lastIndexOf("/") + 1);
  await db().$transaction((tx) => enqueueEmail(tx, { to: email, template: "invitation", props: { inviterName: spec.inviterName, workspaceName: spec.workspaceName, token, expiresAt: expiresAt.toISOString() } }));
  links.push({ email, path: new URL(url).pathname });
}
const invitations: FixtureLink[] = [];
for (const spec of request.workspaceInvitations ?? []) {
  const email = spec.existingUser === undefined ? `${slugOf(spec.name ?? "invitee")}-${randomBytes(5).toString("hex")}@e2e.gatehouse.test` : users[spec.existingUser]!.email;
  // The inviter is a named landlord admin, so the page shows a name (never an address).
  const inviter = await createUser({ email: `inviter-${randomBytes(5).toString("hex")}@e2e.gatehouse.test`, name: spec.inviterName, isLandlordAdmin: true });
  const now = new Date();
  const { invitation } = await createWorkspaceWithSuperuser(
    { name: spec.workspaceName, subdomain: `e2e-${randomBytes(5).toString("hex")}`, mfaRequired: spec.mfaRequired ?? false, superuserEmail: email },
    { id: inviter.id, name: spec.inviterName },
    { ip: null, userAgent: null, now },
  );
  const mail = await db().outboxEmail.findFirstOrThrow({ where: { to: email, template: "invitation" }, orderBy: { id: "desc" }, select: { to: true, template: true, payload: true } });
  invitations.push({ email: invitation.email, path: `/invitations/${(outboxProps(mail) as { token: string }).token}` });
}
await db().$disconnect();
process.stdout.write(`${JSON.stringify({ users, links, invitations })}\n`);
