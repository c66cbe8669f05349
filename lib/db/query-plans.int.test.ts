// The hot lookups find their rows through an index on both databases: no full scan of a table
// that grows with the platform (users, sessions, memberships, audit events, …). The lookups are
// written by the keys the code reads by (session id, user id and e-mail, membership by user and
// workspace, role id, allow-list by workspace, API key prefix, audit by workspace and time), which
// stay the same whichever way the statements are written. SQLite plans without statistics, as a
// deployment's database does; PostgreSQL is analysed and told to avoid sequential scans, so a
// plan keeps one only when no index can serve it.
import { beforeAll, describe, expect, it } from "vitest";
import { loginWithPassword, selectWorkspace } from "@/lib/auth/journey";
import { db } from "@/lib/db/client";
import { databaseEnv } from "@/lib/env";
import { context, makeApiKey, makeUser, makeWorkspace, roleOf, type TestApiKey, type TestUser, type TestWorkspace } from "@/lib/testing/fixtures";

/** Tables whose size follows the number of tenants, users or requests. */
const GROWING_TABLES = ["User", "PasswordCredential", "TotpFactor", "Workspace", "WorkspaceIpRange", "Role", "Membership", "Session", "RefreshToken", "Invitation", "ApiKey", "AuditEvent"];

/** The full scans in a statement's plan, by table name. */
async function fullScans(sql: string): Promise<string[]> {
  if (databaseEnv().provider === "sqlite") {
    const plan = await db().$queryRawUnsafe<Array<{ detail: string }>>(`EXPLAIN QUERY PLAN ${sql}`);
    // "SCAN t" and "SCAN t USING [COVERING] INDEX i" read every row; "SEARCH t USING …" does not.
    return plan.flatMap(({ detail }) => /^SCAN (\w+)/.exec(detail)?.[1] ?? []);
  }
  const plan = await db().$transaction(async (tx) => {
    await tx.$executeRawUnsafe("SET LOCAL enable_seqscan = off");
    return tx.$queryRawUnsafe<Array<{ "QUERY PLAN": string }>>(`EXPLAIN ${sql}`);
  });
  return plan.flatMap((row) => /Seq Scan on "?(\w+)"?/.exec(row["QUERY PLAN"])?.[1] ?? []);
}

let member: TestUser;
let workspace: TestWorkspace;
let sessionId: string;
let apiKey: TestApiKey;
let roleId: number;

beforeAll(async () => {
  const owner = await makeUser({ mfa: true });
  member = await makeUser();
  workspace = await makeWorkspace({ members: [[owner, "superuser"], [member, "member"]], ipRestricted: false });
  await makeWorkspace({ members: [[member, "analyst"]], ipRestricted: true, ipRanges: ["10.0.0.0/8"] });
  const ctx = context(new Date());
  sessionId = (await loginWithPassword({ email: member.email, password: member.password }, ctx)).sessionId;
  await selectWorkspace(sessionId, workspace.guid, ctx);
  apiKey = await makeApiKey(owner, workspace, { authorities: ["ROLE_CRM_SHOW"] });
  roleId = (await roleOf(workspace, "member")).id;
  if (databaseEnv().provider === "postgresql") await db().$executeRawUnsafe("ANALYZE");
});

const literal = (value: string) => `'${value.replaceAll("'", "''")}'`;

