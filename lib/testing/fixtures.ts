// Test-only fixtures for integration tests: users, workspaces and a caller for the route handlers.
// Data is built through the domain functions (lib/users, lib/workspaces, lib/auth/mfa), never with
// raw SQL, so a fixture cannot create a state the product itself could not reach.
import { decodeJwt, decodeProtectedHeader } from "jose";
import { setUserDisabled } from "@/lib/admin/users";
import { type Authority, type RoleKey } from "@/lib/auth/authorities";
import { beginTotpEnrollment, confirmTotpEnrollment } from "@/lib/auth/mfa";
import { type ClientContext } from "@/lib/auth/sessions";
import { totpCode } from "@/lib/auth/totp";
import { db } from "@/lib/db/client";
import { peerEnv } from "@/lib/env";
import { PEER_HEADER, PEER_PROOF_HEADER, peerProof } from "@/lib/net/request";
import { assertDocumentedResponse } from "@/lib/testing/openapi-conformance";
import { createUser } from "@/lib/users";
import { addMember, createWorkspace, type NewWorkspace } from "@/lib/workspaces";
import { POST as loginRoute } from "@/app/uauth/auth/login/user/route";
import { POST as logoutRoute } from "@/app/uauth/auth/logout/route";
import { POST as mfaRoute } from "@/app/uauth/auth/login/user/mfa/verification/route";
import { POST as selectRoute } from "@/app/uauth/auth/login/user/profile/[guid]/route";
import { POST as createApiKeyRoute } from "@/app/uauth/api-keys/route";

/** The password every fixture user gets unless a test chooses another. */
export const PASSWORD = "correct horse battery staple";

/**
 * TOTP factors are confirmed at this instant, so a code for any later time is fresh (not a
 * replay of the enrolment code) whether a test runs on the real clock or an injected `now`.
 */
export const ENROLLED_AT = new Date("2020-01-01T00:00:00Z");

let sequence = 0;
/** A value unique within the test file (each file has its own database). */
export function unique(prefix = "x"): string {
  sequence += 1;
  return `${prefix}${sequence}`;
}

/** A fresh address from TEST-NET-3 (RFC 5737), so address throttling of one test never touches another. */
export function freshIp(): string {
  sequence += 1;
  return `203.0.113.${(sequence % 254) + 1}`;
}

export interface TestUser {
  id: number;
  email: string;
  password: string;
  /** Base32 TOTP secret when MFA is on. */
  secret: string | null;
  /** The ten one-time recovery codes when MFA is on. */
  recoveryCodes: string[];
}

/** A user who can sign in; with `mfa` also a confirmed TOTP factor and recovery codes; `landlord` makes a platform admin. */
export async function makeUser(options: { mfa?: boolean; email?: string; password?: string; landlord?: boolean } = {}): Promise<TestUser> {
  const password = options.password ?? PASSWORD;
  const user = await createUser({ email: options.email ?? `${unique("user")}@example.test`, password, isLandlordAdmin: options.landlord ?? false });
  if (!options.mfa) return { id: user.id, email: user.email, password, secret: null, recoveryCodes: [] };
  const { secret } = await beginTotpEnrollment(user.id, user.email);
  const recoveryCodes = await confirmTotpEnrollment(user.id, await totpCode(secret, ENROLLED_AT), { now: ENROLLED_AT });
  return { id: user.id, email: user.email, password, secret, recoveryCodes };
}

export interface TestWorkspace {
  id: number;
  guid: string;
  name: string;
  subdomain: string;
}

/** A workspace (with its built-in roles) and, optionally, members with their roles. */
export async function makeWorkspace(
  options: Partial<NewWorkspace> & { members?: Array<[TestUser, RoleKey]> } = {},
): Promise<TestWorkspace> {
  const { members = [], ...input } = options;
  const subdomain = input.subdomain ?? unique("ws-");
  const workspace = await createWorkspace({ name: input.name ?? `Workspace ${subdomain}`, subdomain, ...input });
  for (const [user, roleKey] of members) await addMember({ workspaceId: workspace.id, userId: user.id, roleKey });
  return { id: workspace.id, guid: workspace.guid, name: workspace.name, subdomain: workspace.subdomain };
}

let operator: Promise<TestUser> | undefined;

/** Disables a user as a landlord admin would (every session ends with it); the admin is made once per file. */
export async function disableUser(user: { id: number }): Promise<void> {
  operator ??= makeUser({ landlord: true });
  await setUserDisabled(user.id, true, await operator, context(new Date()));
}

/** The role a member holds in a workspace (for asserting `roles` and authorities). */
export async function roleOf(workspace: TestWorkspace, key: RoleKey) {
  return db().role.findUniqueOrThrow({ where: { workspaceId_key: { workspaceId: workspace.id, key } } });
}

