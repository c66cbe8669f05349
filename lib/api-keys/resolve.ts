import "server-only";
import { timingSafeEqual } from "node:crypto";
import { admit } from "@/lib/auth/admission";
import type { Authority } from "@/lib/auth/authorities";
import { foldByWorkspace, roleOf, ROLE_COLUMNS, toDateOrNull, toInt, toIntOrNull, toText, toTextOrNull, WORKSPACE_COLUMNS, type RoleRow, type WorkspaceRow } from "@/lib/auth/principal-rows";
import { refuseWhileBlocked, reserveAttempt, throttleKeys, type ThrottleKey } from "@/lib/auth/throttle";
import { sha256 } from "@/lib/crypto";
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/sqlite/client";
import { AppError } from "@/lib/errors";
import type { VerifiedAccessToken } from "@/lib/tokens/jwt";
import { parseApiKey } from "./format";
import { recordApiKeyUse } from "./usage";

export { API_KEY_PREFIX } from "./format";

// An API key on a request, sent as Bearer or exchanged for an access token: the row as it is now
// decides. Checked in this order, each with its own code: the text's form and checksum, the
// lookup by prefix and the hash compared in constant time (these three count as failures of the
// caller's address; a blocked address is refused before the key is checked), then revoked (KEY_REVOKED),
// rotated out past its overlap (KEY_ROTATED), expired (KEY_EXPIRED), its creator still an ACTIVE
// member (KEY_DISABLED: 401, the credential itself no longer works and asking again will not
// help), and the workspace's admission (suspension 403, IP allow-list 403). Its authorities are
// its own clipped to what its creator's role holds now.

/** A key that passed every check: what its principal is built from. */
export interface AdmittedApiKey {
  apiKey: { id: number; name: string; prefix: string };
  workspace: { id: number; guid: string; name: string; subdomain: string; logo: string | null; mfaRequired: boolean; ipRestricted: boolean; createdAt: Date };
  role: { id: number; key: string; name: string };
  authorities: Authority[];
  creator: { id: number; email: string; name: string | null };
}

const INVALID_KEY = "This API key is not valid.";

/** A key sent as `Authorization: Bearer gh_live_…`. */
export async function resolveApiKey(key: string, ip: string | null, now: Date): Promise<AdmittedApiKey> {
  const throttle = ip ? throttleKeys.apiKeyAddress(ip) : null;
  const parsed = parseApiKey(key);
  // A malformed key matches no row (NULL equals nothing) but still reads the address's counter.
  const { blockedUntil, row } = await readKey(Prisma.sql`"k"."prefix" = ${parsed?.prefix ?? null}`, throttle);
  // A blocked address is refused whatever key it sent, before the key is checked.
  refuseWhileBlocked(blockedUntil, now);
  if (!row || !hashMatches(row.keyHash, key)) {
    // Counted after the fact: the right key never writes to the counter.
    if (throttle) await reserveAttempt([throttle], now);
    throw new AppError("INVALID_TOKEN", { message: INVALID_KEY });
  }
  const admitted = admitKey(row, ip, now);
  recordApiKeyUse(row.id, ip, now);
  return admitted;
}

/** An access token exchanged for a key (its `apiKeyId` claim): the key's row decides, as for the key itself. */
export async function resolveApiKeyToken(claims: VerifiedAccessToken, ip: string | null, now: Date): Promise<AdmittedApiKey> {
  const id = claims.apiKeyId;
  if (typeof id !== "number" || !Number.isSafeInteger(id) || claims.stage !== "workspace") throw new AppError("INVALID_TOKEN");
  const { row } = await readKey(Prisma.sql`"k"."id" = ${id}`, null);
  if (!row || String(row.createdById) !== claims.sub || row.workspace.guid !== claims.ws) throw new AppError("INVALID_TOKEN");
  const admitted = admitKey(row, ip, now);
  recordApiKeyUse(row.id, ip, now);
  return admitted;
}

type KeyRow = {
  id: number;
  name: string;
  prefix: string;
  keyHash: string;
  authorities: string;
  createdById: number | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
  rotatedAt: Date | null;
  overlapEndsAt: Date | null;
  workspace: WorkspaceRow;
  /** The creator's account and their role in the key's workspace (null: no longer a member). */
  createdBy: { id: number; email: string; name: string | null; status: string; role: RoleRow | null } | null;
};

/**
 * One statement for everything a key's request needs (lib/auth/principal-rows.ts says why by
 * hand): the address's throttle counter, the key, its workspace with the allow-list, its
 * creator and the creator's role there. The counter is the join's base row (a one-row SELECT),
 * so it is read whether or not a key matches.
 */
