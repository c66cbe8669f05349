// API keys over the REST API, from the integration's and the attacker's side: create → use →
// rotate → revoke, the exchange for an access token, and every way a key must be refused.
import { createLocalJWKSet, jwtVerify } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { suspendWorkspace } from "@/lib/admin/workspaces";
import { createApiKey } from "@/lib/api-keys";
import { generateApiKey } from "@/lib/api-keys/format";
import { resolveAccessToken, type WorkspacePrincipal } from "@/lib/auth/principal";
import { db } from "@/lib/db/client";
import { publicJwks } from "@/lib/tokens/jwt";
import { changeMemberRole, removeMember } from "@/lib/workspaces/members";
import { createRole, updateRole } from "@/lib/workspaces/roles";
import { GET as listRoute, POST as createRoute } from "@/app/uauth/api-keys/route";
import { DELETE as revokeRoute } from "@/app/uauth/api-keys/[id]/route";
import { POST as rotateRoute } from "@/app/uauth/api-keys/[id]/rotate/route";
import { POST as exchangeRoute } from "@/app/uauth/auth/login/api-key/route";
import { POST as logoutRoute } from "@/app/uauth/auth/logout/route";
import { GET as businessProfilesRoute } from "@/app/uauth/business-profile/route";
import { GET as meRoute } from "@/app/uauth/me/route";
import { GET as sessionsRoute } from "@/app/uauth/sessions/route";
import { GET as settingsRoute } from "@/app/uauth/workspace/settings/route";
import { api, call, context, disableUser, enterViaApi, freshIp, makeApiKey, makeUser, makeWorkspace, roleOf, signInViaApi, type TestUser, type TestWorkspace } from "@/lib/testing/fixtures";

const KEYS = "/uauth/api-keys";
const revoke = (token: string, id: number, ip?: string) => call(revokeRoute, "DELETE", `${KEYS}/${id}`, { token, ip, params: { id: String(id) } });
const rotate = (token: string, id: number, json: object = {}) => api.post(rotateRoute, `${KEYS}/${id}/rotate`, { token, json, params: { id: String(id) } });
const list = (token: string, ip?: string) => api.get(listRoute, KEYS, { token, ip });
const me = (token: string, ip?: string) => api.get(meRoute, "/uauth/me", { token, ip });

async function principalOf(user: TestUser, workspace: TestWorkspace): Promise<WorkspacePrincipal> {
  const { token } = await enterViaApi((await signInViaApi(user)).token, workspace);
  return (await resolveAccessToken(token, "127.0.0.1", new Date(), "workspace")) as WorkspacePrincipal;
}

let owner: TestUser;
let workspace: TestWorkspace;

beforeAll(async () => {
  owner = await makeUser();
  workspace = await makeWorkspace({ members: [[owner, "superuser"]] });
});

