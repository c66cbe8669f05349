// The landlord's onboarding API end to end, through the route handlers with no middleware in front,
// on SQLite and PostgreSQL: a landlord creates a workspace, the outbox delivers the invitation (the
// real Resend SDK against the local stand-in), the superuser accepts, signs in and works as
// superuser. Everyone else is refused on every admin route, and every dead link stays dead.
import { outboxProps } from "@/lib/email/outbox";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { GET as profileRoute } from "@/app/uauth/business-profile/[guid]/route";
import { POST as selectRoute } from "@/app/uauth/auth/login/user/profile/[guid]/route";
import { GET as invitationRoute } from "@/app/uauth/invitations/[token]/route";
import { POST as acceptRoute } from "@/app/uauth/invitations/[token]/accept/route";
import { DELETE as revokeRoute } from "@/app/uauth/admin/invitations/[id]/route";
import { POST as resendRoute } from "@/app/uauth/admin/invitations/[id]/resend/route";
import { GET as invitationsRoute } from "@/app/uauth/admin/invitations/route";
import { GET as workspaceRoute, PATCH as patchWorkspaceRoute } from "@/app/uauth/admin/workspaces/[id]/route";
import { GET as workspacesRoute, POST as createRoute } from "@/app/uauth/admin/workspaces/route";
import { POST as inviteRoute } from "@/app/uauth/workspace/members/route";
import { POST as createRoleRoute } from "@/app/uauth/workspace/roles/route";
import { ALL_AUTHORITIES } from "@/lib/auth/authorities";
import { db } from "@/lib/db/client";
import { drainOutbox } from "@/lib/email/outbox";
import { invitationView } from "@/lib/invitations/workspace";
import { renderEmail } from "@/lib/email/templates";
import { appEnv } from "@/lib/env";
import { startResendStandIn } from "@/lib/testing/resend-stand-in";
import { api, call, enterViaApi, freshIp, loginViaApi, makeUser, makeWorkspace, selectPath, signInViaApi, unique, type RouteHandler, type TestUser, notLandlordCallers, type RefusedCaller } from "@/lib/testing/fixtures";

const standIn = await startResendStandIn();
process.env.RESEND_API_KEY = "re_test_stand_in";
process.env.RESEND_BASE_URL = standIn.url;
afterAll(() => standIn.close());

const STRONG = "tangerine lamp cobalt ferry";
const CREATE_PATH = "/uauth/admin/workspaces";

let landlord: TestUser;
let landlordToken: string;

beforeAll(async () => {
  landlord = await makeUser({ landlord: true, mfa: true });
  landlordToken = (await signInViaApi(landlord)).token;
  // The landlord's own "two-step verification was turned on" notice goes out first, so the drains below count the tests' own e-mails.
  await drainOutbox({ now: new Date(), owner: "test" });
});

beforeEach(() => {
  standIn.requests.length = 0;
});

afterEach(() => {
  vi.useRealTimers();
});

const create = (json: unknown, token = landlordToken) => api.post(createRoute, CREATE_PATH, { token, json });
const newSpec = (overrides: Record<string, unknown> = {}) => ({ name: `Tenant ${unique("t")}`, subdomain: unique("tenant-"), superuserEmail: `${unique("boss")}@example.test`, ...overrides });
// Every link look-up comes from a fresh address, so the per-address throttle of one test never decides another.
const describeLink = (token: string) => api.get(invitationRoute, `/uauth/invitations/${token}`, { params: { token }, ip: freshIp() });
const accept = (token: string, json: unknown = { password: STRONG }, bearer?: string) => api.post(acceptRoute, `/uauth/invitations/${token}/accept`, { params: { token }, json, token: bearer, ip: freshIp() });
const listInvitations = (query = "") => api.get(invitationsRoute, `/uauth/admin/invitations${query}`, { token: landlordToken });
const resend = (id: number, token = landlordToken) => api.post(resendRoute, `/uauth/admin/invitations/${id}/resend`, { token, params: { id: String(id) } });
const revoke = (id: number, token = landlordToken) => call(revokeRoute, "DELETE", `/uauth/admin/invitations/${id}`, { token, params: { id: String(id) } });