/** The TOTP code of `user` at `now` (the real clock unless given). */
export function codeFor(user: TestUser, now: Date = new Date()): Promise<string> {
  if (!user.secret) throw new Error(`${user.email} has no TOTP factor`);
  return totpCode(user.secret, now);
}

/** A ClientContext for calling lib/auth/journey directly with an explicit `now`. */
export function context(now: Date, ip = "127.0.0.1"): ClientContext {
  return { ip, userAgent: "vitest", now };
}

/** The audit actions recorded for a user, oldest first. */
export async function auditActions(actorUserId: number): Promise<string[]> {
  const events = await db().auditEvent.findMany({ where: { actorUserId }, orderBy: { id: "asc" }, select: { action: true } });
  return events.map((event) => event.action);
}

/** The claims and header of a JWT, without verifying it (assertions only). */
export function inspectToken(token: string) {
  return { header: decodeProtectedHeader(token), claims: decodeJwt(token) as Record<string, unknown> & { exp: number; iat: number } };
}

// ─── Calling route handlers ─────────────────────────────────────────────────────────────────

/** A route handler as Next.js calls it. */
export type RouteHandler = (request: Request, route?: { params: Promise<Record<string, string>> }) => Promise<Response>;

export interface CallOptions {
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string;
  /** Serialised as the JSON body (content-type application/json). */
  json?: unknown;
  /** A raw body; give its content-type in `headers`. */
  body?: string;
  headers?: Record<string, string>;
  /**
   * The socket peer, as Gatehouse's HTTP server sets it (`x-gatehouse-peer` with its proof);
   * null for a request that did not come through that server (no peer headers are added).
   */
  ip?: string | null;
  /** Dynamic route segments (`{ guid }`). */
  params?: Record<string, string>;
}

/** A response body as tests read it: each test asserts the fields it needs, without declaring the shape. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the one deliberate `any`, named so it stays one
type ResponseJson = any;

export interface ApiResult<T = ResponseJson> {
  status: number;
  headers: Headers;
  json: T;
}

/** The peer headers Gatehouse's HTTP server attaches for a connection from `ip`. */
export async function provenPeerHeaders(ip: string): Promise<Record<string, string>> {
  const { peerSecret } = peerEnv();
  if (!peerSecret) throw new Error("GATEHOUSE_PEER_SECRET is not set: lib/testing/secrets.ts sets it for test processes");
  return { [PEER_HEADER]: ip, [PEER_PROOF_HEADER]: await peerProof(ip, peerSecret) };
}

/** Calls a route handler the way Next.js would, with no middleware in front of it; the response must be one the OpenAPI document describes. */
export async function call<T = ResponseJson>(handler: RouteHandler, method: string, path: string, options: CallOptions = {}): Promise<ApiResult<T>> {
  const headers = new Headers(options.headers);
  if (options.ip !== null) for (const [name, value] of Object.entries(await provenPeerHeaders(options.ip ?? "127.0.0.1"))) headers.set(name, value);
  if (options.token !== undefined) headers.set("authorization", `Bearer ${options.token}`);
  let body: string | undefined = options.body;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    if (!headers.has("content-type")) headers.set("content-type", "application/json");
  }
  const request = new Request(new URL(path, "http://localhost:3000"), { method, headers, ...(body !== undefined && { body }) });
  const response = await handler(request, options.params ? { params: Promise.resolve(options.params) } : undefined);
  const text = await response.text();
  assertDocumentedResponse({ method, path, status: response.status, contentType: response.headers.get("content-type"), body: text });
  return { status: response.status, headers: response.headers, json: text ? (JSON.parse(text) as T) : (null as T) };
}

export const api = {
  get: <T = ResponseJson>(handler: RouteHandler, path: string, options?: CallOptions) => call<T>(handler, "GET", path, options),
  post: <T = ResponseJson>(handler: RouteHandler, path: string, options?: CallOptions) => call<T>(handler, "POST", path, options),
};

// ─── The journey through the REST API ───────────────────────────────────────────────────────

export const LOGIN_PATH = "/uauth/auth/login/user";
export const MFA_PATH = "/uauth/auth/login/user/mfa/verification?mfaType=TOTP_AUTHENTICATOR";
export const selectPath = (guid: string) => `/uauth/auth/login/user/profile/${guid}`;

/** POST /uauth/auth/login/user with the user's e-mail and password. */
export function loginViaApi(user: Pick<TestUser, "email" | "password">, options: { ip?: string; password?: string } = {}) {
  return api.post(loginRoute, LOGIN_PATH, { ip: options.ip, json: { username: user.email, password: options.password ?? user.password } });
}

