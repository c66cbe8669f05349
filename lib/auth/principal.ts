import "server-only";
import { admit } from "@/lib/auth/admission";
import type { Authority } from "@/lib/auth/authorities";
import { readSession, readSessionInWorkspace } from "@/lib/auth/principal-rows";
import { endIfIdle, isSessionLive, touchSession } from "@/lib/auth/sessions";
import { workspaceDb, type WorkspaceDb } from "@/lib/db/scoped";
import { AppError } from "@/lib/errors";
import { API_KEY_PREFIX, resolveApiKey, resolveApiKeyToken, type AdmittedApiKey } from "@/lib/api-keys/resolve";
import type { Stage, VerifiedAccessToken } from "@/lib/tokens/claims";
import { verifyAccessToken } from "@/lib/tokens/verify";

/**
 * A person's session, at any stage; a workspace token resolved without admission (`need:
 * "session"`) is one too, its workspace not checked. Re-read from the database on every request.
 */
export interface UserPrincipal {
  kind: "user";
  stage: Stage;
  sessionId: string;
  user: { id: number; email: string; name: string | null; isLandlordAdmin: boolean; hasMfa: boolean };
  mfaPassedAt: Date | null;
  /** The workspace this session has selected, if any (its membership and policy not checked here). */
  selectedWorkspaceGuid: string | null;
}

/** Who an audit event names: a person, or an API key acting on its creator's authority. */
export interface Actor {
  userId: number;
  apiKeyId: number | null;
}

export interface PrincipalWorkspace {
  id: number;
  guid: string;
  name: string;
  subdomain: string;
  logo: string | null;
  mfaRequired: boolean;
  ipRestricted: boolean;
  createdAt: Date;
}

interface InWorkspace {
  workspace: PrincipalWorkspace;
  /** The role the authorities come from: the member's own, or for a key its creator's, which clips it. */
  role: { id: number; key: string; name: string };
  /** As they are now, never from a token: the role's, or for a key its own clipped to its creator's role. */
  authorities: Authority[];
  /** A client confined to this workspace's rows. */
  db: WorkspaceDb;
  /** The person on whose authority the caller acts: the signed-in member, or the key's creator. */
  user: { id: number; email: string; name: string | null };
  actor: Actor;
}

/** A person's workspace token, admitted to its workspace on this request. */
export interface WorkspaceTokenPrincipal extends Omit<UserPrincipal, "kind" | "stage">, InWorkspace {
  kind: "workspace";
  stage: "workspace";
  user: UserPrincipal["user"];
}

/** An API key (sent as Bearer, or exchanged for an access token), admitted to its workspace on this request. */
export interface ApiKeyPrincipal extends InWorkspace {
  kind: "api-key";
  apiKey: { id: number; name: string; prefix: string };
}

/**
 * What every workspace route works with, whichever credential came: a workspace token or an API
 * key. Route handlers and domain functions use only these fields and never branch on `kind`.
 */
export type WorkspacePrincipal = WorkspaceTokenPrincipal | ApiKeyPrincipal;

export type Principal = UserPrincipal | WorkspacePrincipal;

/** A person's session, with or without an admitted workspace: never an API key. */
export type PersonPrincipal = UserPrincipal | WorkspaceTokenPrincipal;

/**
 * How much the caller needs: `session` — who is signed in (a workspace token counts as a plain
 * session, so someone outside a workspace's allow-list can still list workspaces, switch or sign
 * out; an API key is refused: these routes are about a person); `workspace` — the workspace of a
 * workspace token or an API key, admitted as it is now; `current` — the workspace when the
 * credential has one, the session otherwise.
 */
export type Need = "session" | "workspace" | "current";

/** The refusal of an API key where only a person's token will do. */
export function personOnly(): AppError {
  return new AppError("FORBIDDEN", { message: "This needs a user's token: API keys cannot act as a person." });
}

