// Every operation of the REST API, one entry per method + path: the registry the OpenAPI document
// (lib/api/openapi.ts), the /docs/api page and middleware's 404/405 answers (lib/api/surface.ts)
// are built from. lib/api/openapi.test.ts keeps it equal to the route handlers under app/uauth,
// app/api and app/.well-known, with the same `access` and `authority` as their `apiRoute`.
//
// Adding a route = adding one entry here:
//   {
//     method: "post", path: "/uauth/things/{id}", tag: "Workspace administration",
//     summary: "Do the thing",                           // one line
//     description: "Why and what else happens.",          // optional, Markdown
//     access: "workspace", authority: "ROLE_THING_EDIT",  // as in the route's apiRoute({ … })
//     params: idPath, query: someQuerySchema, body: thingSchema,   // the zod schemas the handler validates with
//     responses: { 201: { description: "The thing.", body: thingViewSchema } },  // zod response schemas (lib/api/responses.ts); no body: 204
//     errors: { NOT_FOUND: "No such thing in this workspace.", CONFLICT: "It exists." },
//   },
// Errors are listed by code (lib/errors.ts), each with when it happens; the document groups them
// by status. The ones every route of its kind answers (credentials, stage, workspace policy, the
// authority, a body's size, type and shape, the query's shape, the database busy) are added from
// `access`, `authority`, `body` and `query`: list only the operation's own. Request schemas live
// beside their domain (lib/*/schemas.ts, edge-safe: this file is imported by middleware); the
// integration tests check every response they receive against the entry's responses and errors.
// Edge-safe: zod schemas only.
import { z } from "zod";
import { invitationListQuerySchema, newWorkspaceWithSuperuserSchema, userPatchSchema, userSearchQuerySchema, workspacePatchSchema, workspaceSearchQuerySchema, workspaceSuspensionSchema, auditQuerySchema, auditVerifyQuerySchema } from "@/lib/admin/schemas";
import type { apiRoute } from "@/lib/api/handler";
import { createApiKeySchema, rotateApiKeySchema } from "@/lib/api-keys/schemas";
import * as responses from "@/lib/api/responses";
import type { Authority } from "@/lib/auth/authorities";
import { forgotPasswordSchema, apiResetPasswordSchema } from "@/lib/auth/password-reset-schemas";
import { confirmPasswordSchema } from "@/lib/auth/settings-schemas";
import { apiLoginSchema, apiMfaSchema, mfaQuerySchema, refreshSchema } from "@/lib/auth/schemas";
import type { ErrorCode } from "@/lib/errors";
import { acceptInvitationSchema } from "@/lib/invitations/schemas";
import { guidSchema } from "@/lib/validation";
import { changeMemberRoleSchema, inviteMemberSchema, newRoleSchema, roleChangeSchema } from "@/lib/workspaces/admin-schemas";
import { workspaceSettingsSchema } from "@/lib/workspaces/settings-schema";

/** Who may call, as the route's `apiRoute({ access })` says; `plain` is a route handler outside the wrapper. */
export type OperationAccess = Parameters<typeof apiRoute>[0]["access"] | "plain";

export type OperationMethod = "get" | "post" | "put" | "patch" | "delete";

export const OPERATION_TAGS = {
  "Sign-in": "Password, second factor, workspace selection, refresh and logout: the seed's journey.",
  Sessions: "The caller's own sessions, and a workspace's live sessions for its session administrators.",
  Workspaces: "The workspaces the caller belongs to, and who the token speaks for.",
  "Workspace administration": "Members, roles and settings of the token's workspace.",
  Invitations: "What an invitation link is for, and accepting it.",
  "API keys": "Long-lived keys of a workspace for integrations: create, list, rotate with an overlap, revoke, and exchange one for a short-lived token.",
  "Landlord console": "The platform operator's API: workspaces, users, invitations and the audit log.",
  Service: "This document, health and the public keys.",
} as const;

export type OperationTag = keyof typeof OPERATION_TAGS;

export interface OperationResponse {
  description: string;
  /** The JSON body; none for a 204 or 202 without one. */
  body?: z.ZodType;
  /** Other media types the same status may answer with (the audit CSV export). */
  alternatives?: Record<string, z.ZodType>;
}

export interface ApiOperation {
  method: OperationMethod;
  /** The path as the document writes it, `{name}` for a segment. */
  path: `/${string}`;
  tag: OperationTag;
  summary: string;
  description?: string;
  access: OperationAccess;
  /** The authority `apiRoute` checks (403 FORBIDDEN without it). */
  authority?: Authority;
  /** Public, but a signed-in user may prove who they are with their own token. */
  optionalToken?: true;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** Successful answers by status. */
  responses: Partial<Record<200 | 201 | 202 | 204 | 503, OperationResponse>>;
  /** The operation's own error codes (beyond those of its kind), each with when it is answered. */
  errors?: Partial<Record<ErrorCode, string>>;
}

