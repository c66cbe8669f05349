import "server-only";
import { NO_ROLE, type Authority } from "@/lib/auth/authorities";
import type { Tx } from "@/lib/db/client";
import { signAccessToken, type Stage } from "@/lib/tokens/jwt";
import { newRefreshToken, storeRefreshToken } from "@/lib/tokens/refresh";

// What every step of the journey hands back, and the one place a session's tokens are signed.

export type MfaMethod = "TOTP_AUTHENTICATOR" | "RECOVERY_CODE";

export interface SignedInUser {
  id: number;
  email: string;
}

export interface StepResult {
  stage: Stage;
  sessionId: string;
  token: string;
  /** When `token` expires. */
  expiresAt: Date;
  /** Issued once, when the session is signed in (password without MFA, or MFA); never again. */
  refreshToken: string | null;
  user: SignedInUser;
  mfaMethods: Array<"TOTP_AUTHENTICATOR">;
}

/**
 * A workspace selection: an access token only. The refresh token the client got at sign-in keeps
 * working and now refreshes into workspace tokens, so holding an access token is never enough to
 * obtain a refresh token.
 */
export interface WorkspaceResult extends Omit<StepResult, "stage" | "refreshToken"> {
  stage: "workspace";
  workspace: { id: number; guid: string; name: string; subdomain: string };
  role: { id: number; key: string; name: string };
  authorities: Authority[];
}

export interface TokenWorkspace {
  guid: string;
  version: number;
  roleId: number;
  authorities: Authority[];
  /** The workspace's token policy (lib/workspaces/token-policy.ts), within the stage's lifetime. */
  lifetimeSeconds: number;
}

/** Signs the access token of a session at a stage (with its workspace for a workspace token). */
export function signFor(sessionId: string, user: SignedInUser, stage: Stage, now: Date, workspace?: TokenWorkspace) {
  return signAccessToken(
    {
      sub: String(user.id),
      sid: sessionId,
      stage,
      email: user.email,
      role: workspace ? String(workspace.roleId) : NO_ROLE,
      ...(workspace && { ws: workspace.guid, wsv: workspace.version, authorities: workspace.authorities }),
    },
    now,
    workspace?.lifetimeSeconds,
  );
}

/**
 * The tokens of a session that has just signed in: an access token and, past MFA, the session's
 * one refresh token. Only the sign-in steps call this; later steps sign access tokens alone.
 */
export async function issue(
  tx: Tx,
  session: { id: string; expiresAt: Date },
  user: SignedInUser,
  stage: "mfa" | "user",
  now: Date,
): Promise<{ token: string; expiresAt: Date; refreshToken: string | null }> {
  const { token, expiresAt } = await signFor(session.id, user, stage, now);
  if (stage === "mfa") return { token, expiresAt, refreshToken: null };
  const refreshToken = newRefreshToken();
  await storeRefreshToken(tx, session.id, refreshToken, now, session.expiresAt);
  return { token, expiresAt, refreshToken };
}