/** The link token in the newest invitation e-mail queued for `to`. */
async function mailedToken(to: string): Promise<string> {
  const row = await db().outboxEmail.findFirstOrThrow({ where: { to, template: "invitation" }, orderBy: { id: "desc" } });
  return (outboxProps(row) as { token: string }).token;
}

async function invitationStatus(id: number): Promise<string | undefined> {
  const res = await listInvitations("?limit=100");
  return (res.json.items as Array<{ id: number; status: string }>).find((item) => item.id === id)?.status;
}

describe("landlord onboarding, end to end", () => {
  it("landlord with MFA creates a workspace → e-mail through the outbox with the link → accept → sign in → superuser workspace token → a member invited with a role holds exactly it", async () => {
    const spec = newSpec({ name: "Acme <b>Corp</b>", logo: "https://cdn.example/acme.png", ipAllowlist: [] });
    const created = await create(spec);
    expect(created.status).toBe(201);
    expect(Object.keys(created.json).sort()).toEqual(["invitation", "workspace"]);
    expect(created.json.workspace).toMatchObject({ name: "Acme <b>Corp</b>", subdomain: spec.subdomain, logo: "https://cdn.example/acme.png", ipRestricted: false, mfaRequired: false, businessProfileGuid: expect.any(String), id: expect.any(Number), created: expect.stringMatching(/Z$/) });
    expect(created.json.invitation).toEqual({ id: expect.any(Number), email: spec.superuserEmail, status: "queued", expiresAt: expect.any(String) });

    // The outbox row is delivered through the real SDK; the e-mail carries the link under APP_URL.
    expect(await drainOutbox({ now: new Date(), owner: "test" })).toMatchObject({ sent: 1 });
    expect(standIn.deliveries.at(-1)?.body).toMatchObject({ to: [spec.superuserEmail] });
    expect(await invitationStatus(created.json.invitation.id)).toBe("sent");
    const token = await mailedToken(spec.superuserEmail);
    const mail = await db().outboxEmail.findFirstOrThrow({ where: { to: spec.superuserEmail } });
    const rendered = await renderEmail("invitation", outboxProps(mail), { appUrl: appEnv().appUrl });
    expect(rendered.text).toContain(`${appEnv().appUrl}/invitations/${token}`);
    expect(rendered.html).not.toContain("<b>Corp</b>");

    const details = await describeLink(token);
    expect(details.status).toBe(200);
    expect(details.json).toEqual({ email: spec.superuserEmail, expiresAt: created.json.invitation.expiresAt, inviter: "A Gatehouse administrator", workspace: { businessProfileGuid: created.json.workspace.businessProfileGuid, name: spec.name, subdomain: spec.subdomain, logo: "https://cdn.example/acme.png", mfaRequired: false }, next: "set_password" });
    // Looking never consumes it.
    expect((await describeLink(token)).status).toBe(200);

    const weak = await accept(token, { password: "Password1234567!" });
    expect(weak.status).toBe(400);
    expect(weak.json.error).toMatchObject({ code: "VALIDATION_FAILED", fields: { password: expect.any(String) } });
    const accepted = await accept(token);
    expect(accepted.status).toBe(200);
    expect(accepted.json).toEqual({ email: spec.superuserEmail, workspace: { businessProfileGuid: created.json.workspace.businessProfileGuid, name: spec.name, subdomain: spec.subdomain }, passwordSet: true });
    expect(await invitationStatus(created.json.invitation.id)).toBe("accepted");

    const login = await loginViaApi({ email: spec.superuserEmail, password: STRONG });
    expect(login.status).toBe(200);
    const guid = created.json.workspace.businessProfileGuid as string;
    const selected = await api.post(selectRoute, selectPath(guid), { token: login.json.token, params: { guid } });
    expect(selected.status).toBe(200);
    const profile = await api.get(profileRoute, `/uauth/business-profile/${guid}`, { token: selected.json.token, params: { guid } });
    expect(profile.json.role.key).toBe("superuser");
    expect([...profile.json.authorities].sort()).toEqual([...ALL_AUTHORITIES].sort());

    // Threat: a link used twice (a forwarded or leaked e-mail).
    expect((await accept(token, { password: "another cobalt ferry lamp" })).status).toBe(410);
    expect((await describeLink(token)).status).toBe(410);

    // The superuser makes a role and invites a member with it; the member joins and holds exactly that role.
    const superuserToken = selected.json.token as string;
    const role = await api.post(createRoleRoute, "/uauth/workspace/roles", { token: superuserToken, json: { key: "field-sales", name: "Field Sales", authorities: ["ROLE_ERP_SHOW", "ROLE_CRM_SHOW"] } });
    expect(role.status).toBe(201);
    const memberEmail = `${unique("field")}@example.test`;
    const invited = await api.post(inviteRoute, "/uauth/workspace/members", { token: superuserToken, json: { email: memberEmail, roleId: role.json.id } });
    expect(invited.status).toBe(201);
    expect(await drainOutbox({ now: new Date(), owner: "test" })).toMatchObject({ sent: 1 });
    expect((await accept(await mailedToken(memberEmail), { password: "copper willow canyon drift" })).status).toBe(200);
    const member = await loginViaApi({ email: memberEmail, password: "copper willow canyon drift" });
    const entered = await api.post(selectRoute, selectPath(guid), { token: member.json.token, params: { guid } });
    expect(entered.status).toBe(200);
    const memberProfile = await api.get(profileRoute, `/uauth/business-profile/${guid}`, { token: entered.json.token, params: { guid } });
    expect(memberProfile.json.role).toMatchObject({ key: "field-sales", name: "Field Sales" });
    expect([...memberProfile.json.authorities].sort()).toEqual(["ROLE_CRM_SHOW", "ROLE_ERP_SHOW"]);
    // …and none of the superuser's: inviting is refused.
    expect((await api.post(inviteRoute, "/uauth/workspace/members", { token: entered.json.token, json: { email: `${unique("x")}@example.test`, roleId: role.json.id } })).status).toBe(403);
  });

  it("lists, reads and changes workspaces; the allow-list is kept normalised", async () => {
    const spec = newSpec({ ipRestricted: true, ipAllowlist: ["10.0.0.0/8", "10.0.0.0/8"], mfaRequired: true });
    const created = await create(spec);
    expect(created.status).toBe(201);
    const guid = created.json.workspace.businessProfileGuid as string;
    expect(created.json.workspace).toMatchObject({ ipRestricted: true, mfaRequired: true, ipAllowlist: ["10.0.0.0/8"] });
    const listed = await api.get(workspacesRoute, `${CREATE_PATH}?q=${spec.subdomain}`, { token: landlordToken });
    expect(listed.status).toBe(200);
    expect(listed.json.items.map((w: { subdomain: string }) => w.subdomain)).toEqual([spec.subdomain]);
    const path = `${CREATE_PATH}/${guid}`;
    expect((await api.get(workspaceRoute, path, { token: landlordToken, params: { id: guid } })).json).toMatchObject({ businessProfileGuid: guid, ipAllowlist: ["10.0.0.0/8"] });
    const patched = await call(patchWorkspaceRoute, "PATCH", path, { token: landlordToken, params: { id: guid }, json: { name: "Renamed", ipRestricted: false, ipAllowlist: [] } });
    expect(patched.status).toBe(200);
    expect(patched.json).toMatchObject({ name: "Renamed", ipRestricted: false, ipAllowlist: [], subdomain: spec.subdomain });
    // Threat: locking every member (the superuser too) out with an empty allow-list.
    const lockout = await call(patchWorkspaceRoute, "PATCH", path, { token: landlordToken, params: { id: guid }, json: { ipRestricted: true } });
    expect(lockout.status).toBe(400);
    expect((await call(patchWorkspaceRoute, "PATCH", path, { token: landlordToken, params: { id: guid }, json: { subdomain: "hijack" } })).status).toBe(400);
    expect((await api.get(workspaceRoute, `${CREATE_PATH}/00000000-0000-4000-8000-000000000000`, { token: landlordToken, params: { id: "00000000-0000-4000-8000-000000000000" } })).status).toBe(404);
    expect((await api.get(workspaceRoute, `${CREATE_PATH}/1`, { token: landlordToken, params: { id: "1" } })).status).toBe(404);
  });
});

