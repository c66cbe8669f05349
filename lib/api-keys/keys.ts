import "server-only";
import { recordAudit } from "@/lib/audit";
import { can, parseAuthorities, formatAuthorities, type Authority } from "@/lib/auth/authorities";
import { auditActor, type WorkspacePrincipal } from "@/lib/auth/principal";
import { PASSWORD_CONFIRMATION_TTL } from "@/lib/auth/security-settings";
import type { ClientContext } from "@/lib/auth/sessions";
import { addSeconds } from "@/lib/clock";
import { sha256 } from "@/lib/crypto";
import { db } from "@/lib/db/client";
import { isUniqueViolation } from "@/lib/db/errors";
import type { WorkspaceTx } from "@/lib/db/scoped";
import { AppError } from "@/lib/errors";
import { requireHeldAuthorities } from "@/lib/workspaces/members";
import { generateApiKey } from "./format";
import { DEFAULT_OVERLAP_SECONDS, MAX_OVERLAP_SECONDS } from "./schemas";

// A workspace's API keys: created, listed, rotated and revoked by its members (or by a key holding
// the authority), always through the caller's workspace-scoped client, so another workspace's key
// id is simply not found (404). The route checks ROLE_API_*; here the rules that depend on the
// row: nobody mints a key holding more than they hold (a key included), and minting a secret
// with a person's token needs the password confirmed in that session.

/** Where a key stands at a moment, first match wins. */
export type ApiKeyStatus = "active" | "rotating" | "expired" | "revoked" | "rotated";

/** A key as lists show it: never its secret or hash. */
export interface ApiKeyView {
  id: number;
  name: string;
  prefix: string;
  lastFour: string;
  authorities: Authority[];
  createdBy: { id: number; email: string } | null;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  lastUsedIp: string | null;
  revokedAt: Date | null;
  rotatedAt: Date | null;
  overlapEndsAt: Date | null;
  status: ApiKeyStatus;
  /** The last 30 UTC days, oldest first, today last (`day` is YYYY-MM-DD). */
  requestsPerDay: Array<{ day: string; requests: number }>;
  /** Live (active or rotating) and not used for 90 days (since its creation if never). */
  unused90Days: boolean;
}

const USAGE_DAYS = 30;
const UNUSED_FLAG_DAYS = 90;
const DAY_MS = 24 * 60 * 60 * 1000;
/** A clash of the 8-character lookup prefix (1 in 62^8 per pair of keys) is retried with a new key. */
const PREFIX_ATTEMPTS = 3;

const VIEW_SELECT = {
  id: true,
  name: true,
  prefix: true,
  lastFour: true,
  authorities: true,
  createdAt: true,
  expiresAt: true,
  lastUsedAt: true,
  lastUsedIp: true,
  revokedAt: true,
  rotatedAt: true,
  overlapEndsAt: true,
  createdBy: { select: { id: true, email: true } },
} as const;

type KeyRow = { revokedAt: Date | null; rotatedAt: Date | null; overlapEndsAt: Date | null; expiresAt: Date | null };

/** The key's status at `now`: revoked, then rotated out (its overlap over), expired, inside a rotation's overlap, active. */
export function apiKeyStatus(key: KeyRow, now: Date): ApiKeyStatus {
  if (key.revokedAt) return "revoked";
  if (key.rotatedAt && (!key.overlapEndsAt || key.overlapEndsAt.getTime() <= now.getTime())) return "rotated";
  if (key.expiresAt && key.expiresAt.getTime() <= now.getTime()) return "expired";
  return key.rotatedAt ? "rotating" : "active";
}

/**
 * Creates a key with `authorities` (each held by the caller: 403 otherwise, also for a key
 * creating a key) and an optional expiry ahead of `now`. With a person's token the session must
 * have confirmed the password within PASSWORD_CONFIRMATION_TTL (a sign-in counts): 403
 * PASSWORD_CONFIRMATION_REQUIRED. The key's text is returned this once; only its hash is kept.
 */
export async function createApiKey(
  caller: WorkspacePrincipal,
  input: { name: string; authorities: Authority[]; expiresAt?: Date | null },
  ctx: Pick<ClientContext, "ip" | "userAgent">,
  now: Date,
): Promise<{ key: string; apiKey: ApiKeyView }> {
  requirePerson(caller);
  requireHeldAuthorities(caller, input.authorities, "A key cannot hold an authority you do not hold.");
  if (input.authorities.length === 0) throw invalid("authorities", "Choose at least one authority.");
  const expiresAt = input.expiresAt ?? null;
  if (expiresAt && expiresAt.getTime() <= now.getTime()) throw invalid("expiresAt", "The expiry must lie in the future.");
  await requireFreshPassword(caller, now);
  const { key, id } = await insertKey(caller, { name: input.name, authorities: formatAuthorities(input.authorities), createdById: caller.actor.userId, expiresAt, rotatedFromId: null }, async (tx, row) => {
    await recordAudit({ action: "api_key.created", workspaceId: caller.workspace.id, ...auditActor(caller), ip: ctx.ip, userAgent: ctx.userAgent, targetType: "api_key", targetId: row.id, metadata: { name: input.name, prefix: row.prefix, authorities: parseAuthorities(formatAuthorities(input.authorities)), expiresAt: expiresAt?.toISOString() ?? null } }, tx);
  });
  return { key, apiKey: await viewOf(caller, id, now) };
}

