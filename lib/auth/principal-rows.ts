import "server-only";
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/sqlite/client";

// The reads of the hot path, one SQL statement each. Prisma runs a nested select as one
// statement per relation (its `relationJoins` joins only on PostgreSQL and MySQL), so a
// principal cost 7 dependent round trips; these are joins written by hand, through
// `$queryRaw` (every value a bound parameter), in SQL both SQLite and PostgreSQL accept
// (double-quoted identifiers, plain columns, no aggregate). One-to-many rows (a workspace's
// allow-list) come back one row each and are folded here.
//
// Prisma types a raw result's values from the driver's column types: PostgreSQL's own, SQLite's
// declared type of a plain column. An expression would lose the declared type on SQLite (a
// Boolean arriving as 0/1, a DateTime as text or milliseconds), so every value goes through
// the converters below, which accept either form and are this module's one mapping.

type RawRow = Record<string, unknown>;

/** A DateTime column as a Date (Prisma's Date, or SQLite's ISO text or epoch milliseconds). */
export function toDate(value: unknown): Date {
  if (value instanceof Date) return value;
  if (typeof value === "string" || typeof value === "number" || typeof value === "bigint") {
    const date = new Date(typeof value === "string" ? value : Number(value));
    if (!Number.isNaN(date.getTime())) return date;
  }
  throw new TypeError(`Not a date: ${String(value)}`);
}

/** A nullable DateTime column. */
export function toDateOrNull(value: unknown): Date | null {
  return value === null || value === undefined ? null : toDate(value);
}

/** A Boolean column (a boolean, or SQLite's 0/1). */
export function toBoolean(value: unknown): boolean {
  if (typeof value === "boolean") return value;
  if (value === 0 || value === 1 || value === 0n || value === 1n) return Number(value) === 1;
  throw new TypeError(`Not a boolean: ${String(value)}`);
}

/** An Int column (a number, or a bigint from a driver that widens integers). */
export function toInt(value: unknown): number {
  const number = typeof value === "bigint" ? Number(value) : value;
  if (typeof number === "number" && Number.isSafeInteger(number)) return number;
  throw new TypeError(`Not an integer: ${String(value)}`);
}

/** A nullable Int column. */
export function toIntOrNull(value: unknown): number | null {
  return value === null || value === undefined ? null : toInt(value);
}

/** A String column. */
export function toText(value: unknown): string {
  if (typeof value === "string") return value;
  throw new TypeError(`Not a string: ${String(value)}`);
}

/** A nullable String column. */
export function toTextOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : toText(value);
}

// ─── Workspace ──────────────────────────────────────────────────────────────────────────────

/** A workspace row as every hot read returns it: its columns and its IP allow-list. */
export interface WorkspaceRow {
  id: number;
  guid: string;
  name: string;
  logo: string | null;
  subdomain: string;
  mfaRequired: boolean;
  ipRestricted: boolean;
  createdAt: Date;
  suspendedAt: Date | null;
  suspendedReason: string | null;
  accessTokenMinutes: number | null;
  sessionHours: number | null;
  maxAccessTokenMinutes: number | null;
  maxSessionHours: number | null;
  ipRanges: Array<{ cidr: string }>;
}

/**
 * The workspace columns of a join, as `w_*`, with the allow-list's `ip_cidr` (a LEFT JOIN of
 * "WorkspaceIpRange" AS "ip": one row per range). The join aliases the workspace "w".
 */
export const WORKSPACE_COLUMNS = Prisma.raw(
  [
    `"w"."id" AS "w_id"`,
    `"w"."guid" AS "w_guid"`,
    `"w"."name" AS "w_name"`,
    `"w"."logo" AS "w_logo"`,
    `"w"."subdomain" AS "w_subdomain"`,
    `"w"."mfaRequired" AS "w_mfaRequired"`,
    `"w"."ipRestricted" AS "w_ipRestricted"`,
    `"w"."createdAt" AS "w_createdAt"`,
    `"w"."suspendedAt" AS "w_suspendedAt"`,
    `"w"."suspendedReason" AS "w_suspendedReason"`,
    `"w"."accessTokenMinutes" AS "w_accessTokenMinutes"`,
    `"w"."sessionHours" AS "w_sessionHours"`,
    `"w"."maxAccessTokenMinutes" AS "w_maxAccessTokenMinutes"`,
    `"w"."maxSessionHours" AS "w_maxSessionHours"`,
    `"ip"."cidr" AS "ip_cidr"`,
  ].join(", "),
);