describe("only a landlord admin who passed MFA in this session", () => {
  const guid = "00000000-0000-4000-8000-000000000000";
  const routes: Array<{ name: string; handler: RouteHandler; method: string; path: string; params?: Record<string, string>; json?: unknown }> = [
    { name: "GET workspaces", handler: workspacesRoute, method: "GET", path: CREATE_PATH },
    { name: "POST workspaces", handler: createRoute, method: "POST", path: CREATE_PATH, json: { name: "Evil", subdomain: "evil-takeover", superuserEmail: "attacker@evil.test" } },
    { name: "GET workspace", handler: workspaceRoute, method: "GET", path: `${CREATE_PATH}/${guid}`, params: { id: guid } },
    { name: "PATCH workspace", handler: patchWorkspaceRoute, method: "PATCH", path: `${CREATE_PATH}/${guid}`, params: { id: guid }, json: { name: "Evil" } },
    { name: "GET invitations", handler: invitationsRoute, method: "GET", path: "/uauth/admin/invitations" },
    { name: "POST resend", handler: resendRoute, method: "POST", path: "/uauth/admin/invitations/1/resend", params: { id: "1" } },
    { name: "DELETE invitation", handler: revokeRoute, method: "DELETE", path: "/uauth/admin/invitations/1", params: { id: "1" } },
  ];
  let callers: Record<string, RefusedCaller> = {};

  beforeAll(async () => {
    callers = await notLandlordCallers();
  });

  it("lets a landlord past MFA in with a workspace token too (the console does not care which workspace is selected)", async () => {
    const operator = await makeUser({ landlord: true, mfa: true });
    const workspace = await makeWorkspace({ members: [[operator, "member"]] });
    const { token } = await enterViaApi((await signInViaApi(operator)).token, workspace);
    expect((await api.get(workspacesRoute, CREATE_PATH, { token })).status).toBe(200);
  });

  // Threat: a tenant (or a stolen password without the second factor) administering every tenant.
  it("refuses everyone else on every admin route, and nothing is created", async () => {
    const workspacesBefore = await db().workspace.count();
    const seen: string[] = [];
    for (const [who, expected] of Object.entries(callers)) {
      for (const route of routes) {
        const res = await call(route.handler, route.method, route.path, { token: expected.token, params: route.params, json: route.json });
        seen.push(`${who} ${route.name}: ${res.status} ${res.json?.error?.code}`);
      }
    }
    expect(seen).toEqual(Object.entries(callers).flatMap(([who, expected]) => routes.map((route) => `${who} ${route.name}: ${expected.status} ${expected.code}`)));
    expect(await db().workspace.count()).toBe(workspacesBefore);
    expect(await db().workspace.findUnique({ where: { subdomain: "evil-takeover" } })).toBeNull();
  });
});