/** Every key of the caller's workspace, newest first, with its use over the last 30 days. */
export async function listApiKeys(caller: WorkspacePrincipal, now: Date): Promise<ApiKeyView[]> {
  const rows = await caller.db.apiKey.findMany({ select: VIEW_SELECT, orderBy: { id: "desc" } });
  return views(rows, now);
}

/**
 * Replaces key `id` by a new one with the same name, authorities and expiry, made by the caller
 * (so the new secret is clipped to the rotator's role, and dies with the rotator's membership,
 * never acting for the old key's creator); the old one
 * keeps working for `overlapSeconds` (default 24 h, 0 ends it at once, at most 30 days), then
 * answers KEY_ROTATED. Only a live key that has not been rotated may be (409 otherwise: rotate its
 * successor). The caller must hold the key's authorities, and a person's token needs the password
 * confirmed as for creation: the new secret is as powerful as a new key.
 */
export async function rotateApiKey(caller: WorkspacePrincipal, id: number, input: { overlapSeconds?: number }, ctx: Pick<ClientContext, "ip" | "userAgent">, now: Date): Promise<{ key: string; apiKey: ApiKeyView }> {
  const overlapSeconds = input.overlapSeconds ?? DEFAULT_OVERLAP_SECONDS;
  if (!Number.isInteger(overlapSeconds) || overlapSeconds < 0 || overlapSeconds > MAX_OVERLAP_SECONDS) throw invalid("overlapSeconds", "The overlap is 0 to 30 days, in whole seconds.");
  const old = await caller.db.apiKey.findFirst({ where: { id }, select: { id: true, name: true, authorities: true, createdById: true, revokedAt: true, rotatedAt: true, overlapEndsAt: true, expiresAt: true } });
  if (!old) throw new AppError("NOT_FOUND", { message: "No such API key in this workspace." });
  const status = apiKeyStatus(old, now);
  if (status !== "active") throw new AppError("CONFLICT", { message: status === "rotating" || status === "rotated" ? "This key was rotated already: rotate its successor." : `A ${status} key cannot be rotated: create a new one.` });
  requirePerson(caller);
  requireHeldAuthorities(caller, parseAuthorities(old.authorities), "This key holds authorities you do not hold.");
  // Rotating ends the old key, so someone else's key needs the right to revoke it too.
  if (old.createdById !== caller.actor.userId && !can(caller, "ROLE_API_DELETE")) throw new AppError("FORBIDDEN", { message: "Rotating someone else's key ends it: that needs ROLE_API_DELETE." });
  await requireFreshPassword(caller, now);
  const overlapEndsAt = addSeconds(now, overlapSeconds);
  const { key, id: newId } = await insertKey(caller, { name: old.name, authorities: old.authorities, createdById: caller.actor.userId, expiresAt: old.expiresAt, rotatedFromId: old.id }, async (tx, row) => {
    // Conditional, inside the transaction: of two parallel rotations one finds the key rotated
    // (and the unique rotatedFromId stops the other's insert in any case).
    const ended = await tx.apiKey.updateMany({ where: { id: old.id, rotatedAt: null, revokedAt: null }, data: { rotatedAt: now, overlapEndsAt } });
    if (ended.count !== 1) throw new AppError("CONFLICT", { message: "This key was rotated or revoked meanwhile." });
    await recordAudit({ action: "api_key.rotated", workspaceId: caller.workspace.id, ...auditActor(caller), ip: ctx.ip, userAgent: ctx.userAgent, targetType: "api_key", targetId: old.id, metadata: { newId: row.id, prefix: row.prefix, overlapSeconds } }, tx);
  });
  return { key, apiKey: await viewOf(caller, newId, now) };
}

/** Revokes key `id` at `now`: its very next request, and every token exchanged for it, is 401 KEY_REVOKED. 409 when already revoked. */
export async function revokeApiKey(caller: WorkspacePrincipal, id: number, ctx: Pick<ClientContext, "ip" | "userAgent">, now: Date): Promise<void> {
  const key = await caller.db.apiKey.findFirst({ where: { id }, select: { id: true, prefix: true, revokedAt: true } });
  if (!key) throw new AppError("NOT_FOUND", { message: "No such API key in this workspace." });
  await caller.db.$transaction(async (tx) => {
    const revoked = await tx.apiKey.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: now, revokedById: caller.actor.userId } });
    if (revoked.count !== 1) throw new AppError("CONFLICT", { message: "This key is revoked already." });
    await recordAudit({ action: "api_key.revoked", workspaceId: caller.workspace.id, ...auditActor(caller), ip: ctx.ip, userAgent: ctx.userAgent, targetType: "api_key", targetId: id, metadata: { prefix: key.prefix } }, tx);
  });
}

