import "server-only";
import { recordAudit } from "@/lib/audit";
import { parseAuthorities, type Authority } from "@/lib/auth/authorities";
import { consumeRecoveryCode, consumeTotp } from "@/lib/auth/mfa";
import { verifyPassword } from "@/lib/auth/password";
import { unmetRequirements } from "@/lib/auth/policy";
import { createSession, isSessionLive, MFA_ATTEMPTS, revokeSession, SESSION_TTL, type ClientContext } from "@/lib/auth/sessions";
import { reserveAttempt, throttleKeys, type Attempt } from "@/lib/auth/throttle";
import { addSeconds } from "@/lib/clock";
import { db, type Tx } from "@/lib/db/client";
import { AppError, isAppError } from "@/lib/errors";
import { signAccessToken, type Stage } from "@/lib/tokens/jwt";
import {
  claimRefreshToken,
  findRefreshToken,
  newRefreshToken,
  REFRESH_GRACE_SECONDS,
  replacementWithinGrace,
  spendSessionRefreshTokens,
  storeRefreshToken,
  type TokenPair,
} from "@/lib/tokens/refresh";

// The sign-in journey: password → MFA → workspace → refresh → logout. The REST API and the
// browser's server actions both call these functions; neither holds any rule of its own.

export type MfaMethod = "TOTP_AUTHENTICATOR" | "RECOVERY_CODE";

/** `roles` before a workspace is chosen, as in the seed's responses. */
export const NO_ROLE = "-2";

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
  /** Issued once the session is past MFA. */
  refreshToken: string | null;
  user: SignedInUser;
  mfaMethods: Array<"TOTP_AUTHENTICATOR">;
}

export interface WorkspaceResult extends StepResult {
  stage: "workspace";
  refreshToken: string;
  workspace: { id: number; guid: string; name: string; subdomain: string };
  role: { id: number; key: string; name: string };
  authorities: Authority[];
}

interface TokenWorkspace {
  guid: string;
  version: number;
  roleId: number;
  authorities: Authority[];
}

/** Signs the access token of a session at a stage (with its workspace for a workspace token). */
function signFor(sessionId: string, user: SignedInUser, stage: Stage, now: Date, workspace?: TokenWorkspace) {
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
  );
}

async function issue(
  tx: Tx,
  session: { id: string; expiresAt: Date },
  user: SignedInUser,
  stage: Stage,
  now: Date,
  workspace?: TokenWorkspace,
): Promise<{ token: string; expiresAt: Date; refreshToken: string | null }> {
  const { token, expiresAt } = await signFor(session.id, user, stage, now, workspace);
  if (stage === "mfa") return { token, expiresAt, refreshToken: null };
  // A new refresh token supersedes every earlier one of the session (one live family member).
  await spendSessionRefreshTokens(tx, session.id, now);
  const refreshToken = newRefreshToken();
  await storeRefreshToken(tx, session.id, refreshToken, now, session.expiresAt);
  return { token, expiresAt, refreshToken };
}

/**
 * Step 1: e-mail and password. Unknown e-mail, wrong password and a disabled account get the
 * same answer after the same work (a decoy hash is verified when there is no account).
 */
export async function loginWithPassword(input: { email: string; password: string }, ctx: ClientContext): Promise<StepResult> {
  let attempt: Attempt;
  try {
    attempt = await reserveAttempt([throttleKeys.loginAccount(input.email), throttleKeys.loginAddress(ctx.ip)], ctx.now);
  } catch (error) {
    await recordAudit({ action: "auth.login.throttled", ip: ctx.ip, userAgent: ctx.userAgent, metadata: { email: input.email } });
    throw error;
  }
  const user = await db().user.findUnique({
    where: { email: input.email },
    select: { id: true, email: true, status: true, password: { select: { hash: true } }, totp: { select: { enabledAt: true } } },
  });
  const passwordOk = await verifyPassword(user?.password?.hash ?? null, input.password);
  if (!user || !passwordOk || user.status !== "ACTIVE") {
    await recordAudit({
      action: "auth.login.failed",
      actorUserId: user?.id ?? null,
      ip: ctx.ip,
      userAgent: ctx.userAgent,
      metadata: { email: input.email, reason: !user ? "unknown_email" : !passwordOk ? "wrong_password" : "account_not_active" },
    });
    throw new AppError("INVALID_CREDENTIALS");
  }
  await attempt.succeeded();
  const needsMfa = Boolean(user.totp?.enabledAt);
  const signedIn = { id: user.id, email: user.email };
  return db().$transaction(async (tx) => {
    // One open MFA challenge per user: each challenge has its own five tries, so many parallel
    // challenges would multiply the guesses someone holding the password could make.
    if (needsMfa) await tx.session.updateMany({ where: { userId: user.id, stage: "MFA", revokedAt: null }, data: { revokedAt: ctx.now, revokedReason: "MFA_SUPERSEDED" } });
    const session = await createSession(user.id, needsMfa ? "MFA" : "USER", ctx, tx);
    const stage: Stage = needsMfa ? "mfa" : "user";
    const issued = await issue(tx, session, signedIn, stage, ctx.now);
    await recordAudit({ action: "auth.login.succeeded", actorUserId: user.id, ip: ctx.ip, userAgent: ctx.userAgent, targetType: "session", targetId: session.id, metadata: { mfaPending: needsMfa } }, tx);
    return { stage, sessionId: session.id, ...issued, user: signedIn, mfaMethods: needsMfa ? ["TOTP_AUTHENTICATOR" as const] : [] };
  });
}

