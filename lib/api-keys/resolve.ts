import "server-only";
import { timingSafeEqual } from "node:crypto";
import { admit } from "@/lib/auth/admission";
import type { Authority } from "@/lib/auth/authorities";
import { refuseIfBlocked, reserveAttempt, throttleKeys } from "@/lib/auth/throttle";
import { sha256 } from "@/lib/crypto";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { VerifiedAccessToken } from "@/lib/tokens/jwt";
import { parseApiKey } from "./format";
import { recordApiKeyUse } from "./usage";

export { API_KEY_PREFIX } from "./format";

// An API key on a request, sent as Bearer or exchanged for an access token: the row as it is now
// decides. Checked in this order, each with its own code: the text's form and checksum, the
// lookup by prefix and the hash compared in constant time (these three count as failures of the
// caller's address; a blocked address is refused before any lookup), then revoked (KEY_REVOKED),
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

const KEY_SELECT = {
  id: true,
  name: true,
  prefix: true,
  keyHash: true,
  authorities: true,
  createdById: true,
  expiresAt: true,
  revokedAt: true,
  rotatedAt: true,
  overlapEndsAt: true,
  workspace: {
    select: { id: true, guid: true, name: true, subdomain: true, logo: true, mfaRequired: true, ipRestricted: true, createdAt: true, suspendedAt: true, suspendedReason: true, ipRanges: { select: { cidr: true } } },
  },
} as const;

/** The creator's account and, through the key's own workspace, their role there. */
const creatorSelect = (keyWhere: { prefix: string } | { id: number }) =>
  ({ select: { id: true, email: true, name: true, status: true, memberships: { where: { workspace: { apiKeys: { some: keyWhere } } }, select: { role: { select: { id: true, key: true, name: true, authorities: true } } } } } }) as const;

const INVALID_KEY = "This API key is not valid.";

/** A key sent as `Authorization: Bearer gh_live_…`. */
export async function resolveApiKey(key: string, ip: string | null, now: Date): Promise<AdmittedApiKey> {
  const throttle = ip ? throttleKeys.apiKeyAddress(ip) : null;
  if (throttle) await refuseIfBlocked(throttle, now);
  const parsed = parseApiKey(key);
  const row = parsed ? await db().apiKey.findUnique({ where: { prefix: parsed.prefix }, select: { ...KEY_SELECT, createdBy: creatorSelect({ prefix: parsed.prefix }) } }) : null;
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
  const row = await db().apiKey.findUnique({ where: { id }, select: { ...KEY_SELECT, createdBy: creatorSelect({ id }) } });
  if (!row || String(row.createdById) !== claims.sub || row.workspace.guid !== claims.ws) throw new AppError("INVALID_TOKEN");
  const admitted = admitKey(row, ip, now);
  recordApiKeyUse(row.id, ip, now);
  return admitted;
}

/** SHA-256 of the key against the stored one, in constant time. */
function hashMatches(storedHex: string, key: string): boolean {
  const stored = Buffer.from(storedHex, "hex");
  const given = Buffer.from(sha256(key), "hex");
  return stored.length === given.length && timingSafeEqual(stored, given);
}

type KeyRow = {
  id: number;
  name: string;
  prefix: string;
  authorities: string;
  expiresAt: Date | null;
  revokedAt: Date | null;
  rotatedAt: Date | null;
  overlapEndsAt: Date | null;
  workspace: AdmittedApiKey["workspace"] & { suspendedAt: Date | null; suspendedReason: string | null; ipRanges: Array<{ cidr: string }> };
  createdBy: { id: number; email: string; name: string | null; status: string; memberships: Array<{ role: { id: number; key: string; name: string; authorities: string } }> } | null;
};

function admitKey(row: KeyRow, ip: string | null, now: Date): AdmittedApiKey {
  if (row.revokedAt) throw new AppError("KEY_REVOKED");
  if (row.rotatedAt && (!row.overlapEndsAt || row.overlapEndsAt.getTime() <= now.getTime())) throw new AppError("KEY_ROTATED");
  if (row.expiresAt && row.expiresAt.getTime() <= now.getTime()) throw new AppError("KEY_EXPIRED");
  const creator = row.createdBy;
  if (!creator || creator.status !== "ACTIVE") throw new AppError("KEY_DISABLED");
  const role = creator.memberships[0]?.role ?? null;
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