async function readKey(match: Prisma.Sql, throttle: ThrottleKey | null): Promise<{ blockedUntil: Date | null; row: KeyRow | null }> {
  const rows = await db().$queryRaw<Array<Record<string, unknown>>>`
    SELECT "tc"."blockedUntil" AS "tc_blockedUntil",
           "k"."id" AS "k_id", "k"."name" AS "k_name", "k"."prefix" AS "k_prefix", "k"."keyHash" AS "k_keyHash", "k"."authorities" AS "k_authorities",
           "k"."createdById" AS "k_createdById", "k"."expiresAt" AS "k_expiresAt", "k"."revokedAt" AS "k_revokedAt", "k"."rotatedAt" AS "k_rotatedAt",
           "k"."overlapEndsAt" AS "k_overlapEndsAt",
           "c"."id" AS "c_id", "c"."email" AS "c_email", "c"."name" AS "c_name", "c"."status" AS "c_status",
           ${WORKSPACE_COLUMNS}, ${ROLE_COLUMNS}
    FROM (SELECT 1 AS "one") AS "base"
    LEFT JOIN "ThrottleCounter" AS "tc" ON "tc"."key" = ${throttle?.key ?? null}
    LEFT JOIN "ApiKey" AS "k" ON ${match}
    LEFT JOIN "Workspace" AS "w" ON "w"."id" = "k"."workspaceId"
    LEFT JOIN "User" AS "c" ON "c"."id" = "k"."createdById"
    LEFT JOIN "Membership" AS "m" ON "m"."workspaceId" = "k"."workspaceId" AND "m"."userId" = "k"."createdById"
    LEFT JOIN "Role" AS "r" ON "r"."workspaceId" = "m"."workspaceId" AND "r"."id" = "m"."roleId"
    LEFT JOIN "WorkspaceIpRange" AS "ip" ON "ip"."workspaceId" = "w"."id"
    ORDER BY "ip"."id"`;
  const blockedUntil = toDateOrNull(rows[0]?.tc_blockedUntil);
  if (rows[0]?.k_id === null || rows[0]?.k_id === undefined) return { blockedUntil, row: null };
  const [row] = foldByWorkspace(rows, (r) => r.k_id, (r, workspace): KeyRow => ({
    id: toInt(r.k_id),
    name: toText(r.k_name),
    prefix: toText(r.k_prefix),
    keyHash: toText(r.k_keyHash),
    authorities: toText(r.k_authorities),
    createdById: toIntOrNull(r.k_createdById),
    expiresAt: toDateOrNull(r.k_expiresAt),
    revokedAt: toDateOrNull(r.k_revokedAt),
    rotatedAt: toDateOrNull(r.k_rotatedAt),
    overlapEndsAt: toDateOrNull(r.k_overlapEndsAt),
    workspace,
    createdBy: r.c_id === null || r.c_id === undefined ? null : { id: toInt(r.c_id), email: toText(r.c_email), name: toTextOrNull(r.c_name), status: toText(r.c_status), role: roleOf(r) },
  }));
  return { blockedUntil, row: row ?? null };
}

/** SHA-256 of the key against the stored one, in constant time. */
function hashMatches(storedHex: string, key: string): boolean {
  const stored = Buffer.from(storedHex, "hex");
  const given = Buffer.from(sha256(key), "hex");
  return stored.length === given.length && timingSafeEqual(stored, given);
}

function admitKey(row: KeyRow, ip: string | null, now: Date): AdmittedApiKey {
  if (row.revokedAt) throw new AppError("KEY_REVOKED");
  if (row.rotatedAt && (!row.overlapEndsAt || row.overlapEndsAt.getTime() <= now.getTime())) throw new AppError("KEY_ROTATED");
  if (row.expiresAt && row.expiresAt.getTime() <= now.getTime()) throw new AppError("KEY_EXPIRED");
  const creator = row.createdBy;
  if (!creator || creator.status !== "ACTIVE") throw new AppError("KEY_DISABLED");
  const { role } = creator;
  // A key has no second factor: its creator met the MFA policy to make it.
  const admission = admit({ workspace: row.workspace, role, ip, mfa: null });
  if (!admission.admitted) throw admission.reason === "not_a_member" ? new AppError("KEY_DISABLED") : admission.error;
  const { workspace } = row;
  return {
    apiKey: { id: row.id, name: row.name, prefix: row.prefix },
    workspace: { id: workspace.id, guid: workspace.guid, name: workspace.name, subdomain: workspace.subdomain, logo: workspace.logo, mfaRequired: workspace.mfaRequired, ipRestricted: workspace.ipRestricted, createdAt: workspace.createdAt },
    role: { id: role!.id, key: role!.key, name: role!.name },
    // Clipped on every request: the creator's role as it is now bounds the key.
    authorities: admission.authorities.filter((authority) => row.authorities.split(" ").includes(authority)),
    creator: { id: creator.id, email: creator.email, name: creator.name },
  };
}