/**
 * Step 2: a TOTP code or a recovery code turns an MFA-pending session into a signed-in one.
 * Each wrong code spends one of the challenge's five attempts (reserved atomically before the
 * code is checked, so parallel guesses cannot exceed the cap); the fifth ends the challenge.
 */
export async function verifyMfa(sessionId: string, method: MfaMethod, code: string, ctx: ClientContext): Promise<StepResult> {
  const session = await db().session.findUnique({ where: { id: sessionId }, include: { user: { select: { id: true, email: true, status: true } } } });
  if (!session || session.stage !== "MFA" || !isSessionLive(session, ctx.now) || session.user.status !== "ACTIVE") throw new AppError("MFA_CHALLENGE_ENDED");
  let attempt: Attempt;
  try {
    attempt = await reserveAttempt([throttleKeys.mfaUser(session.userId)], ctx.now);
  } catch (error) {
    await recordAudit({ action: "auth.mfa.throttled", actorUserId: session.userId, ip: ctx.ip, userAgent: ctx.userAgent, targetType: "session", targetId: sessionId });
    throw error;
  }
  const reserved = await db().session.updateMany({
    where: { id: sessionId, stage: "MFA", revokedAt: null, mfaAttempts: { lt: MFA_ATTEMPTS } },
    data: { mfaAttempts: { increment: 1 } },
  });
  if (reserved.count !== 1) throw new AppError("MFA_CHALLENGE_ENDED");

  const ok = method === "TOTP_AUTHENTICATOR" ? await consumeTotp(session.userId, code, ctx.now) : await consumeRecoveryCode(session.userId, code, ctx.now);
  const audit = { actorUserId: session.userId, ip: ctx.ip, userAgent: ctx.userAgent, targetType: "session", targetId: sessionId, metadata: { method } };
  if (!ok) {
    await recordAudit({ action: "auth.mfa.failed", ...audit });
    const { mfaAttempts } = await db().session.findUniqueOrThrow({ where: { id: sessionId }, select: { mfaAttempts: true } });
    if (mfaAttempts >= MFA_ATTEMPTS) {
      await revokeSession(sessionId, "MFA_ATTEMPTS", ctx.now);
      throw new AppError("MFA_CHALLENGE_ENDED");
    }
    throw new AppError("INVALID_MFA_CODE", { fieldErrors: { verificationCode: `That code is not correct or was already used. ${MFA_ATTEMPTS - mfaAttempts} attempt(s) left.` } });
  }
  await attempt.succeeded();
  const user = { id: session.user.id, email: session.user.email };
  return db().$transaction(async (tx) => {
    const passed = await tx.session.updateMany({
      where: { id: sessionId, stage: "MFA", revokedAt: null },
      data: { stage: "USER", mfaPassedAt: ctx.now, expiresAt: addSeconds(ctx.now, SESSION_TTL) },
    });
    if (passed.count !== 1) throw new AppError("MFA_CHALLENGE_ENDED");
    const issued = await issue(tx, { id: sessionId, expiresAt: addSeconds(ctx.now, SESSION_TTL) }, user, "user", ctx.now);
    await recordAudit({ action: method === "RECOVERY_CODE" ? "auth.mfa.recovery_code_used" : "auth.mfa.succeeded", ...audit }, tx);
    return { stage: "user" as const, sessionId, ...issued, user, mfaMethods: [] };
  });
}

/** A session usable for choosing a workspace: live and past MFA. */
async function loadSignedInSession(sessionId: string, now: Date) {
  const session = await db().session.findUnique({
    where: { id: sessionId },
    include: { user: { select: { id: true, email: true, status: true, totp: { select: { enabledAt: true } } } } },
  });
  if (!session || !isSessionLive(session, now) || session.user.status !== "ACTIVE") throw new AppError("SESSION_ENDED");
  if (session.stage === "MFA") throw new AppError("MFA_REQUIRED");
  return session;
}