/** Each hot operation's lookups, with this file's rows as the keys (read when the test runs). */
const LOOKUPS: Record<string, () => string> = {
  "login: the user by e-mail": () => `SELECT "id", "status" FROM "User" WHERE "email" = ${literal(member.email)}`,
  "login: the password by the user's e-mail": () => `SELECT c."hash" FROM "PasswordCredential" c JOIN "User" u ON u."id" = c."userId" WHERE u."email" = ${literal(member.email)}`,
  "login: the factor by the user's e-mail": () => `SELECT t."enabledAt" FROM "TotpFactor" t JOIN "User" u ON u."id" = t."userId" WHERE u."email" = ${literal(member.email)}`,
  "login: earlier sign-ins of the user (new-device notice)": () => `SELECT "id" FROM "AuditEvent" WHERE "actorUserId" = ${member.id} AND "action" = 'auth.login.succeeded' AND "ip" = '127.0.0.1'`,
  "list workspaces: a user's memberships with workspace and role": () => `SELECT w."name", r."key" FROM "Membership" m JOIN "Workspace" w ON w."id" = m."workspaceId" JOIN "Role" r ON r."workspaceId" = m."workspaceId" AND r."id" = m."roleId" WHERE m."userId" = ${member.id} ORDER BY w."name"`,
  "list workspaces and select: the allow-lists of the workspaces": () => `SELECT "workspaceId", "cidr" FROM "WorkspaceIpRange" WHERE "workspaceId" IN (${workspace.id}, ${workspace.id + 1})`,
  "select: the workspace by guid": () => `SELECT "id" FROM "Workspace" WHERE "guid" = ${literal(workspace.guid)}`,
  "select and request: the membership by user and workspace, with its role": () => `SELECT r."authorities" FROM "Membership" m JOIN "Role" r ON r."workspaceId" = m."workspaceId" AND r."id" = m."roleId" WHERE m."userId" = ${member.id} AND m."workspaceId" = ${workspace.id}`,
  "request: session by id with user and factor": () => `SELECT s."stage", u."status", t."enabledAt" FROM "Session" s JOIN "User" u ON u."id" = s."userId" LEFT JOIN "TotpFactor" t ON t."userId" = u."id" WHERE s."id" = ${literal(sessionId)}`,
  "request: a workspace token's session joined to its workspace, membership, role and allow-list": () =>
    `SELECT s."stage", w."suspendedAt", r."authorities", i."cidr" FROM "Session" s JOIN "User" u ON u."id" = s."userId" LEFT JOIN "Workspace" w ON w."id" = s."workspaceId" LEFT JOIN "Membership" m ON m."workspaceId" = w."id" AND m."userId" = s."userId" LEFT JOIN "Role" r ON r."workspaceId" = m."workspaceId" AND r."id" = m."roleId" LEFT JOIN "WorkspaceIpRange" i ON i."workspaceId" = w."id" WHERE s."id" = ${literal(sessionId)}`,
  "select: workspace with membership, role and allow-list": () => `SELECT w."suspendedAt", r."authorities", i."cidr" FROM "Workspace" w LEFT JOIN "Membership" m ON m."workspaceId" = w."id" AND m."userId" = ${member.id} LEFT JOIN "Role" r ON r."workspaceId" = m."workspaceId" AND r."id" = m."roleId" LEFT JOIN "WorkspaceIpRange" i ON i."workspaceId" = w."id" WHERE w."id" = ${workspace.id}`,
  "API key: the key by prefix with its workspace and creator": () => `SELECT k."keyHash", w."suspendedAt", u."status" FROM "ApiKey" k JOIN "Workspace" w ON w."id" = k."workspaceId" LEFT JOIN "User" u ON u."id" = k."createdById" WHERE k."prefix" = ${literal(apiKey.prefix)}`,
  "API key: the creator's role in the key's workspace": () => `SELECT r."authorities" FROM "ApiKey" k JOIN "Membership" m ON m."workspaceId" = k."workspaceId" AND m."userId" = k."createdById" JOIN "Role" r ON r."workspaceId" = m."workspaceId" AND r."id" = m."roleId" WHERE k."prefix" = ${literal(apiKey.prefix)}`,
  "session list: a user's live sessions": () => `SELECT "id" FROM "Session" WHERE "userId" = ${member.id} AND "revokedAt" IS NULL AND "expiresAt" > '2000-01-01' ORDER BY "lastSeenAt" DESC`,
  "workspace sessions: the live sessions inside a workspace": () => `SELECT "id" FROM "Session" WHERE "workspaceId" = ${workspace.id} AND "stage" = 'WORKSPACE' AND "revokedAt" IS NULL`,
  "audit log: a workspace's events in a time range, newest first": () => `SELECT "id" FROM "AuditEvent" WHERE "workspaceId" = ${workspace.id} AND "createdAt" >= '2000-01-01' AND "createdAt" < '2100-01-01' ORDER BY "createdAt" DESC, "id" DESC LIMIT 50`,
  "role deletion: the invitations that name the role": () => `SELECT "id" FROM "Invitation" WHERE "roleId" = ${roleId}`,
};

describe("query plans of the hot lookups", () => {
  it("reports a lookup by a column without an index as a full scan", async () => {
    expect(await fullScans(`SELECT "id" FROM "Session" WHERE "userAgent" = 'nobody'`)).toEqual(["Session"]);
  });

  it.each(Object.keys(LOOKUPS))("%s: no full scan of a growing table", async (name) => {
    const scans = await fullScans(LOOKUPS[name]!());
    expect(scans.filter((table) => GROWING_TABLES.includes(table))).toEqual([]);
  });
});