describe("bad input", () => {
  // Threat: two tenants answering to one subdomain.
  it("refuses a taken subdomain (409), whatever its case", async () => {
    const spec = newSpec();
    expect((await create(spec)).status).toBe(201);
    const again = await create(newSpec({ subdomain: spec.subdomain.toUpperCase() }));
    expect(again.status).toBe(409);
    expect(again.json.error.code).toBe("CONFLICT");
  });

  // Threat: an invitation delivered to a list, or to an address other than the one shown.
  it("refuses comma lists, quoted local parts, non-ASCII look-alikes, unknown fields and a CRLF name (400)", async () => {
    for (const superuserEmail of ['"a@evil.test"@victim.test', "a@evil.test,b@victim.test", "\u212Aate@example.test", "x@victim.test\r\nBcc: y@evil.test"]) {
      const res = await create(newSpec({ superuserEmail }));
      expect(res.status, superuserEmail).toBe(400);
      expect(res.json.error.fields).toHaveProperty("superuserEmail");
    }
    expect((await create(newSpec({ name: "Evil\r\nBcc: y@evil.test" }))).json.error.fields).toHaveProperty("name");
    expect((await create({ ...newSpec(), isLandlordAdmin: true })).status).toBe(400);
  });

  it("maps upper-case variants of an address to the one account", async () => {
    const owner = await makeUser();
    const created = await create(newSpec({ superuserEmail: owner.email.toUpperCase() }));
    expect(created.status).toBe(201);
    expect(created.json.invitation.email).toBe(owner.email);
    expect(await db().user.count({ where: { email: owner.email } })).toBe(1);
  });
});