/**
 * Password (and, for an MFA user, the current TOTP code) through the API: a user-stage token.
 * An MFA user can pass this once per 30-second step (a code is accepted once).
 */
export async function signInViaApi(user: TestUser, options: { ip?: string } = {}): Promise<{ token: string; refreshToken: string }> {
  const login = await loginViaApi(user, options);
  if (login.status !== 200) throw new Error(`login of ${user.email} failed: ${login.status} ${JSON.stringify(login.json)}`);
  if (!user.secret) return { token: login.json.token, refreshToken: login.json.refreshToken };
  const mfa = await api.post(mfaRoute, MFA_PATH, { ip: options.ip, token: login.json.token, json: { verificationCode: await codeFor(user) } });
  if (mfa.status !== 200) throw new Error(`MFA of ${user.email} failed: ${mfa.status} ${JSON.stringify(mfa.json)}`);
  return { token: mfa.json.token, refreshToken: mfa.json.refreshToken };
}

/** Selects a workspace with a user (or workspace) token; throws unless it succeeds. Returns the workspace token (a selection issues no refresh token). */
export async function enterViaApi(token: string, workspace: TestWorkspace, options: { ip?: string } = {}): Promise<{ token: string }> {
  const selected = await api.post(selectRoute, selectPath(workspace.guid), { ip: options.ip, token, params: { guid: workspace.guid } });
  if (selected.status !== 200) throw new Error(`selecting ${workspace.subdomain} failed: ${selected.status} ${JSON.stringify(selected.json)}`);
  return { token: selected.json.token };
}

/** A caller the landlord API must refuse, with the answer it must get. */
export interface RefusedCaller {
  token: string | undefined;
  status: number;
  code: string;
}

/**
 * Everyone but a landlord admin past MFA in this session: no token, a tenant superuser's user and
 * workspace tokens, a landlord without MFA this session (as `npm run admin:create` makes one), a
 * landlord's MFA-pending token and a landlord's revoked session.
 */
export async function notLandlordCallers(): Promise<Record<string, RefusedCaller>> {
  const tenant = await makeUser();
  const tenantWorkspace = await makeWorkspace({ members: [[tenant, "superuser"]] });
  const tenantUserToken = (await signInViaApi(tenant)).token;
  const tenantWorkspaceToken = (await enterViaApi(tenantUserToken, tenantWorkspace)).token;
  const noMfaToken = (await signInViaApi(await makeUser({ landlord: true }))).token;
  const pendingToken = (await loginViaApi(await makeUser({ landlord: true, mfa: true }))).json.token as string;
  const revokedToken = (await signInViaApi(await makeUser({ landlord: true, mfa: true }))).token;
  const logout = await api.post(logoutRoute, "/uauth/auth/logout", { token: revokedToken });
  if (logout.status !== 204) throw new Error(`logout answered ${logout.status}`);
  return {
    "no token": { token: undefined, status: 401, code: "UNAUTHENTICATED" },
    "a tenant superuser's user token": { token: tenantUserToken, status: 403, code: "LANDLORD_ONLY" },
    "a tenant superuser's workspace token": { token: tenantWorkspaceToken, status: 403, code: "LANDLORD_ONLY" },
    "a landlord without MFA this session": { token: noMfaToken, status: 403, code: "MFA_REQUIRED" },
    "a landlord's MFA-pending token": { token: pendingToken, status: 403, code: "MFA_REQUIRED" },
    "a landlord's revoked session": { token: revokedToken, status: 401, code: "SESSION_ENDED" },
  };
}

// ─── API keys ───────────────────────────────────────────────────────────────────────────────

export interface TestApiKey {
  /** The key's text, as the creator was shown it once. */
  key: string;
  id: number;
  prefix: string;
  /** The creator's workspace token (a fresh sign-in, so it may mint keys). */
  token: string;
}

/**
 * A key made by `user` (a member of `workspace` holding ROLE_API_CREATE and `authorities`, without
 * MFA) through POST /uauth/api-keys, signing in and entering from `ip`.
 */
export async function makeApiKey(user: TestUser, workspace: TestWorkspace, input: { authorities: Authority[]; name?: string; expiresAt?: string | null }, options: { ip?: string } = {}): Promise<TestApiKey> {
  const { token } = await enterViaApi((await signInViaApi(user, options)).token, workspace, options);
  const created = await api.post(createApiKeyRoute, "/uauth/api-keys", { token, ip: options.ip, json: { name: input.name ?? unique("key "), authorities: input.authorities, ...(input.expiresAt !== undefined && { expiresAt: input.expiresAt }) } });
  if (created.status !== 201) throw new Error(`creating a key failed: ${created.status} ${JSON.stringify(created.json)}`);
  return { key: created.json.key, id: created.json.id, prefix: created.json.prefix, token };
}