/**
 * Loads the workspace, membership and role; refuses, with an audit event, a caller who is not a
 * member or does not meet the workspace's policy (MFA, IP allow-list).
 */
async function entryCheck(session: Awaited<ReturnType<typeof loadSignedInSession>>, where: { guid: string } | { id: number }, ctx: ClientContext, step: "select" | "refresh") {
  const workspace = await db().workspace.findUnique({ where, include: { ipRanges: { select: { cidr: true } } } });
  const membership = workspace
    ? await db().membership.findUnique({ where: { workspaceId_userId: { workspaceId: workspace.id, userId: session.userId } }, include: { role: true } })
    : null;
  const audit = { action: "auth.workspace.refused" as const, actorUserId: session.userId, ip: ctx.ip, userAgent: ctx.userAgent, targetType: "workspace" };
  if (!workspace || !membership) {
    // Not revealing whether a workspace exists to someone outside it. The probe is recorded
    // outside any workspace's log: a tenant's admins do not learn who looked for it.
    await recordAudit({ ...audit, targetId: workspace?.guid ?? ("guid" in where ? where.guid : undefined), metadata: { step, reason: "not_a_member" } });
    throw new AppError("NOT_A_MEMBER");
  }
  const requirements = unmetRequirements(
    { mfaRequired: workspace.mfaRequired, ipRestricted: workspace.ipRestricted, ipRanges: workspace.ipRanges.map((r) => r.cidr) },
    { hasMfa: Boolean(session.user.totp?.enabledAt), mfaPassed: session.mfaPassedAt !== null, ip: ctx.ip },
  );
  if (requirements.length) {
    await recordAudit({ ...audit, workspaceId: workspace.id, targetId: workspace.guid, metadata: { step, requirements } });
    throw new AppError("POLICY_REQUIREMENTS", { requirements });
  }
  return { workspace, role: membership.role };
}

/**
 * Step 3: choose a workspace. Refused with the list of unmet requirements when the workspace's
 * policy (MFA, IP allow-list) is not met. The session's workspace version is bumped, so any
 * earlier workspace token of this session stops working.
 */
export async function selectWorkspace(sessionId: string, guid: string, ctx: ClientContext): Promise<WorkspaceResult> {
  const session = await loadSignedInSession(sessionId, ctx.now);
  const { workspace, role } = await entryCheck(session, { guid }, ctx, "select");
  const audit = { workspaceId: workspace.id, actorUserId: session.userId, ip: ctx.ip, userAgent: ctx.userAgent, targetType: "workspace", targetId: workspace.guid };
  const user = { id: session.user.id, email: session.user.email };
  const authorities = parseAuthorities(role.authorities);
  return db().$transaction(async (tx) => {
    // Conditional: a session revoked a moment ago (logout in another tab) is refused, not a 500.
    const moved = await tx.session.updateMany({
      where: { id: sessionId, revokedAt: null },
      data: { stage: "WORKSPACE", workspaceId: workspace.id, workspaceVersion: { increment: 1 } },
    });
    if (moved.count !== 1) throw new AppError("SESSION_ENDED");
    const updated = await tx.session.findUniqueOrThrow({ where: { id: sessionId }, select: { workspaceVersion: true, expiresAt: true } });
    const issued = await issue(tx, { id: sessionId, expiresAt: updated.expiresAt }, user, "workspace", ctx.now, {
      guid: workspace.guid,
      version: updated.workspaceVersion,
      roleId: role.id,
      authorities,
    });
    await recordAudit({ action: "auth.workspace.selected", ...audit }, tx);
    return {
      stage: "workspace" as const,
      sessionId,
      ...issued,
      refreshToken: issued.refreshToken!,
      user,
      mfaMethods: [],
      workspace: { id: workspace.id, guid: workspace.guid, name: workspace.name, subdomain: workspace.subdomain },
      role: { id: role.id, key: role.key, name: role.name },
      authorities,
    };
  });
}

/**
 * Exchanges a refresh token for a new pair. Membership and the workspace's IP policy are checked
 * again. A token spent within the grace window returns the pair already issued for it; a spent
 * token presented later is taken as stolen and ends the whole session. When the workspace now
 * refuses the session, the API is told why (403); the browser (`leaveRefusedWorkspace`) instead
 * gets a user token back, so the person lands on the workspace list with the reason.
 */