// ─── Path parameters ────────────────────────────────────────────────────────────────────────

const workspaceGuid = guidSchema.meta({ description: "The workspace's businessProfileGuid." });
const rowId = (description: string) => z.int().positive().meta({ description });
const guidPath = z.object({ guid: workspaceGuid });
const adminWorkspacePath = z.object({ id: workspaceGuid });
const invitationPath = z.object({ id: rowId("The invitation's id.") });
const userPath = z.object({ id: rowId("The user's id.") });
const memberPath = z.object({ userId: rowId("The member's user id.") });
const rolePath = z.object({ id: rowId("The role's id.") });
const sessionPath = z.object({ id: z.string().meta({ description: "The session's id (the `id` in GET /uauth/sessions, the token's `sid`)." }) });
const apiKeyPath = z.object({ id: rowId("The API key's id.") });
const linkPath = z.object({ token: z.string().meta({ description: "The one-time token of the invitation link." }) });

// ─── Shared wording ─────────────────────────────────────────────────────────────────────────

const KEY_MINTING =
  "A person's workspace token (an API key never mints or rotates keys: 403 FORBIDDEN), with only authorities the caller holds (403 FORBIDDEN), after the password was confirmed (`POST /uauth/auth/reauth`) or signed in with in this session within 10 minutes.";
const NOT_YOURS = "Ids of another workspace are 404. Nobody grants, or acts on a member or role holding, an authority they do not hold (403 FORBIDDEN).";
const THROTTLED = "Too many failures from this address or for this account; see Retry-After.";
const LOOKUPS_THROTTLED = "Too many look-ups from this address; see Retry-After.";