/**
 * Resolves a Bearer credential (RFC 6750's access token: a JWT or an API key) into a principal.
 * One fork, on the credential's form: a `gh_live_` key goes to the API-key path (lib/api-keys),
 * anything else is a JWT — verified first (no database work for a forged one), then the row
 * behind it: an exchanged key token's API key, or the session.
 */
export async function resolveAccessToken(credential: string, ip: string | null, now: Date, need: "session"): Promise<UserPrincipal>;
export async function resolveAccessToken(credential: string, ip: string | null, now: Date, need: Need): Promise<Principal>;
export async function resolveAccessToken(credential: string, ip: string | null, now: Date, need: Need): Promise<Principal> {
  if (credential.startsWith(API_KEY_PREFIX)) {
    if (need === "session") throw personOnly();
    return apiKeyPrincipal(await resolveApiKey(credential, ip, now));
  }
  const claims = await verifyAccessToken(credential, ["mfa", "user", "workspace"], now);
  if (!claims) throw new AppError("INVALID_TOKEN");
  if (claims.apiKeyId !== undefined) {
    if (need === "session") throw personOnly();
    return apiKeyPrincipal(await resolveApiKeyToken(claims, ip, now));
  }
  return resolveSessionToken(claims, ip, now, need);
}

function apiKeyPrincipal({ apiKey, workspace, role, authorities, creator }: AdmittedApiKey): ApiKeyPrincipal {
  const principal: ApiKeyPrincipal = Object.assign(inWorkspace(workspace, role, authorities, creator, { userId: creator.id, apiKeyId: apiKey.id }), { kind: "api-key" as const, apiKey });
  return principal;
}

/**
 * The session row (live: not revoked, expired or idle past the timeout; same stage, same
 * workspace version), the user (active), and for a workspace token the workspace admitted as it
 * is now (membership, suspension, IP allow-list). The request counts as the session's activity.
 */
async function resolveSessionToken(claims: VerifiedAccessToken, ip: string | null, now: Date, need: Need): Promise<Principal> {
  const userId = Number(claims.sub);
  if (!Number.isSafeInteger(userId)) throw new AppError("INVALID_TOKEN");
  // One statement (lib/auth/principal-rows.ts): the session with its user and factor and, only
  // where the route needs the workspace, the workspace with this user's role and the allow-list
  // joined in. Nothing is cached: a revocation, removal or role change counts on the next request.
  const inWorkspaceNeeded = claims.stage === "workspace" && need !== "session";
  const read = inWorkspaceNeeded ? await readSessionInWorkspace(claims.sid) : { session: await readSession(claims.sid), admission: null };
  const session = read?.session ?? null;
  if (!session || !isSessionLive(session, now) || String(session.userId) !== claims.sub || session.user.status !== "ACTIVE") {
    if (session) await endIfIdle(session, now);
    // An MFA challenge that ran out of tries or time says so, whatever code comes with it.
    const challengeOver = claims.stage === "mfa" && (session?.revokedReason === "MFA_ATTEMPTS" || (session?.revokedAt === null && !isSessionLive(session, now)));
    throw new AppError(challengeOver ? "MFA_CHALLENGE_ENDED" : "SESSION_ENDED");
  }
  const stageMatches =
    claims.stage === "mfa" ? session.stage === "MFA" : claims.stage === "user" ? session.stage !== "MFA" : session.stage === "WORKSPACE" && session.workspace?.guid === claims.ws && session.workspaceVersion === claims.wsv;
  // A workspace token of a session that has since switched (or logged in again elsewhere) ends here.
  if (!stageMatches) throw new AppError("SESSION_ENDED");
  // Once a minute per session (LAST_SEEN_RESOLUTION): outside the steady state's one statement.
  await touchSession(session.id, session.lastSeenAt, now);

  const base: UserPrincipal = {
    kind: "user",
    stage: claims.stage,
    sessionId: session.id,
    user: { id: session.user.id, email: session.user.email, name: session.user.name, isLandlordAdmin: session.user.isLandlordAdmin, hasMfa: session.user.totpEnabledAt !== null },
    mfaPassedAt: session.mfaPassedAt,
    selectedWorkspaceGuid: session.stage === "WORKSPACE" ? (session.workspace?.guid ?? null) : null,
  };
  if (!inWorkspaceNeeded || session.workspaceId === null || !read?.admission) return base;

  const { workspace, role } = read.admission;
  // MFA was settled when the workspace was selected (and is again on refresh).
  const admission = admit({ workspace, role, ip, mfa: null });
  if (!admission.admitted) throw admission.error;
  // Admitted: both rows exist. Assigned onto the workspace part, not spread: a spread would run
  // its lazy `db` getter and build the scoped client on every request.
  const principal: WorkspaceTokenPrincipal = Object.assign(inWorkspace(workspace!, role!, admission.authorities, base.user, { userId: base.user.id, apiKeyId: null }), { ...base, kind: "workspace" as const, stage: "workspace" as const });
  return principal;
}