export async function refreshSession(refreshToken: string, ctx: ClientContext, { leaveRefusedWorkspace = false } = {}): Promise<TokenPair> {
  const row = await findRefreshToken(refreshToken);
  if (!row || row.expiresAt.getTime() <= ctx.now.getTime()) throw new AppError("INVALID_TOKEN");
  if (row.usedAt) return replayOrRevoke(row, ctx);

  const session = await loadSignedInSession(row.sessionId, ctx.now);
  const user = { id: session.user.id, email: session.user.email };
  let workspace: TokenWorkspace | undefined;
  if (session.stage === "WORKSPACE" && session.workspaceId !== null) {
    try {
      const entry = await entryCheck(session, { id: session.workspaceId }, ctx, "refresh");
      workspace = { guid: entry.workspace.guid, version: session.workspaceVersion, roleId: entry.role.id, authorities: parseAuthorities(entry.role.authorities) };
    } catch (error) {
      if (!leaveRefusedWorkspace || !isAppError(error) || !["NOT_A_MEMBER", "POLICY_REQUIREMENTS"].includes(error.code)) throw error;
      // Back to the user stage; the version bump ends every token of the refused workspace.
      await db().session.updateMany({ where: { id: session.id, revokedAt: null }, data: { stage: "USER", workspaceId: null, workspaceVersion: { increment: 1 } } });
    }
  }
  const stage: Stage = workspace ? "workspace" : "user";
  try {
    return await db().$transaction(async (tx) => {
      const { token, expiresAt } = await signFor(session.id, user, stage, ctx.now, workspace);
      const pair: TokenPair = { token, refreshToken: newRefreshToken(), expiresAt: expiresAt.toISOString(), stage };
      if (!(await claimRefreshToken(tx, row.id, pair, ctx.now))) throw new LostRefreshRace();
      await storeRefreshToken(tx, session.id, pair.refreshToken, ctx.now, session.expiresAt);
      await recordAudit({ action: "auth.token.refreshed", workspaceId: session.workspaceId, actorUserId: user.id, ip: ctx.ip, userAgent: ctx.userAgent, targetType: "session", targetId: session.id }, tx);
      return pair;
    });
  } catch (error) {
    if (!(error instanceof LostRefreshRace)) throw error;
    // A parallel refresh with the same token won; hand out the pair it issued.
    const settled = await findRefreshToken(refreshToken);
    if (settled) return replayOrRevoke(settled, ctx);
    throw new AppError("INVALID_TOKEN");
  }
}

class LostRefreshRace extends Error {}

async function replayOrRevoke(row: { sessionId: string; usedAt: Date | null; replacementEncrypted: string | null }, ctx: ClientContext): Promise<TokenPair> {
  const replay = replacementWithinGrace(row, ctx.now);
  const session = await db().session.findUnique({ where: { id: row.sessionId }, select: { userId: true, revokedAt: true, expiresAt: true, workspaceId: true } });
  if (replay && session && isSessionLive(session, ctx.now)) return replay;
  // Superseded moments ago by a sign-in step (no pair recorded): a race, not a theft.
  if (!replay && row.usedAt && !row.replacementEncrypted && ctx.now.getTime() - row.usedAt.getTime() <= REFRESH_GRACE_SECONDS * 1000) {
    throw new AppError("CONFLICT", { message: "This refresh token was just replaced by a newer sign-in step; use the newest one." });
  }
  if (session && (await revokeSession(row.sessionId, "REFRESH_REUSE", ctx.now))) {
    await recordAudit({ action: "auth.token.reuse_detected", workspaceId: session.workspaceId, actorUserId: session.userId, ip: ctx.ip, userAgent: ctx.userAgent, targetType: "session", targetId: row.sessionId });
  }
  throw new AppError("SESSION_ENDED");
}

/** Ends the session behind a token. Idempotent. */
export async function logout(sessionId: string, ctx: ClientContext): Promise<void> {
  const session = await db().session.findUnique({ where: { id: sessionId }, select: { userId: true, workspaceId: true } });
  if (!session) return;
  if (await revokeSession(sessionId, "LOGOUT", ctx.now)) {
    await recordAudit({ action: "auth.logout", workspaceId: session.workspaceId, actorUserId: session.userId, ip: ctx.ip, userAgent: ctx.userAgent, targetType: "session", targetId: sessionId });
  }
}

/** The workspaces a user belongs to, with what entering each would require of this session. */
export async function listWorkspaces(userId: number) {
  const memberships = await db().membership.findMany({
    where: { userId },
    include: { workspace: { include: { ipRanges: { select: { cidr: true } } } }, role: { select: { id: true, key: true, name: true } } },
    orderBy: { workspace: { name: "asc" } },
  });
  return memberships.map(({ workspace, role }) => ({ workspace, role }));
}