export const API_OPERATIONS: readonly ApiOperation[] = [
  // ─── Sign-in ──────────────────────────────────────────────────────────────────────────────
  {
    method: "post",
    path: "/uauth/auth/login/user",
    tag: "Sign-in",
    summary: "Sign in with e-mail and password",
    description: "Unknown e-mail, wrong password and a disabled account are the same answer, in the same time. With MFA on, the token is MFA-pending and `mfaMethods` says to verify next.",
    access: "public",
    body: apiLoginSchema,
    responses: { 200: { description: "Signed in (check mfaMethods).", body: responses.loginResponseSchema } },
    errors: { INVALID_CREDENTIALS: "The e-mail address or password is not correct.", TOO_MANY_REQUESTS: THROTTLED },
  },
  {
    method: "post",
    path: "/uauth/auth/login/user/mfa/verification",
    tag: "Sign-in",
    summary: "Confirm multi-factor authentication: an MFA-pending token and a code → a user token",
    description: "A code is accepted once. Five wrong codes, or a challenge older than 5 minutes, end the sign-in (401 MFA_CHALLENGE_ENDED).",
    access: "mfa",
    query: mfaQuerySchema,
    body: apiMfaSchema,
    responses: { 200: { description: "MFA passed: a user token and the session's refresh token.", body: responses.loginResponseSchema } },
    errors: { INVALID_MFA_CODE: "The code is not correct or was already used.", INVALID_TOKEN: "Not the token from the password step.", TOO_MANY_REQUESTS: THROTTLED },
  },
  {
    method: "post",
    path: "/uauth/auth/login/user/profile/{guid}",
    tag: "Sign-in",
    summary: "Select or switch workspace → a workspace token",
    description: "With a user or workspace token. Switching (even back to the same workspace) ends the older workspace token.",
    access: "user",
    params: guidPath,
    responses: { 200: { description: "A workspace token.", body: responses.workspaceTokenResponseSchema } },
    errors: {
      NOT_A_MEMBER: "Not a member of the workspace (also for an unknown one).",
      POLICY_REQUIREMENTS: "The workspace's policy is not met: MFA to set up or pass, or an address outside its allow-list (`requirements`).",
      WORKSPACE_SUSPENDED: "Suspended by the platform operator (the reason in the message).",
      VALIDATION_FAILED: "The guid is not a UUID.",
    },
  },
  {
    method: "post",
    path: "/uauth/auth/refresh",
    tag: "Sign-in",
    summary: "Exchange a refresh token for a new pair (each refresh token works once)",
    description: "A spent token presented again by the client that spent it within 10 seconds returns the same pair; from anyone else, or later, it ends the whole session (reuse detection). Refreshing is not activity: the idle timeout keeps running.",
    access: "public",
    body: refreshSchema,
    responses: { 200: { description: "A new pair.", body: responses.tokenPairSchema } },
    errors: {
      INVALID_TOKEN: "Not a refresh token Gatehouse issued.",
      SESSION_ENDED: "The session has ended (revoked, expired, idle, or the token reused).",
      NOT_A_MEMBER: "The session's workspace no longer has the user.",
      POLICY_REQUIREMENTS: "The session's workspace policy now refuses it.",
      WORKSPACE_SUSPENDED: "The session's workspace was suspended (the reason in the message; a session the suspension ended stays ended: sign in again).",
    },
  },
  {
    method: "post",
    path: "/uauth/auth/logout",
    tag: "Sign-in",
    summary: "End the session behind the token (every token of it stops working)",
    access: "any",
    responses: { 204: { description: "Signed out." } },
  },
  {
    method: "post",
    path: "/uauth/auth/password/forgot",
    tag: "Sign-in",
    summary: "Ask for a password-reset link (the same answer whether or not the address has an account)",
    access: "public",
    body: forgotPasswordSchema,
    responses: { 202: { description: "Accepted: an ACTIVE account gets an e-mail with a link valid once for 30 minutes; any other address gets nothing, and the same answer.", body: responses.resetRequestedSchema } },
    errors: { TOO_MANY_REQUESTS: "Too many requests from this address or for this e-mail; see Retry-After." },
  },
  {
    method: "post",
    path: "/uauth/auth/password/reset",
    tag: "Sign-in",
    summary: "Set a new password with a reset link's token; every session of the account ends, MFA stays on",
    access: "public",
    body: apiResetPasswordSchema,
    responses: { 204: { description: "Password changed; sign in again (with TOTP when it is on)." } },
    errors: {
      VALIDATION_FAILED: "`fields.password` says why the password policy refuses the password (too short, common, guessable, contains the e-mail).",
      NOT_FOUND: "No such link (guesses are throttled per client address).",
      GONE: "The link was used, replaced by a newer one, or expired.",
      TOO_MANY_REQUESTS: LOOKUPS_THROTTLED,
    },
  },

  // ─── Sessions ─────────────────────────────────────────────────────────────────────────────
  {
    method: "get",
    path: "/uauth/sessions",
    tag: "Sessions",
    summary: "The caller's own live sessions, newest activity first",
    description: "`current` marks the session behind the token.",
    access: "user",
    responses: { 200: { description: "The live sessions.", body: responses.userSessionListSchema } },
  },
  {
    method: "delete",
    path: "/uauth/sessions/{id}",
    tag: "Sessions",
    summary: "End one of the caller's own sessions (its tokens fail on their next request); the current one too, as a sign-out",
    access: "user",
    params: sessionPath,
    responses: { 204: { description: "Ended." } },
    errors: { NOT_FOUND: "No live session of the caller has this id (someone else's is 404 too)." },
  },

  // ─── API keys ─────────────────────────────────────────────────────────────────────────────
  {
    method: "get",
    path: "/uauth/api-keys",
    tag: "API keys",
    summary: "The workspace's API keys, newest first, with last use and requests per day",
    description: "A workspace token or an API key. Never a secret.",
    access: "workspace",
    authority: "ROLE_API_SHOW",
    responses: { 200: { description: "The keys.", body: responses.apiKeyListSchema } },
  },
  {
    method: "post",
    path: "/uauth/api-keys",
    tag: "API keys",
    summary: "Create an API key; its secret is in this answer only",
    description: KEY_MINTING,
    access: "workspace",
    authority: "ROLE_API_CREATE",
    body: createApiKeySchema,
    responses: { 201: { description: "The key with its secret.", body: responses.newApiKeySchema } },
    errors: { PASSWORD_CONFIRMATION_REQUIRED: "A person's token whose session has not confirmed the password in the last 10 minutes.", FORBIDDEN: "An authority the caller does not hold." },
  },
  {
    method: "delete",
    path: "/uauth/api-keys/{id}",
    tag: "API keys",
    summary: "Revoke an API key: its next request, and every token exchanged for it, is 401 KEY_REVOKED",
    description: "A workspace token or an API key. Ids of another workspace are 404.",
    access: "workspace",
    authority: "ROLE_API_DELETE",
    params: apiKeyPath,
    responses: { 204: { description: "Revoked." } },
    errors: { NOT_FOUND: "No such key in this workspace.", CONFLICT: "Revoked already.", VALIDATION_FAILED: "The id is not a positive integer." },
  },
  {
    method: "post",
    path: "/uauth/api-keys/{id}/rotate",
    tag: "API keys",
    summary: "Rotate an API key: a new key (same name, authorities and expiry, created by the caller; someone else's key needs ROLE_API_DELETE too); the old one works until overlapSeconds have passed, then answers 401 KEY_ROTATED",
    description: `${KEY_MINTING} Send \`{}\` for the default overlap of 24 hours; 0 ends the old key at once.`,
    access: "workspace",
    authority: "ROLE_API_CREATE",
    params: apiKeyPath,
    body: rotateApiKeySchema,
    responses: { 201: { description: "The new key with its secret.", body: responses.newApiKeySchema } },
    errors: {
      NOT_FOUND: "No such key in this workspace.",
      CONFLICT: "The key was rotated already (rotate its successor), or is revoked or expired.",
      PASSWORD_CONFIRMATION_REQUIRED: "A person's token whose session has not confirmed the password in the last 10 minutes.",
      FORBIDDEN: "The key holds an authority the caller does not hold.",
    },
  },
  {
    method: "post",
    path: "/uauth/auth/login/api-key",
    tag: "API keys",
    summary: "Exchange an API key (sent as Bearer) for a short-lived workspace access token",
    description:
      "The same JWT as a workspace token, verifiable from /.well-known/jwks.json: `sub` the key's creator, `ws` its workspace, the clipped `authorities`, `apiKeyId` the key, `sid` `api-key:<id>`, `wsv` 0; it lives as long as the workspace's token policy allows (at most 10 minutes). No refresh token: exchange the key again. Gatehouse checks the key's row on every request with it, so a revoked key's tokens are refused. Only the key itself is accepted.",
    access: "workspace",
    responses: { 200: { description: "The access token.", body: responses.apiKeyTokenSchema } },
    errors: { FORBIDDEN: "A token, not an API key (a token cannot be exchanged)." },
  },

  {
    method: "post",
    path: "/uauth/auth/reauth",
    tag: "Sessions",
    summary: "Re-enter the password: for 10 minutes this session may make the changes that ask for it (PASSWORD_CONFIRMATION_REQUIRED otherwise)",
    description: "The same step as the security settings' \"Confirm your password\"; wrong passwords are throttled per user like a sign-in.",
    access: "user",
    body: confirmPasswordSchema,
    responses: { 204: { description: "Confirmed for 10 minutes." } },
    errors: { INVALID_CREDENTIALS: "The password is not correct.", TOO_MANY_REQUESTS: "Too many wrong passwords; see Retry-After." },
  },
  {
    method: "get",
    path: "/uauth/workspace/sessions",
    tag: "Sessions",
    summary: "The live sessions inside this workspace (selected here last, not ended), with their member, newest activity first",
    access: "workspace",
    authority: "ROLE_ADMIN_SESSIONS",
    responses: { 200: { description: "The live sessions.", body: responses.workspaceSessionListSchema } },
  },
  {
    method: "delete",
    path: "/uauth/workspace/sessions/{id}",
    tag: "Sessions",
    summary: "End a member's session inside this workspace: its tokens, Bearer and browser alike, fail on their next request",
    description: NOT_YOURS,
    access: "workspace",
    authority: "ROLE_ADMIN_SESSIONS",
    params: z.object({ id: z.string().meta({ description: "The session's id (the `id` in GET /uauth/workspace/sessions)." }) }),
    responses: { 204: { description: "Ended." } },
    errors: { NOT_FOUND: "No live session inside this workspace has this id (another workspace's, or one that has switched away or ended, is 404 too).", FORBIDDEN: "The member holds an authority the caller does not hold." },
  },
  {
    method: "delete",
    path: "/uauth/workspace/members/{userId}/sessions",
    tag: "Sessions",
    summary: "End every session of a member inside this workspace (their sessions in other workspaces stay)",
    description: NOT_YOURS,
    access: "workspace",
    authority: "ROLE_ADMIN_SESSIONS",
    params: memberPath,
    responses: { 200: { description: "How many sessions were ended.", body: responses.sessionsEndedSchema } },
    errors: { NOT_FOUND: "No such member in this workspace.", FORBIDDEN: "The member holds an authority the caller does not hold.", VALIDATION_FAILED: "The user id is not a positive integer." },
  },

  // ─── Workspaces ───────────────────────────────────────────────────────────────────────────
  {
    method: "get",
    path: "/uauth/business-profile/",
    tag: "Workspaces",
    summary: "The workspaces the caller belongs to",
    description: "With a user or workspace token; also for a member outside a workspace's allow-list (listing is not entering).",
    access: "user",
    responses: { 200: { description: "Workspaces.", body: z.array(responses.businessProfileSchema) } },
  },
  {
    method: "get",
    path: "/uauth/business-profile/{guid}",
    tag: "Workspaces",
    summary: "The current workspace, with your role and authorities",
    access: "workspace",
    params: guidPath,
    responses: { 200: { description: "The workspace, with your role and authorities.", body: responses.currentBusinessProfileSchema } },
    errors: { WRONG_WORKSPACE: "The token belongs to another workspace." },
  },
  {
    method: "get",
    path: "/uauth/me",
    tag: "Workspaces",
    summary: "Who the token speaks for; with a workspace token also the workspace and the authorities there as they are now",
    description: "Integrations call it to check a token.",
    access: "current",
    responses: { 200: { description: "The caller.", body: responses.meSchema } },
  },

  // ─── Workspace administration ─────────────────────────────────────────────────────────────
  {
    method: "get",
    path: "/uauth/workspace/members",
    tag: "Workspace administration",
    summary: "The workspace's members and its pending invitations",
    description: "Needs any of ROLE_ADMIN_INVITEUSER, ROLE_ADMIN_EDITUSER, ROLE_ADMIN_REMOVEUSER.",
    access: "workspace",
    responses: { 200: { description: "Members and pending invitations.", body: responses.memberListSchema } },
    errors: { FORBIDDEN: "The role holds none of the member-administration authorities." },
  },
  {
    method: "post",
    path: "/uauth/workspace/members",
    tag: "Workspace administration",
    summary: "Invite an address with a role of this workspace (the e-mail is queued in the same transaction)",
    description: NOT_YOURS,
    access: "workspace",
    authority: "ROLE_ADMIN_INVITEUSER",
    body: inviteMemberSchema,
    responses: { 201: { description: "The invitation.", body: responses.newInvitationSchema } },
    errors: { NOT_FOUND: "No such role in this workspace.", CONFLICT: "Already a member, or already invited.", FORBIDDEN: "The role would grant an authority the caller does not hold." },
  },
  {
    method: "patch",
    path: "/uauth/workspace/members/{userId}",
    tag: "Workspace administration",
    summary: "Give a member another role (effective on their next request)",
    description: NOT_YOURS,
    access: "workspace",
    authority: "ROLE_ADMIN_EDITUSER",
    params: memberPath,
    body: changeMemberRoleSchema,
    responses: { 200: { description: "The member with the new role.", body: responses.memberSchema } },
    errors: { NOT_FOUND: "No such member or role in this workspace.", CONFLICT: "It would demote the last superuser.", FORBIDDEN: "The member or the role holds an authority the caller does not hold." },
  },
  {
    method: "delete",
    path: "/uauth/workspace/members/{userId}",
    tag: "Workspace administration",
    summary: "Remove a member: their workspace tokens are refused from their next request",
    description: NOT_YOURS,
    access: "workspace",
    authority: "ROLE_ADMIN_REMOVEUSER",
    params: memberPath,
    responses: { 204: { description: "Removed." } },
    errors: { NOT_FOUND: "No such member in this workspace.", CONFLICT: "The last superuser.", FORBIDDEN: "The member holds an authority the caller does not hold." },
  },
  {
    method: "delete",
    path: "/uauth/workspace/members/{userId}/mfa",
    tag: "Workspace administration",
    summary: "Reset a member's two-step verification: factor and recovery codes removed, every session ended, the member told by e-mail",
    description: "The acting session must have passed MFA in the last 10 minutes. Only for a member of this workspace who belongs to no other workspace and is not a landlord admin, never yourself; anyone who is not a member here is 404.",
    access: "workspace-user",
    authority: "ROLE_ADMIN_EDITUSER",
    params: memberPath,
    responses: { 204: { description: "Reset." } },
    errors: {
      NOT_FOUND: "No such member of this workspace.",
      CONFLICT: "The member has no two-step verification.",
      MFA_REQUIRED: "The acting session passed MFA more than 10 minutes ago: verify again.",
      FORBIDDEN: "Yourself, a member of another workspace too, or a landlord admin.",
    },
  },
  {
    method: "get",
    path: "/uauth/workspace/roles",
    tag: "Workspace administration",
    summary: "The workspace's roles",
    description: "Needs ROLE_ADMIN_ROLES or a member-administration authority (inviting and changing roles means choosing one).",
    access: "workspace",
    responses: { 200: { description: "The roles.", body: responses.roleListSchema } },
    errors: { FORBIDDEN: "The role holds neither ROLE_ADMIN_ROLES nor a member-administration authority." },
  },
  {
    method: "post",
    path: "/uauth/workspace/roles",
    tag: "Workspace administration",
    summary: "Create a custom role from the caller's own authorities",
    description: NOT_YOURS,
    access: "workspace",
    authority: "ROLE_ADMIN_ROLES",
    body: newRoleSchema,
    responses: { 201: { description: "The role.", body: responses.roleSchema } },
    errors: { CONFLICT: "The key is taken in this workspace.", FORBIDDEN: "An authority the caller does not hold." },
  },
  {
    method: "patch",
    path: "/uauth/workspace/roles/{id}",
    tag: "Workspace administration",
    summary: "Rename a custom role or set its authorities (members get them on their next request)",
    description: `Authorities come from the catalogue, and only those the caller holds. ${NOT_YOURS}`,
    access: "workspace",
    authority: "ROLE_ADMIN_ROLES",
    params: rolePath,
    body: roleChangeSchema,
    responses: { 200: { description: "The role.", body: responses.roleSchema } },
    errors: { NOT_FOUND: "No such role in this workspace.", CONFLICT: "A built-in role.", FORBIDDEN: "The role holds, or would grant, an authority the caller does not hold." },
  },
  {
    method: "delete",
    path: "/uauth/workspace/roles/{id}",
    tag: "Workspace administration",
    summary: "Delete a custom role nobody holds",
    description: NOT_YOURS,
    access: "workspace",
    authority: "ROLE_ADMIN_ROLES",
    params: rolePath,
    responses: { 204: { description: "Deleted." } },
    errors: { NOT_FOUND: "No such role in this workspace.", CONFLICT: "A built-in role, or one held by a member or an open invitation.", FORBIDDEN: "The role holds an authority the caller does not hold." },
  },
  {
    method: "get",
    path: "/uauth/workspace/settings",
    tag: "Workspace administration",
    summary: "The workspace's settings: name, logo, MFA, allow-list and token policy with its limits",
    access: "workspace",
    authority: "ROLE_ADMIN_SETTINGS",
    responses: { 200: { description: "The settings.", body: responses.workspaceSettingsViewSchema } },
  },
  {
    method: "patch",
    path: "/uauth/workspace/settings",
    tag: "Workspace administration",
    summary: "Change any of the workspace's settings (the allow-list is replaced as a whole); a new token policy applies from the next token and refresh",
    description:
      "What is left out stays as it is. Workspace tokens then live accessTokenMinutes; a session entering or refreshing into the workspace ends at most sessionHours after it signed in (one already older ends). Lifetimes are checked against `tokenLimits`; `ipRestricted` needs a non-empty allow-list.",
    access: "workspace",
    authority: "ROLE_ADMIN_SETTINGS",
    body: workspaceSettingsSchema(),
    responses: { 200: { description: "The settings as changed.", body: responses.workspaceSettingsViewSchema } },
    errors: {
      VALIDATION_FAILED: "`fields` names the field, such as `tokenPolicy.accessTokenMinutes` above its limit or `ipAllowlist` empty while ipRestricted is on.",
      WOULD_LOCK_OUT: "The allow-list leaves out the caller's address (named in the message); send confirmLockout: true to save it anyway.",
    },
  },

  // ─── Invitations ──────────────────────────────────────────────────────────────────────────
  {
    method: "get",
    path: "/uauth/invitations/{token}",
    tag: "Invitations",
    summary: "What an invitation link is for; never consumes it",
    description:
      "The invited address, the inviter's name (never their e-mail), the workspace (null for a platform administrator's set-password link) and what the link holder does next. Every look-up is counted per client address before the token is checked.",
    access: "public",
    params: linkPath,
    responses: { 200: { description: "The invitation.", body: responses.invitationDetailsSchema } },
    errors: {
      NOT_FOUND: "Unknown link.",
      GONE: "Used, expired, revoked or replaced, or its account can no longer use it: closed, or a set-password link of an account that has a password.",
      TOO_MANY_REQUESTS: LOOKUPS_THROTTLED,
    },
  },
  {
    method: "post",
    path: "/uauth/invitations/{token}/accept",
    tag: "Invitations",
    summary: "Accept an invitation: a new account sets its password; an existing account sends its own token (Authorization) instead and never gets a password from a link",
    description:
      "A new account (no password yet) sends `password`, checked against the password policy (also refusing the workspace's name); it becomes ACTIVE and joins, and signs in next. An address that has an account proves it is that person by sending its own user or workspace token (past MFA) in `Authorization`; the link alone is never enough, and a `password` sent for it is ignored: a link never sets or resets a password. A token of any other account is refused (403), also for a new account's link. The link works once; a failure leaves it open and nothing changed. A workspace that requires MFA then refuses a workspace token until the new member has set it up (403 POLICY_REQUIREMENTS, mfa_enroll).",
    access: "public",
    optionalToken: true,
    params: linkPath,
    body: acceptInvitationSchema,
    responses: { 200: { description: "Joined; sign in next when passwordSet.", body: responses.acceptedInvitationSchema } },
    errors: {
      VALIDATION_FAILED: "A weak or missing password (the reason in fields.password).",
      UNAUTHENTICATED: "The address has an account: sign in as it and accept again with its token.",
      FORBIDDEN: "Signed in as another account than the invited one.",
      NOT_FOUND: "Unknown link.",
      CONFLICT: "Already a member.",
      GONE: "Used, expired, revoked or replaced.",
      TOO_MANY_REQUESTS: LOOKUPS_THROTTLED,
    },
  },

  // ─── Landlord console ─────────────────────────────────────────────────────────────────────
  {
    method: "get",
    path: "/uauth/admin/workspaces",
    tag: "Landlord console",
    summary: "Every workspace, by name",
    access: "landlord",
    query: workspaceSearchQuerySchema,
    responses: { 200: { description: "A page of workspaces.", body: responses.pageOf(responses.adminWorkspaceSchema) } },
  },
  {
    method: "post",
    path: "/uauth/admin/workspaces",
    tag: "Landlord console",
    summary: "Create a workspace and invite its first superuser by e-mail",
    description:
      "One transaction: the workspace with its built-in roles, the superuser's account (INVITED when the address is new; an existing account is not changed and joins when it accepts), the invitation and its e-mail in the outbox. `ipRestricted` needs a non-empty ipAllowlist.",
    access: "landlord",
    body: newWorkspaceWithSuperuserSchema,
    responses: { 201: { description: "Created; the invitation e-mail is queued.", body: responses.createdWorkspaceSchema } },
    errors: { CONFLICT: "The subdomain is taken." },
  },
  {
    method: "get",
    path: "/uauth/admin/workspaces/{id}",
    tag: "Landlord console",
    summary: "One workspace",
    access: "landlord",
    params: adminWorkspacePath,
    responses: { 200: { description: "The workspace.", body: responses.adminWorkspaceSchema } },
    errors: { NOT_FOUND: "No such workspace." },
  },
  {
    method: "patch",
    path: "/uauth/admin/workspaces/{id}",
    tag: "Landlord console",
    summary: "Change a workspace's name, logo, policy or token-lifetime bounds (the subdomain stays)",
    description:
      "`maxAccessTokenMinutes` (at most 10) and `maxSessionHours` (at most SESSION_MAX_LIFETIME_HOURS) bound what the workspace's admins may choose; null is the platform's limit. A lower bound lowers the workspace's current choice with it.",
    access: "landlord",
    params: adminWorkspacePath,
    body: workspacePatchSchema,
    responses: { 200: { description: "The workspace as changed.", body: responses.adminWorkspaceSchema } },
    errors: { NOT_FOUND: "No such workspace." },
  },
  {
    method: "post",
    path: "/uauth/admin/workspaces/{id}/suspension",
    tag: "Landlord console",
    summary: "Suspend a workspace: nobody enters it, and every session inside it ends at once",
    description:
      "Members' workspace and refresh tokens of the workspace fail on their next use; selecting it or refreshing into it answers 403 WORKSPACE_SUSPENDED with the reason, which members also see on their workspace list. Suspending a suspended workspace keeps its suspendedAt and replaces the reason.",
    access: "landlord",
    params: adminWorkspacePath,
    body: workspaceSuspensionSchema,
    responses: { 200: { description: "The workspace, suspended.", body: responses.adminWorkspaceSchema } },
    errors: { NOT_FOUND: "No such workspace." },
  },
  {
    method: "delete",
    path: "/uauth/admin/workspaces/{id}/suspension",
    tag: "Landlord console",
    summary: "Reactivate a suspended workspace (members sign in and enter again)",
    description: "Reactivating a workspace that is not suspended changes nothing.",
    access: "landlord",
    params: adminWorkspacePath,
    responses: { 200: { description: "The workspace, active.", body: responses.adminWorkspaceSchema } },
    errors: { NOT_FOUND: "No such workspace." },
  },
  {
    method: "get",
    path: "/uauth/admin/invitations",
    tag: "Landlord console",
    summary: "Workspace invitations with their status, newest first",
    description: "A link replaced by a resend is not listed: the new invitation stands for it.",
    access: "landlord",
    query: invitationListQuerySchema,
    responses: { 200: { description: "A page of invitations.", body: responses.pageOf(responses.invitationSchema) } },
    errors: { NOT_FOUND: "No workspace has this businessProfileGuid." },
  },
  {
    method: "delete",
    path: "/uauth/admin/invitations/{id}",
    tag: "Landlord console",
    summary: "Revoke an invitation (its link answers 410 from now on)",
    access: "landlord",
    params: invitationPath,
    responses: { 204: { description: "Revoked (also when it already was)." } },
    errors: { NOT_FOUND: "No such invitation.", CONFLICT: "Already accepted, or replaced by a newer one." },
  },
  {
    method: "post",
    path: "/uauth/admin/invitations/{id}/resend",
    tag: "Landlord console",
    summary: "Send an invitation again with a new link; the old link dies at once",
    access: "landlord",
    params: invitationPath,
    responses: { 201: { description: "The new invitation (a new id) with its e-mail queued.", body: responses.invitationSchema } },
    errors: { NOT_FOUND: "No such invitation.", CONFLICT: "Accepted, revoked or already replaced." },
  },
  {
    method: "get",
    path: "/uauth/admin/users",
    tag: "Landlord console",
    summary: "Users whose e-mail contains q, by e-mail, with memberships, MFA state (off, pending, on) and last sign-in",
    description: "Never a hash, secret or token.",
    access: "landlord",
    query: userSearchQuerySchema,
    responses: { 200: { description: "A page of users.", body: responses.pageOf(responses.adminUserSchema) } },
  },
  {
    method: "patch",
    path: "/uauth/admin/users/{id}",
    tag: "Landlord console",
    summary: "Disable a user (every session and refresh token ends at once, sign-in refused) or enable them again",
    description: "Enabling restores ACTIVE for an account with a password and INVITED for one that never set it (its invitation link works again).",
    access: "landlord",
    params: userPath,
    body: userPatchSchema,
    responses: { 200: { description: "The user as changed.", body: responses.adminUserSchema } },
    errors: { NOT_FOUND: "No such user.", CONFLICT: "Your own account." },
  },
  {
    method: "delete",
    path: "/uauth/admin/users/{id}/sessions",
    tag: "Landlord console",
    summary: "End every session of a user at once (their access and refresh tokens fail on the next request)",
    access: "landlord",
    params: userPath,
    responses: { 200: { description: "How many sessions were ended.", body: responses.sessionsEndedSchema } },
    errors: { NOT_FOUND: "No such user." },
  },
  {
    method: "delete",
    path: "/uauth/admin/users/{id}/mfa",
    tag: "Landlord console",
    summary: "Reset a user's two-step verification: factor and recovery codes removed, every session ended, the user told by e-mail",
    description: "The acting session must have passed MFA in the last 10 minutes.",
    access: "landlord",
    params: userPath,
    responses: { 204: { description: "Reset." } },
    errors: {
      NOT_FOUND: "No such user.",
      CONFLICT: "The user has no two-step verification.",
      MFA_REQUIRED: "The acting session passed MFA more than 10 minutes ago: verify again.",
      FORBIDDEN: "A landlord admin's factor, your own included, is not reset here.",
    },
  },
  {
    method: "get",
    path: "/uauth/admin/audit",
    tag: "Landlord console",
    summary: "Audit events, newest first, filtered; as CSV with format=csv or Accept: text/csv",
    description:
      "`actor` is a user id or an e-mail address; `from` is inclusive, `to` exclusive. CSV cells starting with = + - @ are prefixed with ' so a spreadsheet does not run them; an export holds at most 10,000 rows from offset (X-Total-Count says how many match).",
    access: "landlord",
    query: auditQuerySchema,
    responses: { 200: { description: "A page of events, or the CSV export.", body: responses.pageOf(responses.auditEventSchema), alternatives: { "text/csv": z.string() } } },
  },
  {
    method: "get",
    path: "/uauth/admin/audit/verify",
    tag: "Landlord console",
    summary: "Verify the audit log's hash chains and report the first broken link of each",
    description:
      "Each workspace has its chain (`w:<id>`), events outside any workspace are on `platform`. A chain whose oldest events the retention purge removed is checked from its oldest remaining event, whose prevHash is accepted as the anchor. Keep the head hashes: someone with write access to the database could recompute a whole chain.",
    access: "landlord",
    query: auditVerifyQuerySchema,
    responses: { 200: { description: "The report, chain by chain.", body: responses.auditVerificationSchema } },
    errors: { NOT_FOUND: "No workspace has this guid." },
  },

  // ─── Service ──────────────────────────────────────────────────────────────────────────────
  {
    method: "get",
    path: "/uauth/openapi.json",
    tag: "Service",
    summary: "This document (OpenAPI 3.1); read it as a page at /docs/api",
    access: "public",
    responses: { 200: { description: "OpenAPI 3.1.", body: responses.openApiDocumentSchema } },
  },
  {
    method: "get",
    path: "/api/health",
    tag: "Service",
    summary: "Liveness and database reachability (load balancers, `npm start`)",
    access: "plain",
    responses: { 200: { description: "Serving, database reachable.", body: responses.healthSchema }, 503: { description: "Serving, database unreachable.", body: responses.healthSchema } },
  },
  {
    method: "get",
    path: "/api/health/live",
    tag: "Service",
    summary: "Liveness only: the process answers (no database); a liveness probe",
    access: "plain",
    responses: { 200: { description: "Serving.", body: responses.liveSchema } },
  },
  {
    method: "get",
    path: "/.well-known/jwks.json",
    tag: "Service",
    summary: "Public keys verifying every token Gatehouse signs",
    description: "Cacheable for 5 minutes; verifiers refetch on an unknown `kid`.",
    access: "public",
    responses: { 200: { description: "A JSON Web Key Set.", body: responses.jwksSchema } },
  },
];