interface NewKeyRow {
  name: string;
  authorities: string;
  createdById: number | null;
  expiresAt: Date | null;
  rotatedFromId: number | null;
}

/** Inserts a key with fresh text and runs `alongside` in the same transaction; a prefix clash retries with new text. */
async function insertKey(caller: WorkspacePrincipal, row: NewKeyRow, alongside: (tx: WorkspaceTx, created: { id: number; prefix: string }) => Promise<void>): Promise<{ key: string; id: number }> {
  for (let attempt = 1; ; attempt++) {
    const { key, prefix, lastFour } = generateApiKey();
    try {
      const id = await caller.db.$transaction(async (tx) => {
        const created = await tx.apiKey.create({ data: { ...row, workspaceId: caller.workspace.id, prefix, lastFour, keyHash: sha256(key) }, select: { id: true, prefix: true } });
        await alongside(tx, created);
        return created.id;
      });
      return { key, id };
    } catch (error) {
      // A clash on the unique rotatedFromId is a parallel rotation: CONFLICT, not a retry.
      if (!isUniqueViolation(error) || row.rotatedFromId !== null || attempt >= PREFIX_ATTEMPTS) throw error;
    }
  }
}

/**
 * Only a person mints a secret: a key would otherwise mint keys that outlive its own expiry and
 * revocation, and it has no password to confirm.
 */
function requirePerson(caller: WorkspacePrincipal): void {
  if (caller.kind === "api-key") throw new AppError("FORBIDDEN", { message: "API keys cannot create or rotate keys: a person's token with a confirmed password can." });
}

/**
 * With a person's token: the session confirmed the password (or signed in with it) within
 * PASSWORD_CONFIRMATION_TTL, so a stolen session cookie alone cannot mint a long-lived secret.
 */
async function requireFreshPassword(caller: WorkspacePrincipal, now: Date): Promise<void> {
  if (caller.kind !== "workspace") return;
  const session = await db().session.findUnique({ where: { id: caller.sessionId }, select: { passwordVerifiedAt: true, createdAt: true } });
  // A session is created by the password step: its start is a password entry too.
  const lastEntry = Math.max(session?.passwordVerifiedAt?.getTime() ?? 0, session?.createdAt.getTime() ?? 0);
  const age = now.getTime() - lastEntry;
  if (!(age >= 0 && age <= PASSWORD_CONFIRMATION_TTL * 1000)) throw new AppError("PASSWORD_CONFIRMATION_REQUIRED");
}

function invalid(field: string, message: string): AppError {
  return new AppError("VALIDATION_FAILED", { message: `${field}: ${message}`, fieldErrors: { [field]: message } });
}

async function viewOf(caller: WorkspacePrincipal, id: number, now: Date): Promise<ApiKeyView> {
  const row = await caller.db.apiKey.findFirstOrThrow({ where: { id }, select: VIEW_SELECT });
  return (await views([row], now))[0]!;
}

type ViewRow = Omit<ApiKeyView, "authorities" | "status" | "requestsPerDay" | "unused90Days"> & { authorities: string };

/** Rows as views, with requests per UTC day from the flushed hourly counts (ApiKeyUsage, read by the ids the scoped client returned). */
async function views(rows: ViewRow[], now: Date): Promise<ApiKeyView[]> {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const firstDay = today - (USAGE_DAYS - 1) * DAY_MS;
  const usage = rows.length ? await db().apiKeyUsage.findMany({ where: { apiKeyId: { in: rows.map((row) => row.id) }, hour: { gte: new Date(firstDay) } }, select: { apiKeyId: true, hour: true, requests: true } }) : [];
  const counts = new Map<number, number[]>();
  for (const { apiKeyId, hour, requests } of usage) {
    const days = counts.get(apiKeyId) ?? new Array<number>(USAGE_DAYS).fill(0);
    const index = Math.floor((hour.getTime() - firstDay) / DAY_MS);
    if (index >= 0 && index < USAGE_DAYS) days[index]! += requests;
    counts.set(apiKeyId, days);
  }
  const unusedBefore = now.getTime() - UNUSED_FLAG_DAYS * DAY_MS;
  return rows.map((row) => {
    const status = apiKeyStatus(row, now);
    const days = counts.get(row.id) ?? new Array<number>(USAGE_DAYS).fill(0);
    return {
      ...row,
      authorities: parseAuthorities(row.authorities),
      status,
      requestsPerDay: days.map((requests, index) => ({ day: new Date(firstDay + index * DAY_MS).toISOString().slice(0, 10), requests })),
      unused90Days: (status === "active" || status === "rotating") && (row.lastUsedAt ?? row.createdAt).getTime() < unusedBefore,
    };
  });
}
