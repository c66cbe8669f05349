import "server-only";
import { addSeconds } from "@/lib/clock";
import { sessionEnv } from "@/lib/env";
import { ACCESS_TOKEN_TTL } from "@/lib/tokens/jwt";
import type { TokenLimits } from "./settings-schema";

// A workspace's token policy: how long its workspace tokens and the sessions that enter it live.
// Three numbers meet: the workspace's own choice, the landlord's bound for it and the platform's
// maximum; the smallest applies, so a policy only ever shortens, and a landlord lowering a bound
// shortens the next token even when the stored choice was higher.

/** The policy columns of a workspace: its own choice and the landlord's bounds (null: none). */
export interface TokenPolicyColumns {
  accessTokenMinutes: number | null;
  sessionHours: number | null;
  maxAccessTokenMinutes: number | null;
  maxSessionHours: number | null;
}

/** The platform's maxima: a workspace token's lifetime (lib/tokens/jwt.ts) and SESSION_MAX_LIFETIME_HOURS. */
export function platformTokenLimits(): TokenLimits {
  return { accessTokenMinutes: ACCESS_TOKEN_TTL.workspace / 60, sessionHours: sessionEnv().maxLifetimeSeconds / 3600 };
}

/** What the workspace's admins may choose: up to the landlord's bound, never past the platform's maximum. */
export function tokenLimits(workspace: TokenPolicyColumns): TokenLimits {
  const platform = platformTokenLimits();
  return {
    accessTokenMinutes: Math.min(workspace.maxAccessTokenMinutes ?? Infinity, platform.accessTokenMinutes),
    sessionHours: Math.min(workspace.maxSessionHours ?? Infinity, platform.sessionHours),
  };
}

/** The lifetimes that apply: the workspace's choice (none: the platform's) within {@link tokenLimits}. */
export function tokenLifetimes(workspace: TokenPolicyColumns): TokenLimits {
  const limits = tokenLimits(workspace);
  return {
    accessTokenMinutes: Math.min(workspace.accessTokenMinutes ?? Infinity, limits.accessTokenMinutes),
    sessionHours: Math.min(workspace.sessionHours ?? Infinity, limits.sessionHours),
  };
}

/**
 * When a session that enters (or refreshes into) the workspace ends: its own end, or, when the
 * workspace or its landlord limits sessions, that many hours after it started (the password
 * step), whichever is earlier.
 */
export function sessionEndIn(workspace: TokenPolicyColumns, session: { createdAt: Date; expiresAt: Date }): Date {
  if (workspace.sessionHours === null && workspace.maxSessionHours === null) return session.expiresAt;
  const capped = addSeconds(session.createdAt, tokenLifetimes(workspace).sessionHours * 3600);
  return capped.getTime() < session.expiresAt.getTime() ? capped : session.expiresAt;
}