describe("invitation links", () => {
  it("unknown 404, malformed 404, both without naming anyone", async () => {
    for (const token of ["a".repeat(43), "../../etc/passwd", "x"]) {
      const res = await describeLink(token);
      expect(res.status, token).toBe(404);
      expect(JSON.stringify(res.json)).not.toContain("@");
      expect((await accept(token)).status).toBe(404);
    }
  });

  // Threat: one link submitted twice at the same instant setting two passwords or two memberships.
  it("works once when two accepts race: one 200, one 410, one membership", async () => {
    const spec = newSpec();
    const created = await create(spec);
    const token = await mailedToken(spec.superuserEmail);
    const results = await Promise.all([accept(token, { password: STRONG }), accept(token, { password: "another cobalt ferry lamp" })]);
    expect(results.map((res) => res.status).sort()).toEqual([200, 410]);
    expect(await db().membership.count({ where: { workspaceId: created.json.workspace.id } })).toBe(1);
    const winner = results[0]!.status === 200 ? STRONG : "another cobalt ferry lamp";
    expect((await loginViaApi({ email: spec.superuserEmail, password: winner })).status).toBe(200);
  });

  // Threat: an old e-mail found later still opening a tenant.
  it("expires after 72 hours by the clock (410)", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date());
    const spec = newSpec();
    expect((await create(spec)).status).toBe(201);
    const token = await mailedToken(spec.superuserEmail);
    vi.setSystemTime(Date.now() + 71 * 3600_000);
    expect((await describeLink(token)).status).toBe(200);
    vi.setSystemTime(Date.now() + 2 * 3600_000);
    expect((await describeLink(token)).status).toBe(410);
    expect((await accept(token)).status).toBe(410);
    // The landlord's 10-minute token is long expired by now: the status is read from the domain at this instant.
    const id = (await db().invitation.findFirstOrThrow({ where: { email: spec.superuserEmail } })).id;
    expect((await invitationView(id, new Date())).status).toBe("expired");
  });

  it("revoked: 410 from then on; revoking again is a no-op; a revoked invitation cannot be resent", async () => {
    const spec = newSpec();
    const created = await create(spec);
    const token = await mailedToken(spec.superuserEmail);
    expect((await revoke(created.json.invitation.id)).status).toBe(204);
    expect((await describeLink(token)).status).toBe(410);
    expect((await accept(token)).status).toBe(410);
    expect(await db().user.findUniqueOrThrow({ where: { email: spec.superuserEmail }, select: { status: true } })).toEqual({ status: "INVITED" });
    expect((await revoke(created.json.invitation.id)).status).toBe(204);
    expect((await resend(created.json.invitation.id)).status).toBe(409);
    expect(await invitationStatus(created.json.invitation.id)).toBe("revoked");
    expect((await revoke(999_999)).status).toBe(404);
  });

  // Threat: the link in an e-mail that went astray staying valid after the admin sent a new one.
  it("resend kills the old link at once, withdraws its still-queued e-mail and queues a new one", async () => {
    const spec = newSpec();
    const created = await create(spec);
    const oldToken = await mailedToken(spec.superuserEmail);
    const resent = await resend(created.json.invitation.id);
    expect(resent.status).toBe(201);
    expect(resent.json).toMatchObject({ email: spec.superuserEmail, status: "queued" });
    expect(resent.json.id).not.toBe(created.json.invitation.id);
    const newToken = await mailedToken(spec.superuserEmail);
    expect(newToken).not.toBe(oldToken);
    // The old e-mail was still queued: it is withdrawn, so only the new link is ever delivered.
    const queued = await db().outboxEmail.findMany({ where: { to: spec.superuserEmail } });
    expect(queued.map((row) => [row.status, (outboxProps(row) as { token: string }).token])).toEqual([["PENDING", newToken]]);
    expect((await describeLink(oldToken)).status).toBe(410);
    expect((await accept(oldToken)).status).toBe(410);
    expect(await invitationStatus(created.json.invitation.id)).toBeUndefined();
    expect((await resend(created.json.invitation.id)).status).toBe(409);
    expect((await accept(newToken)).status).toBe(200);
  });

  it("shows delivery failed when Resend refuses the e-mail, and a resend queues it again", async () => {
    const spec = newSpec();
    const created = await create(spec);
    await drainOutbox({ now: new Date(), owner: "test" });
    const second = await create(newSpec());
    standIn.answerNext(422);
    expect(await drainOutbox({ now: new Date(), owner: "test" })).toMatchObject({ failed: 1 });
    const items = (await listInvitations("?limit=100")).json.items as Array<{ id: number; status: string; deliveryError: string | null }>;
    expect(items.find((item) => item.id === second.json.invitation.id)).toMatchObject({ status: "delivery_failed", deliveryError: expect.stringContaining("422") });
    expect(items.find((item) => item.id === created.json.invitation.id)).toMatchObject({ status: "sent", deliveryError: null });
    const resent = await resend(second.json.invitation.id);
    expect(resent.json.status).toBe("queued");
    const filtered = await listInvitations(`?businessProfileGuid=${second.json.workspace.businessProfileGuid}`);
    expect(filtered.json.items.map((item: { id: number }) => item.id)).toEqual([resent.json.id]);
  });

  // Threat: a workspace-A invitation used as a key to workspace B.
  it("accepting A's invitation grants nothing in B", async () => {
    const email = `${unique("both")}@example.test`;
    const a = await create(newSpec({ superuserEmail: email }));
    const b = await create(newSpec({ superuserEmail: email }));
    expect(b.status).toBe(201);
    const tokens = await db().outboxEmail.findMany({ where: { to: email }, orderBy: { id: "asc" } });
    const tokenA = (outboxProps(tokens[0]!) as { token: string }).token;
    expect((await accept(tokenA)).status).toBe(200);
    const user = await db().user.findUniqueOrThrow({ where: { email }, include: { memberships: true } });
    expect(user.memberships.map((m) => m.workspaceId)).toEqual([a.json.workspace.id]);
    const login = await loginViaApi({ email, password: STRONG });
    const guidB = b.json.workspace.businessProfileGuid as string;
    const selectB = await api.post(selectRoute, selectPath(guidB), { token: login.json.token, params: { guid: guidB } });
    expect(selectB.status).toBe(403);
    expect(selectB.json.error.code).toBe("NOT_A_MEMBER");
    // B's link now belongs to an account with a password: it asks for a sign-in, never sets one.
    const tokenB = (outboxProps(tokens[1]!) as { token: string }).token;
    expect((await accept(tokenB, { password: "another cobalt ferry lamp" })).status).toBe(401);
    expect((await loginViaApi({ email, password: "another cobalt ferry lamp" })).status).toBe(401);
  });

  // Threat: an invitation as a way to set (reset) the password of an existing account.
  it("never changes an existing account's password; it joins only when signed in as itself", async () => {
    const owner = await makeUser();
    const other = await makeUser();
    const created = await create(newSpec({ superuserEmail: owner.email }));
    const token = await mailedToken(owner.email);
    const hashBefore = (await db().passwordCredential.findUniqueOrThrow({ where: { userId: owner.id } })).hash;
    expect((await describeLink(token)).json.next).toBe("sign_in");
    const anonymous = await accept(token, { password: STRONG });
    expect(anonymous.status).toBe(401);
    expect(anonymous.json.error.code).toBe("UNAUTHENTICATED");
    // Signed in as someone else: never attached to the wrong account.
    const otherToken = (await signInViaApi(other)).token;
    expect((await accept(token, {}, otherToken)).status).toBe(403);
    expect(await db().membership.count({ where: { workspaceId: created.json.workspace.id } })).toBe(0);
    const ownToken = (await signInViaApi(owner)).token;
    const joined = await accept(token, { password: STRONG }, ownToken);
    expect(joined.status).toBe(200);
    expect(joined.json.passwordSet).toBe(false);
    expect((await db().passwordCredential.findUniqueOrThrow({ where: { userId: owner.id } })).hash).toBe(hashBefore);
    expect((await loginViaApi(owner)).status).toBe(200);
    expect((await loginViaApi({ email: owner.email, password: STRONG })).status).toBe(401);
    const membership = await db().membership.findFirstOrThrow({ where: { workspaceId: created.json.workspace.id }, include: { role: true } });
    expect({ userId: membership.userId, role: membership.role.key }).toEqual({ userId: owner.id, role: "superuser" });
    expect((await accept(token, {}, ownToken)).status).toBe(410);
  });
});