/** The workspace part of a principal, its scoped client built on first use (merge others into it with Object.assign: a spread would build it). */
export function inWorkspace(workspace: PrincipalWorkspace, role: InWorkspace["role"], authorities: Authority[], user: InWorkspace["user"], actor: Actor): InWorkspace {
  let scoped: WorkspaceDb | undefined;
  return {
    workspace: {
      id: workspace.id,
      guid: workspace.guid,
      name: workspace.name,
      subdomain: workspace.subdomain,
      logo: workspace.logo,
      mfaRequired: workspace.mfaRequired,
      ipRestricted: workspace.ipRestricted,
      createdAt: workspace.createdAt,
    },
    role: { id: role.id, key: role.key, name: role.name },
    authorities,
    user,
    actor,
    get db() {
      // Built on first use (most requests never query tenant rows through it), then kept.
      scoped ??= workspaceDb(workspace.id);
      return scoped;
    },
  };
}

export function isWorkspacePrincipal(principal: Principal): principal is WorkspacePrincipal {
  return principal.kind !== "user";
}

/** The audit columns naming who acted. */
export function auditActor(principal: WorkspacePrincipal): { actorUserId: number; actorApiKeyId: number | null } {
  return { actorUserId: principal.actor.userId, actorApiKeyId: principal.actor.apiKeyId };
}

/**
 * Refuses principals below `stage` with the step they still owe (403); `user` means a person
 * (an API key is refused: FORBIDDEN).
 */
export function requireStage<S extends "user" | "workspace">(principal: Principal, stage: S): asserts principal is S extends "workspace" ? WorkspacePrincipal : PersonPrincipal {
  if (principal.kind === "api-key") {
    if (stage === "workspace") return;
    throw personOnly();
  }
  if (principal.stage === "mfa") throw new AppError("MFA_REQUIRED");
  if (stage === "workspace" && !isWorkspacePrincipal(principal)) throw new AppError("WORKSPACE_REQUIRED");
}

/**
 * Refuses anyone but a landlord admin who passed MFA in this session. An API key is refused as
 * not a person; the MFA-pending stage is refused first (MFA_REQUIRED); a tenant user is
 * LANDLORD_ONLY whatever their workspace role; a landlord whose session never passed MFA (no
 * factor yet, or signed in before MFA went on) is MFA_REQUIRED: the console holds every tenant,
 * so a password alone never opens it.
 */
export function requireLandlordPrincipal(principal: Principal): asserts principal is PersonPrincipal {
  requireStage(principal, "user");
  if (!principal.user.isLandlordAdmin) throw new AppError("LANDLORD_ONLY");
  if (!principal.mfaPassedAt) throw new AppError("MFA_REQUIRED", { message: "Platform administration needs multi-factor authentication passed in this session." });
}
