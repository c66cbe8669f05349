import "server-only";
import { decrypt, encrypt, randomToken, sha256 } from "@/lib/crypto";
import { db, type Tx } from "@/lib/db/client";

/** Recognisable in logs and by secret scanners. */
export const REFRESH_TOKEN_PREFIX = "ghr_";
/**
 * Concurrent refreshes with one token (several tabs, a retried request) within this many
 * seconds receive the same new pair; a presentation after it is reuse.
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

/** Spends every unspent refresh token of a session (a new family member is about to be issued). */
export async function spendSessionRefreshTokens(tx: Tx, sessionId: string, now: Date): Promise<void> {
  await tx.refreshToken.updateMany({ where: { sessionId, usedAt: null }, data: { usedAt: now } });
}

export function findRefreshToken(token: string) {
  if (!token.startsWith(REFRESH_TOKEN_PREFIX) || token.length > 128) return Promise.resolve(null);
  return db().refreshToken.findUnique({ where: { tokenHash: sha256(token) } });
}

/**
 * Marks a refresh token spent and records the pair that replaced it, in one conditional write:
 * of two parallel refreshes exactly one claims the token. False when another got there first.
 */
export async function claimRefreshToken(tx: Tx, id: number, pair: TokenPair, now: Date): Promise<boolean> {
  const claimed = await tx.refreshToken.updateMany({ where: { id, usedAt: null }, data: { usedAt: now, replacementEncrypted: encrypt(JSON.stringify(pair)) } });
  return claimed.count === 1;
}

/** The pair handed out for a spent token, while within the grace window. */
export function replacementWithinGrace(row: { usedAt: Date | null; replacementEncrypted: string | null }, now: Date): TokenPair | null {
  if (!row.usedAt || !row.replacementEncrypted) return null;
  if (now.getTime() - row.usedAt.getTime() > REFRESH_GRACE_SECONDS * 1000) return null;
  return JSON.parse(decrypt(row.replacementEncrypted)) as TokenPair;
}