/** The workspace of a row of {@link WORKSPACE_COLUMNS}, its allow-list still empty. */
function workspaceOf(row: RawRow): WorkspaceRow {
  return {
    id: toInt(row.w_id),
    guid: toText(row.w_guid),
    name: toText(row.w_name),
    logo: toTextOrNull(row.w_logo),
    subdomain: toText(row.w_subdomain),
    mfaRequired: toBoolean(row.w_mfaRequired),
    ipRestricted: toBoolean(row.w_ipRestricted),
    createdAt: toDate(row.w_createdAt),
    suspendedAt: toDateOrNull(row.w_suspendedAt),
    suspendedReason: toTextOrNull(row.w_suspendedReason),
    accessTokenMinutes: toIntOrNull(row.w_accessTokenMinutes),
    sessionHours: toIntOrNull(row.w_sessionHours),
    maxAccessTokenMinutes: toIntOrNull(row.w_maxAccessTokenMinutes),
    maxSessionHours: toIntOrNull(row.w_maxSessionHours),
    ipRanges: [],
  };
}

/**
 * Folds the rows of a join with one row per allow-list range into one entry per `keyOf(row)`,
 * in the order they first appear, each with its workspace and the ranges collected.
 */
export function foldByWorkspace<T>(rows: RawRow[], keyOf: (row: RawRow) => unknown, entryOf: (row: RawRow, workspace: WorkspaceRow) => T): T[] {
  const entries = new Map<unknown, { entry: T; workspace: WorkspaceRow }>();
  for (const row of rows) {
    const key = keyOf(row);
    let found = entries.get(key);
    if (!found) {
      const workspace = workspaceOf(row);
      found = { entry: entryOf(row, workspace), workspace };
      entries.set(key, found);
    }
    const cidr = toTextOrNull(row.ip_cidr);
    if (cidr !== null && !found.workspace.ipRanges.some((range) => range.cidr === cidr)) found.workspace.ipRanges.push({ cidr });
  }
  return [...entries.values()].map(({ entry }) => entry);
}

/** A role as admission needs it: its authorities are what a member is granted. */
export interface RoleRow {
  id: number;
  key: string;
  name: string;
  authorities: string;
}

/** The role of a row with `r_*` columns (a LEFT JOIN of "Role" AS "r"), null when none joined. */
export function roleOf(row: RawRow): RoleRow | null {
  if (row.r_id === null || row.r_id === undefined) return null;
  return { id: toInt(row.r_id), key: toText(row.r_key), name: toText(row.r_name), authorities: toText(row.r_authorities) };
}

/** The role columns, as `r_*`, of a join that aliases "Role" as "r". */
export const ROLE_COLUMNS = Prisma.raw(`"r"."id" AS "r_id", "r"."key" AS "r_key", "r"."name" AS "r_name", "r"."authorities" AS "r_authorities"`);

// ─── The session (with its workspace, for a workspace token) ───────────────────────────────

/** A session with its user, the user's TOTP factor and the selected workspace's identity and suspension. */
export interface SessionRow {
  id: string;
  userId: number;
  stage: string;
  workspaceId: number | null;
  workspaceVersion: number;
  mfaPassedAt: Date | null;
  createdAt: Date;
  expiresAt: Date;
  lastSeenAt: Date;
  revokedAt: Date | null;
  revokedReason: string | null;
  user: { id: number; email: string; name: string | null; status: string; isLandlordAdmin: boolean; totpEnabledAt: Date | null };
  /** The workspace the session last selected, if it still exists. */
  workspace: { guid: string; name: string; suspendedAt: Date | null; suspendedReason: string | null } | null;
}

/** The session's columns with its user's (`u_*`) and TOTP factor's (`t_enabledAt`), of a join aliasing them "s", "u" and "t". */
const SESSION_COLUMNS = Prisma.raw(
  [
    `"s"."id", "s"."userId", "s"."stage", "s"."workspaceId", "s"."workspaceVersion", "s"."mfaPassedAt", "s"."createdAt"`,
    `"s"."expiresAt", "s"."lastSeenAt", "s"."revokedAt", "s"."revokedReason"`,
    `"u"."email" AS "u_email", "u"."name" AS "u_name", "u"."status" AS "u_status", "u"."isLandlordAdmin" AS "u_isLandlordAdmin"`,
    `"t"."enabledAt" AS "t_enabledAt"`,
  ].join(", "),
);

/** The session, its user and factor, joined to the selected workspace as "w" (the `w_*` columns it reads are in either select). */
const SESSION_JOINS = Prisma.raw(`FROM "Session" AS "s"
    JOIN "User" AS "u" ON "u"."id" = "s"."userId"
    LEFT JOIN "TotpFactor" AS "t" ON "t"."userId" = "s"."userId"
    LEFT JOIN "Workspace" AS "w" ON "w"."id" = "s"."workspaceId"`);

