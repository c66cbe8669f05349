import "server-only";
import { storedUserAgent, type ClientContext } from "@/lib/auth/sessions";
import { addSeconds } from "@/lib/clock";
import { decrypt, encrypt, randomToken, sha256 } from "@/lib/crypto";
import { db, type Tx } from "@/lib/db/client";

/** Recognisable in logs and by secret scanners. */
export const REFRESH_TOKEN_PREFIX = "ghr_";
/**
 * Concurrent refreshes with one token (several tabs, a retried request) within this many
 * seconds receive the same new pair, if they come from the client that rotated it; any other
 * presentation of a spent token is reuse.
 */
export const REFRESH_GRACE_SECONDS = 10;

export interface TokenPair {
  token: string;
  refreshToken: string;
  /** When `token` expires (ISO-8601). */
  expiresAt: string;
  /** What `token` is good for: the session's workspace, or only the user's own endpoints. */
  stage: "user" | "workspace";
}

export function newRefreshToken(): string {
  return `${REFRESH_TOKEN_PREFIX}${randomToken(32)}`;
}

/** Stores a refresh token (hash only) for a session, valid until the session ends. */
export async function storeRefreshToken(tx: Tx, sessionId: string, token: string, now: Date, expiresAt: Date): Promise<void> {
  await tx.refreshToken.create({ data: { sessionId, tokenHash: sha256(token), createdAt: now, expiresAt } });
}

export function findRefreshToken(token: string) {
  if (!token.startsWith(REFRESH_TOKEN_PREFIX) || token.length > 128) return Promise.resolve(null);
  return db().refreshToken.findUnique({ where: { tokenHash: sha256(token) } });
}

/**
 * Marks a refresh token spent and records the pair that replaced it and the client that asked,
 * in one conditional write: of two parallel refreshes exactly one claims the token. False when
 * another got there first.
 */
export async function claimRefreshToken(tx: Tx, id: number, pair: TokenPair, ctx: ClientContext): Promise<boolean> {
  const claimed = await tx.refreshToken.updateMany({
    where: { id, usedAt: null },
    data: { usedAt: ctx.now, replacementEncrypted: encrypt(JSON.stringify(pair), "refresh-replacement", id), rotatedByIp: ctx.ip, rotatedByUserAgent: storedUserAgent(ctx.userAgent) },
  });
  return claimed.count === 1;
}

/** What a refresh-token row records about its own spending. */
export interface SpentToken {
  id: number;
  usedAt: Date | null;
  replacementEncrypted: string | null;
  rotatedByIp: string | null;
  rotatedByUserAgent: string | null;
}

/**
 * The pair handed out for a spent token, given again only within the grace window and only to
 * the client (address and user agent) whose request rotated it: a second tab or a retried
 * request. Null for anyone else, who is then taken to be presenting a stolen token.
 */
export function replacementForSameClient(row: SpentToken, ctx: ClientContext): TokenPair | null {
  if (!row.usedAt || !row.replacementEncrypted) return null;
  if (ctx.now.getTime() - row.usedAt.getTime() > REFRESH_GRACE_SECONDS * 1000) return null;
  if (row.rotatedByIp !== ctx.ip || row.rotatedByUserAgent !== storedUserAgent(ctx.userAgent)) return null;
  return JSON.parse(decrypt(row.replacementEncrypted, "refresh-replacement", row.id)) as TokenPair;
}

/**
 * Forgets the pairs recorded for spent tokens whose grace window is over (of one session, or
 * all): after it nothing needs them, and a database copy plus the encryption key would otherwise
 * yield every live session's refresh token. Returns how many were cleared.
 */
export async function clearSpentReplacements(tx: Tx, now: Date, sessionId?: string): Promise<number> {
  const cleared = await tx.refreshToken.updateMany({
    where: { replacementEncrypted: { not: null }, usedAt: { lt: addSeconds(now, -REFRESH_GRACE_SECONDS) }, ...(sessionId !== undefined && { sessionId }) },
    data: { replacementEncrypted: null },
  });
  return cleared.count;
}