describe("create → use → rotate → revoke", () => {
  it("creates a key shown once, lists it without its secret, and uses it on /uauth/me and a workspace route with its authorities", async () => {
    const made = await makeApiKey(owner, workspace, { name: "CRM sync", authorities: ["ROLE_API_SHOW", "ROLE_ADMIN_SETTINGS"] });
    expect(made.key).toMatch(/^gh_live_[0-9A-Za-z]{49}$/);
    expect(made.prefix).toBe(made.key.slice(0, 16));

    const listed = await list(made.token);
    expect(listed.status).toBe(200);
    const row = listed.json.items.find((item: { id: number }) => item.id === made.id);
    expect(row).toMatchObject({ name: "CRM sync", prefix: made.prefix, lastFour: made.key.slice(-4), authorities: ["ROLE_ADMIN_SETTINGS", "ROLE_API_SHOW"], createdBy: { id: owner.id, email: owner.email }, status: "active", unused90Days: false });
    expect(row.requestsPerDay).toHaveLength(30);
    expect(JSON.stringify(listed.json)).not.toContain(made.key);
    expect(await db().apiKey.findUniqueOrThrow({ where: { id: made.id }, select: { keyHash: true } })).not.toMatchObject({ keyHash: made.key });

    const who = await me(made.key);
    expect(who.status).toBe(200);
    expect(who.json).toMatchObject({ stage: "workspace", apiKey: { id: made.id, name: "CRM sync", prefix: made.prefix }, user: { id: owner.id }, businessProfile: { businessProfileGuid: workspace.guid }, authorities: ["ROLE_ADMIN_SETTINGS", "ROLE_API_SHOW"] });
    expect((await api.get(settingsRoute, "/uauth/workspace/settings", { token: made.key })).status).toBe(200);
    expect((await list(made.key)).status).toBe(200);
    // Not held by the key, though its creator holds it.
    const created = await api.post(createRoute, KEYS, { token: made.key, json: { name: "more", authorities: ["ROLE_API_SHOW"] } });
    expect(created.status).toBe(403);
    expect(created.json.error.code).toBe("FORBIDDEN");
  });

  it("rotates: both keys work inside the overlap, then only the new one (KEY_ROTATED); the successor only may be rotated again", async () => {
    const made = await makeApiKey(owner, workspace, { authorities: ["ROLE_API_SHOW"] });
    const rotated = await rotate(made.token, made.id, { overlapSeconds: 3600 });
    expect(rotated.status).toBe(201);
    expect(rotated.json).toMatchObject({ status: "active", authorities: ["ROLE_API_SHOW"] });
    expect(rotated.json.id).not.toBe(made.id);
    const now = new Date();
    const inWindow = new Date(now.getTime() + 30 * 60 * 1000);
    const after = new Date(now.getTime() + 61 * 60 * 1000);
    for (const key of [made.key, rotated.json.key]) expect((await resolveAccessToken(key, "127.0.0.1", inWindow, "workspace")).kind).toBe("api-key");
    await expect(resolveAccessToken(made.key, "127.0.0.1", after, "workspace")).rejects.toMatchObject({ code: "KEY_ROTATED", status: 401 });
    expect((await resolveAccessToken(rotated.json.key, "127.0.0.1", after, "workspace")).kind).toBe("api-key");

    const old = (await list(made.token)).json.items.find((item: { id: number }) => item.id === made.id);
    expect(old.status).toBe("rotating");
    expect((await rotate(made.token, made.id)).status).toBe(409);
    expect((await rotate(made.token, rotated.json.id, { overlapSeconds: 0 })).status).toBe(201);
  });

  it("rotation with overlap 0 ends the old key at once", async () => {
    const made = await makeApiKey(owner, workspace, { authorities: ["ROLE_API_SHOW"] });
    const rotated = await rotate(made.token, made.id, { overlapSeconds: 0 });
    expect(rotated.status).toBe(201);
    const refused = await me(made.key);
    expect(refused.status).toBe(401);
    expect(refused.json.error.code).toBe("KEY_ROTATED");
    expect((await me(rotated.json.key)).status).toBe(200);
  });

  it("refuses an overlap outside 0…30 days", async () => {
    const made = await makeApiKey(owner, workspace, { authorities: ["ROLE_API_SHOW"] });
    expect((await rotate(made.token, made.id, { overlapSeconds: 31 * 24 * 3600 })).json.error.code).toBe("VALIDATION_FAILED");
    expect((await rotate(made.token, made.id, { overlapSeconds: -1 })).json.error.code).toBe("VALIDATION_FAILED");
  });

  it("revokes: the very next request is 401 KEY_REVOKED, and a second revocation 409", async () => {
    const made = await makeApiKey(owner, workspace, { authorities: ["ROLE_API_SHOW", "ROLE_API_DELETE"] });
    expect((await me(made.key)).status).toBe(200);
    expect((await revoke(made.token, made.id)).status).toBe(204);
    const refused = await me(made.key);
    expect(refused.status).toBe(401);
    expect(refused.json.error.code).toBe("KEY_REVOKED");
    expect(refused.headers.get("www-authenticate")).toContain("KEY_REVOKED");
    expect((await revoke(made.token, made.id)).status).toBe(409);
    const event = await db().auditEvent.findFirst({ where: { action: "api_key.revoked", targetId: String(made.id) } });
    expect(event).toMatchObject({ workspaceId: workspace.id, actorUserId: owner.id, actorApiKeyId: null });
  });
});

describe("the exchange for an access token", () => {
  it("returns a workspace JWT that verifies with the JWKS, carries the key and its authorities, works on /uauth/me and is refused once the key is revoked", async () => {
    const made = await makeApiKey(owner, workspace, { authorities: ["ROLE_API_SHOW"] });
    const exchanged = await api.post(exchangeRoute, "/uauth/auth/login/api-key", { token: made.key });
    expect(exchanged.status).toBe(200);
    expect(exchanged.json).not.toHaveProperty("refreshToken");
    const { payload } = await jwtVerify(exchanged.json.token, createLocalJWKSet(await publicJwks()), { algorithms: ["ES256"] });
    expect(payload).toMatchObject({ sub: String(owner.id), stage: "workspace", ws: workspace.guid, apiKeyId: made.id, sid: `api-key:${made.id}`, authorities: ["ROLE_API_SHOW"] });
    expect(payload.exp! - payload.iat!).toBeLessThanOrEqual(600);

    expect((await me(exchanged.json.token)).json).toMatchObject({ apiKey: { id: made.id } });
    expect((await list(exchanged.json.token)).status).toBe(200);
    // An exchanged token cannot be exchanged again (it would never end), nor can a person's token.
    expect((await api.post(exchangeRoute, "/uauth/auth/login/api-key", { token: exchanged.json.token })).status).toBe(403);
    expect((await api.post(exchangeRoute, "/uauth/auth/login/api-key", { token: made.token })).status).toBe(403);

    expect((await revoke(made.token, made.id)).status).toBe(204);
    const refused = await me(exchanged.json.token);
    expect(refused.status).toBe(401);
    expect(refused.json.error.code).toBe("KEY_REVOKED");
  });
});