function sessionOf(row: RawRow): SessionRow {
  const userId = toInt(row.userId);
  return {
    id: toText(row.id),
    userId,
    stage: toText(row.stage),
    workspaceId: toIntOrNull(row.workspaceId),
    workspaceVersion: toInt(row.workspaceVersion),
    mfaPassedAt: toDateOrNull(row.mfaPassedAt),
    createdAt: toDate(row.createdAt),
    expiresAt: toDate(row.expiresAt),
    lastSeenAt: toDate(row.lastSeenAt),
    revokedAt: toDateOrNull(row.revokedAt),
    revokedReason: toTextOrNull(row.revokedReason),
    user: { id: userId, email: toText(row.u_email), name: toTextOrNull(row.u_name), status: toText(row.u_status), isLandlordAdmin: toBoolean(row.u_isLandlordAdmin), totpEnabledAt: toDateOrNull(row.t_enabledAt) },
    workspace:
      row.w_guid === null || row.w_guid === undefined
        ? null
        : { guid: toText(row.w_guid), name: toText(row.w_name), suspendedAt: toDateOrNull(row.w_suspendedAt), suspendedReason: toTextOrNull(row.w_suspendedReason) },
  };
}

/** Reads a session by id, with its user, TOTP factor and workspace, in one statement; null when there is none. */
export async function readSession(sessionId: string): Promise<SessionRow | null> {
  const rows = await db().$queryRaw<RawRow[]>`
    SELECT ${SESSION_COLUMNS},
           "w"."guid" AS "w_guid", "w"."name" AS "w_name", "w"."suspendedAt" AS "w_suspendedAt", "w"."suspendedReason" AS "w_suspendedReason"
    ${SESSION_JOINS}
    WHERE "s"."id" = ${sessionId}`;
  return rows[0] ? sessionOf(rows[0]) : null;
}

/**
 * {@link readSession} and, in the same statement, what {@link readWorkspaceAdmission} reads for
 * the session's own user in the workspace the session selected: a workspace token's whole
 * principal in one round trip (lib/auth/principal.ts). The admission is empty (no workspace, no
 * role) when the session selected none.
 */
export async function readSessionInWorkspace(sessionId: string): Promise<{ session: SessionRow; admission: WorkspaceAdmissionRows } | null> {
  const rows = await db().$queryRaw<RawRow[]>`
    SELECT ${SESSION_COLUMNS}, ${WORKSPACE_COLUMNS}, ${ROLE_COLUMNS}
    ${SESSION_JOINS}
    LEFT JOIN "Membership" AS "m" ON "m"."workspaceId" = "w"."id" AND "m"."userId" = "s"."userId"
    LEFT JOIN "Role" AS "r" ON "r"."workspaceId" = "m"."workspaceId" AND "r"."id" = "m"."roleId"
    LEFT JOIN "WorkspaceIpRange" AS "ip" ON "ip"."workspaceId" = "w"."id"
    WHERE "s"."id" = ${sessionId}
    ORDER BY "ip"."id"`;
  if (!rows[0]) return null;
  const [admission] = rows[0].w_id === null || rows[0].w_id === undefined ? [] : foldByWorkspace(rows, (row) => row.w_id, (row, workspace) => ({ workspace, role: roleOf(row) }));
  return { session: sessionOf(rows[0]), admission: admission ?? { workspace: null, role: null } };
}

// ─── A workspace, for one user (selecting it) ──────────────────────────────────────────────

/** What `admit` needs for a user in a workspace: the workspace (null: none) and the user's role there (null: not a member). */
export interface WorkspaceAdmissionRows {
  workspace: WorkspaceRow | null;
  role: RoleRow | null;
}

/**
 * Reads a workspace (by id or guid) with its allow-list and `userId`'s membership role there,
 * in one statement.
 */
export async function readWorkspaceAdmission(where: { id: number } | { guid: string }, userId: number): Promise<WorkspaceAdmissionRows> {
  const match = "id" in where ? Prisma.sql`"w"."id" = ${where.id}` : Prisma.sql`"w"."guid" = ${where.guid}`;
  const rows = await db().$queryRaw<RawRow[]>`
    SELECT ${WORKSPACE_COLUMNS}, ${ROLE_COLUMNS}
    FROM "Workspace" AS "w"
    LEFT JOIN "Membership" AS "m" ON "m"."workspaceId" = "w"."id" AND "m"."userId" = ${userId}
    LEFT JOIN "Role" AS "r" ON "r"."workspaceId" = "m"."workspaceId" AND "r"."id" = "m"."roleId"
    LEFT JOIN "WorkspaceIpRange" AS "ip" ON "ip"."workspaceId" = "w"."id"
    WHERE ${match}
    ORDER BY "ip"."id"`;
  const [found] = foldByWorkspace(rows, (row) => row.w_id, (row, workspace) => ({ workspace, role: roleOf(row) }));
  return found ?? { workspace: null, role: null };
}