describe("attacks", () => {
  it("refuses malformed, checksum-broken and unknown keys with 401 INVALID_TOKEN", async () => {
    const made = await makeApiKey(owner, workspace, { authorities: ["ROLE_API_SHOW"] });
    const brokenChecksum = made.key.slice(0, -1) + (made.key.endsWith("A") ? "B" : "A");
    for (const key of ["gh_live_short", brokenChecksum, generateApiKey().key, `${made.prefix}${generateApiKey().key.slice(16)}`]) {
      const refused = await me(key, freshIp());
      expect(refused.status, key).toBe(401);
      expect(refused.json.error.code).toBe("INVALID_TOKEN");
    }
  });

  it("throttles guessing per address (429 with Retry-After), refusing even a right key from there before any lookup", async () => {
    const made = await makeApiKey(owner, workspace, { authorities: ["ROLE_API_SHOW"] });
    const guesser = freshIp();
    for (let i = 0; i < 20; i++) expect((await me(generateApiKey().key, guesser)).status).toBe(401);
    const blocked = await me(made.key, guesser);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await me(made.key, freshIp())).status).toBe(200);
  });

  it("refuses an expired key (KEY_EXPIRED) and a key in the query string (400)", async () => {
    const expiresAt = new Date(Date.now() + 24 * 3600 * 1000);
    const made = await makeApiKey(owner, workspace, { authorities: ["ROLE_API_SHOW"], expiresAt: expiresAt.toISOString() });
    await expect(resolveAccessToken(made.key, "127.0.0.1", new Date(expiresAt.getTime() + 1000), "workspace")).rejects.toMatchObject({ code: "KEY_EXPIRED", status: 401 });
    for (const path of [`${KEYS}?api_key=${made.key}`, `${KEYS}?q=${made.key}`]) {
      const refused = await api.get(listRoute, path);
      expect(refused.status).toBe(400);
      expect(refused.json.error.code).toBe("CREDENTIALS_IN_QUERY");
    }
    expect((await api.post(createRoute, KEYS, { token: made.token, json: { name: "past", authorities: ["ROLE_API_SHOW"], expiresAt: "2001-01-01" } })).json.error.code).toBe("VALIDATION_FAILED");
  });

  it("keeps workspaces apart: another workspace's token or key lists only its own keys, and its ids are 404", async () => {
    const mine = await makeApiKey(owner, workspace, { authorities: ["ROLE_API_SHOW", "ROLE_API_DELETE", "ROLE_API_CREATE"] });
    const other = await makeUser();
    const otherWorkspace = await makeWorkspace({ members: [[other, "superuser"]] });
    const theirs = await makeApiKey(other, otherWorkspace, { authorities: ["ROLE_API_SHOW", "ROLE_API_DELETE", "ROLE_API_CREATE"] });
    for (const credential of [theirs.token, theirs.key]) {
      const ids = (await list(credential)).json.items.map((item: { id: number }) => item.id);
      expect(ids).toContain(theirs.id);
      expect(ids).not.toContain(mine.id);
      expect((await revoke(credential, mine.id)).status).toBe(404);
      expect((await rotate(credential, mine.id)).status).toBe(404);
    }
    expect((await me(mine.key)).status).toBe(200);
  });

  it("a key never mints or rotates keys (403), whatever it holds: a minted key would outlive its parent's expiry and revocation", async () => {
    const made = await makeApiKey(owner, workspace, { authorities: ["ROLE_API_CREATE", "ROLE_API_SHOW"] });
    for (const authorities of [["ROLE_API_SHOW", "ROLE_ADMIN_SETTINGS"], ["ROLE_API_SHOW"]]) {
      const created = await api.post(createRoute, KEYS, { token: made.key, json: { name: "child", authorities } });
      expect(created.status).toBe(403);
      expect(created.json.error.code).toBe("FORBIDDEN");
    }
    const rotated = await rotate(made.key, made.id, { overlapSeconds: 0 });
    expect(rotated.status).toBe(403);
    expect(await db().apiKey.count({ where: { workspaceId: workspace.id, name: "child" } })).toBe(0);
    expect((await me(made.key)).status).toBe(200);
  });

  it("rotation makes the rotator the new key's creator, and someone else's key needs ROLE_API_DELETE to rotate", async () => {
    const rotator = await makeUser();
    const team = await makeWorkspace({ members: [[owner, "superuser"], [rotator, "member"]] });
    const ownerKey = await makeApiKey(owner, team, { authorities: ["ROLE_CRM_SHOW"] });
    const ownerPrincipal = await principalOf(owner, team);
    const creatorRole = await createRole(ownerPrincipal, { key: "key-maker", name: "Key maker", authorities: ["ROLE_API_CREATE", "ROLE_API_SHOW", "ROLE_CRM_SHOW"] }, context(new Date()));
    await changeMemberRole(ownerPrincipal, rotator.id, creatorRole.id, context(new Date()));
    const rotatorToken = (await enterViaApi((await signInViaApi(rotator)).token, team)).token;
    const refused = await rotate(rotatorToken, ownerKey.id, { overlapSeconds: 0 });
    expect(refused.status).toBe(403);
    expect((await me(ownerKey.key)).status).toBe(200);

    await updateRole(ownerPrincipal, creatorRole.id, { authorities: ["ROLE_API_CREATE", "ROLE_API_DELETE", "ROLE_API_SHOW", "ROLE_CRM_SHOW"] }, context(new Date()));
    const rotated = await rotate(rotatorToken, ownerKey.id, { overlapSeconds: 0 });
    expect(rotated.status).toBe(201);
    expect(rotated.json.createdBy).toEqual({ id: rotator.id, email: rotator.email });
    // The new secret is clipped to the rotator's role, not the old creator's.
    expect((await me(rotated.json.key)).json.user.id).toBe(rotator.id);
  });

  it("refuses keys on routes about a person (403), and a person's token without a fresh password may not mint one", async () => {
    const made = await makeApiKey(owner, workspace, { authorities: ["ROLE_API_SHOW", "ROLE_API_CREATE"] });
    for (const [handler, path, method] of [[sessionsRoute, "/uauth/sessions", "GET"], [businessProfilesRoute, "/uauth/business-profile/", "GET"], [logoutRoute, "/uauth/auth/logout", "POST"]] as const) {
      const refused = await call(handler, method, path, { token: made.key });
      expect(refused.status, path).toBe(403);
      expect(refused.json.error.code).toBe("FORBIDDEN");
    }
    const principal = await principalOf(owner, workspace);
    const later = new Date(Date.now() + 11 * 60 * 1000);
    await expect(createApiKey(principal, { name: "late", authorities: ["ROLE_API_SHOW"] }, context(later), later)).rejects.toMatchObject({ code: "PASSWORD_CONFIRMATION_REQUIRED" });
  });

  it("clips a key to its creator's role as it is now (FORBIDDEN once the creator lost the authority) and disables it when the creator is removed or disabled", async () => {
    const creator = await makeUser();
    const admin = await makeUser();
    const shared = await makeWorkspace({ members: [[creator, "superuser"], [admin, "superuser"]] });
    const made = await makeApiKey(creator, shared, { authorities: ["ROLE_API_SHOW"] });
    expect((await list(made.key)).status).toBe(200);
    const adminPrincipal = await principalOf(admin, shared);
    await changeMemberRole(adminPrincipal, creator.id, (await roleOf(shared, "member")).id, context(new Date()));
    const clipped = await list(made.key);
    expect(clipped.status).toBe(403);
    expect(clipped.json.error.code).toBe("FORBIDDEN");
    expect((await me(made.key)).json.authorities).toEqual([]);

    await removeMember(adminPrincipal, creator.id, context(new Date()));
    const removed = await me(made.key);
    expect(removed.status).toBe(401);
    expect(removed.json.error.code).toBe("KEY_DISABLED");

    const other = await makeApiKey(admin, shared, { authorities: ["ROLE_API_SHOW"] });
    await disableUser(admin);
    expect((await me(other.key)).json.error.code).toBe("KEY_DISABLED");
  });

  it("applies the workspace's IP allow-list and its suspension to keys", async () => {
    const member = await makeUser();
    const restricted = await makeWorkspace({ ipRestricted: true, ipRanges: ["10.0.0.0/8"], members: [[member, "superuser"]] });
    const made = await makeApiKey(member, restricted, { authorities: ["ROLE_API_SHOW"] }, { ip: "10.0.0.5" });
    expect((await list(made.key, "10.1.2.3")).status).toBe(200);
    const outside = await list(made.key, "192.0.2.1");
    expect(outside.status).toBe(403);
    expect(outside.json.error.code).toBe("POLICY_REQUIREMENTS");

    const landlord = await makeUser({ landlord: true });
    await suspendWorkspace(restricted.guid, { reason: "Unpaid" }, { id: landlord.id, name: null }, context(new Date()));
    const suspended = await list(made.key, "10.1.2.3");
    expect(suspended.status).toBe(403);
    expect(suspended.json.error.code).toBe("WORKSPACE_SUSPENDED");
  });
});
