// Response bodies of the REST API as zod schemas: the OpenAPI document (lib/api/openapi.ts) is
// generated from them, and the integration tests check every response they receive against that
// document (lib/testing/openapi-conformance.ts), so a field a handler adds, drops or renames
// fails a test until it is described here. `.meta({ id })` makes a schema a named component.
// Edge-safe: zod and the catalogues only (the operation registry is read by middleware).
import { z } from "zod";
import { INVITATION_STATUSES } from "@/lib/admin/schemas";
import { ALL_AUTHORITIES, type Authority } from "@/lib/auth/authorities";
import { ERRORS, type ErrorCode } from "@/lib/errors";

/** An instant as the API writes it (`Date.prototype.toISOString`, or whole seconds where the seed shows them). */
const instant = z.iso.datetime();
const nullableInstant = instant.nullable();

export const authoritySchema = z.enum(ALL_AUTHORITIES as [Authority, ...Authority[]]).meta({ id: "Authority", description: "A permission of the fixed catalogue (lib/auth/authorities.ts)." });
const authorities = z.array(authoritySchema);

// ─── The seed's sign-in shapes (shared/seeds/002, field for field) ───────────────────────────

export const consumerSchema = z
  .object({
    type: z.literal("USER"),
    businessProfileId: z.int().nullable().meta({ description: "The selected workspace's id; null before one is selected." }),
    name: z.string().meta({ description: "The user's e-mail address." }),
    id: z.int(),
    authorities,
    roles: z.string().meta({ description: 'The role\'s id as a string; "-2" before a workspace is selected.' }),
  })
  .meta({ id: "Consumer" });

const mfaMethods = z.array(z.literal("TOTP_AUTHENTICATOR")).meta({ description: "Non-empty: verify MFA next." });

export const loginResponseSchema = z
  .object({
    token: z.string().meta({ description: "A user token (stage mfa while MFA is pending: usable only for MFA verification and logout)." }),
    refreshToken: z.string().optional().meta({ description: "Present once the session is past MFA: the session's refresh token, issued only at sign-in." }),
    consumer: consumerSchema,
    mfaMethods,
  })
  .meta({
    id: "LoginResponse",
    example: { token: "eyJhbGciOiJFUzI1NiIsImtpZCI6Ii4uLiJ9.…", consumer: { type: "USER", businessProfileId: null, name: "someone@example.com", id: 36, authorities: [], roles: "-2" }, mfaMethods: ["TOTP_AUTHENTICATOR"] },
  });

export const workspaceTokenResponseSchema = z
  .object({ token: z.string().meta({ description: "A workspace token." }), consumer: consumerSchema })
  .meta({ id: "WorkspaceTokenResponse", description: "No refresh token: the one issued at sign-in keeps working and refreshes into workspace tokens after the selection." });

export const tokenPairSchema = z
  .object({
    token: z.string(),
    refreshToken: z.string().meta({ description: "The next refresh token; the one sent is spent." }),
    expiresAt: instant.meta({ description: "When `token` expires." }),
    stage: z.enum(["user", "workspace"]).meta({ description: "workspace: the session's workspace token; user: a session without a workspace." }),
  })
  .meta({ id: "TokenPair" });

export const businessProfileSchema = z
  .object({
    id: z.int(),
    name: z.string(),
    logo: z.url().nullable().meta({ description: "An absolute URL, or null." }),
    businessProfileGuid: z.uuid(),
    created: instant,
    subdomain: z.string(),
    ipRestricted: z.boolean(),
    mfaRequired: z.boolean(),
  })
  .meta({
    id: "BusinessProfile",
    example: { id: 12, name: "Acme", logo: null, businessProfileGuid: "6f1d2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b", created: "2020-07-21T12:41:59Z", subdomain: "acme", ipRestricted: false, mfaRequired: true },
  });

/** A role as the token's holder sees it: its id as a string, as `consumer.roles` writes it. */
const ownRoleSchema = z.object({ id: z.string(), key: z.string(), name: z.string() });

export const currentBusinessProfileSchema = businessProfileSchema
  .extend({ role: ownRoleSchema, authorities: authorities.meta({ description: "The role's authorities as they are now." }) })
  .meta({ id: "CurrentBusinessProfile" });

/** What an API key is, where a response names one (never its secret). */
export const apiKeyRefSchema = z
  .object({ id: z.int(), name: z.string(), prefix: z.string().meta({ description: "gh_live_ and the key's first 8 characters." }) })
  .meta({ id: "ApiKeyRef" });

export const meSchema = z
  .object({
    consumer: consumerSchema,
    stage: z.enum(["mfa", "user", "workspace"]),
    session: z.object({ id: z.string().meta({ description: "The token's `sid`." }), mfaPassed: z.boolean() }).optional().meta({ description: "A person's session; absent for an API key." }),
    apiKey: apiKeyRefSchema.optional().meta({ description: "With an API key (or a token exchanged for one): the key, acting for its creator (`user`)." }),
    user: z.object({ id: z.int(), email: z.string(), name: z.string().nullable(), mfaEnabled: z.boolean().optional().meta({ description: "Absent for an API key." }) }),
    businessProfile: businessProfileSchema.optional().meta({ description: "With a workspace token or an API key." }),
    role: ownRoleSchema.optional().meta({ description: "With a workspace token or an API key (the key's creator's role, which clips it)." }),
    authorities: authorities.optional().meta({ description: "With a workspace token: the role's authorities as they are now; with a key, its own clipped to its creator's role." }),
  })
  .meta({ id: "Me" });

// ─── API keys ───────────────────────────────────────────────────────────────────────────────

export const apiKeySchema = z
  .object({
    id: z.int(),
    name: z.string(),
    prefix: z.string().meta({ description: "gh_live_ and the key's first 8 characters." }),
    lastFour: z.string(),
    authorities: authorities.meta({ description: "As granted; each request clips them to what the creator's role holds then." }),
    createdBy: z.object({ id: z.int(), email: z.string() }).nullable(),
    createdAt: instant,
    expiresAt: nullableInstant,
    lastUsedAt: nullableInstant.meta({ description: "Flushed from memory at most once a minute." }),
    lastUsedIp: z.string().nullable(),
    revokedAt: nullableInstant,
    rotatedAt: nullableInstant,
    overlapEndsAt: nullableInstant.meta({ description: "After a rotation, when this key stops working." }),
    status: z.enum(["active", "rotating", "expired", "revoked", "rotated"]),
    requestsPerDay: z.array(z.object({ day: z.iso.date(), requests: z.int() })).meta({ description: "The last 30 UTC days, oldest first." }),
    unused90Days: z.boolean().meta({ description: "A live key not used for 90 days." }),
  })
  .meta({ id: "ApiKey" });

export const apiKeyListSchema = z.object({ items: z.array(apiKeySchema) });

export const newApiKeySchema = apiKeySchema
  .extend({ key: z.string().meta({ description: "The secret, shown this once: gh_live_ + 43 base62 characters + a 6-character checksum." }) })
  .meta({ id: "NewApiKey" });

export const apiKeyTokenSchema = z
  .object({ token: z.string().meta({ description: "A workspace access token carrying `apiKeyId`." }), expiresAt: instant, apiKey: apiKeyRefSchema, consumer: consumerSchema })
  .meta({ id: "ApiKeyToken" });

export const resetRequestedSchema = z.object({ message: z.string().meta({ description: "The same text whatever the address." }) });

// ─── Sessions ───────────────────────────────────────────────────────────────────────────────

export const userSessionSchema = z
  .object({
    id: z.string().meta({ description: "The session's id (its tokens' sid)." }),
    current: z.boolean().meta({ description: "The session behind the calling token." }),
    device: z.string().meta({ description: 'Browser and system read from the user agent, e.g. "Chrome 131 on macOS"; "Unknown device" without one.' }),
    ipAddress: z.string().nullable().meta({ description: "The address it signed in from." }),
    createdAt: instant,
    lastSeenAt: instant.meta({ description: "Last request with an access token, to the minute." }),
    workspace: z.object({ name: z.string(), subdomain: z.string() }).nullable().meta({ description: "The workspace selected last." }),
  })
  .meta({ id: "UserSession" });

export const userSessionListSchema = z.object({ sessions: z.array(userSessionSchema) });

export const workspaceSessionSchema = z
  .object({
    id: z.string().meta({ description: "The session's id (its tokens' sid): the {id} of DELETE /uauth/workspace/sessions/{id}." }),
    member: z.object({ id: z.int(), email: z.string(), name: z.string().nullable() }),
    device: z.string().meta({ description: 'Browser and system read from the user agent; "Unknown device" without one.' }),
    ipAddress: z.string().nullable().meta({ description: "The address it signed in from." }),
    createdAt: instant,
    lastSeenAt: instant.meta({ description: "Last request with an access token, to the minute." }),
    own: z.boolean().meta({ description: "A session of the caller." }),
    endable: z.boolean().meta({ description: "False when the member's role holds an authority the caller does not (ending it is 403)." }),
  })
  .meta({ id: "WorkspaceSession" });

export const workspaceSessionListSchema = z.object({ sessions: z.array(workspaceSessionSchema) });

export const sessionsEndedSchema = z.object({ sessionsEnded: z.int().meta({ description: "How many sessions were ended." }) });

// ─── Workspaces: settings, members, roles ───────────────────────────────────────────────────

const cidrList = z.array(z.string()).meta({ description: "IP ranges (CIDR) members may enter from when ipRestricted is on." });
const lifetimes = (description: string) => z.object({ accessTokenMinutes: z.int(), sessionHours: z.int() }).meta({ description });

export const adminWorkspaceSchema = businessProfileSchema
  .extend({
    ipAllowlist: cidrList,
    suspendedAt: nullableInstant.meta({ description: "Since when the workspace is suspended; null when it is not." }),
    suspendedReason: z.string().nullable().meta({ description: "Why, as members are shown it; null when not suspended." }),
    accessTokenMinutes: z.int().nullable().meta({ description: "The workspace's own access-token lifetime; null: the platform's (10 minutes)." }),
    sessionHours: z.int().nullable().meta({ description: "The workspace's own session lifetime; null: the platform's (SESSION_MAX_LIFETIME_HOURS)." }),
    maxAccessTokenMinutes: z.int().nullable().meta({ description: "The landlord's bound for accessTokenMinutes; null: the platform's limit." }),
    maxSessionHours: z.int().nullable().meta({ description: "The landlord's bound for sessionHours; null: the platform's limit." }),
  })
  .meta({ id: "AdminWorkspace", description: "A workspace in the landlord console." });

export const workspaceSettingsViewSchema = businessProfileSchema
  .extend({
    ipAllowlist: cidrList,
    tokenPolicy: z.object({ accessTokenMinutes: z.int().nullable(), sessionHours: z.int().nullable() }).meta({ description: "The workspace's own choice; null: the platform's default." }),
    tokenLimits: lifetimes("The most it may choose now: the landlord's bound, within the platform's maximum (10-minute tokens, SESSION_MAX_LIFETIME_HOURS)."),
    tokenLifetimes: lifetimes("What the next workspace token and session get: the smallest of the policy, the bound and the platform's maximum."),
  })
  .meta({ id: "WorkspaceSettings" });

const roleRefSchema = z.object({ id: z.int(), key: z.string(), name: z.string() });

export const memberSchema = z.object({ userId: z.int(), email: z.string(), name: z.string().nullable(), role: roleRefSchema, joinedAt: instant }).meta({ id: "Member" });

export const invitationStatusSchema = z.enum(INVITATION_STATUSES).meta({ id: "InvitationStatus", description: "queued / sent / delivery_failed follow the invitation's e-mail in the outbox while it is open." });

/** An invitation as it is answered when made: its e-mail is queued in the same transaction. */
export const newInvitationSchema = z.object({ id: z.int(), email: z.string(), status: invitationStatusSchema, expiresAt: instant }).meta({ id: "NewInvitation" });

export const memberListSchema = z.object({
  members: z.array(memberSchema),
  invitations: z.array(newInvitationSchema.extend({ role: roleRefSchema.nullable() })).meta({ description: "Pending invitations." }),
});

export const roleSchema = z
  .object({ id: z.int(), key: z.string(), name: z.string(), authorities, builtIn: z.boolean().meta({ description: "Built-in roles (superuser) cannot be changed or deleted." }) })
  .meta({ id: "Role" });

export const roleListSchema = z.object({ items: z.array(roleSchema) });

// ─── Invitations ────────────────────────────────────────────────────────────────────────────

export const invitationSchema = z
  .object({
    id: z.int(),
    email: z.string(),
    status: invitationStatusSchema,
    expiresAt: instant,
    createdAt: instant,
    acceptedAt: nullableInstant,
    revokedAt: nullableInstant,
    businessProfileGuid: z.uuid().nullable(),
    workspaceName: z.string().nullable(),
    role: z.object({ id: z.string(), key: z.string(), name: z.string() }).nullable(),
    deliveryError: z.string().nullable().meta({ description: "The e-mail's last delivery error while it is retried or after it failed." }),
  })
  .meta({ id: "Invitation" });

export const invitationDetailsSchema = z.object({
  email: z.string(),
  expiresAt: instant,
  inviter: z.string().meta({ description: "The inviter's name, never their e-mail address." }),
  workspace: z
    .object({ businessProfileGuid: z.uuid(), name: z.string(), subdomain: z.string(), logo: z.string().nullable(), mfaRequired: z.boolean() })
    .nullable()
    .meta({ description: "Null for a platform administrator's set-password link." }),
  next: z.enum(["set_password", "sign_in"]).meta({ description: "set_password for a new account; sign_in when the address has an account (sign in as it, then accept with its token)." }),
});

export const acceptedInvitationSchema = z.object({
  email: z.string(),
  workspace: z.object({ businessProfileGuid: z.uuid(), name: z.string(), subdomain: z.string() }),
  passwordSet: z.boolean().meta({ description: "True when this acceptance set a new account's password: sign in with it next." }),
});

// ─── The landlord console ───────────────────────────────────────────────────────────────────

export const adminUserSchema = z
  .object({
    id: z.int(),
    email: z.string(),
    name: z.string().nullable(),
    status: z.enum(["INVITED", "ACTIVE", "DISABLED"]),
    isLandlordAdmin: z.boolean(),
    mfa: z.enum(["off", "pending", "on"]),
    lastSignInAt: nullableInstant,
    memberships: z.array(z.object({ businessProfileGuid: z.uuid(), workspaceName: z.string(), role: z.object({ key: z.string(), name: z.string() }) })),
  })
  .meta({ id: "AdminUser", description: "Never a hash, secret or token." });

export const auditEventSchema = z
  .object({
    id: z.int(),
    createdAt: instant,
    action: z.string().meta({ description: "Such as auth.login.failed (lib/audit.ts)." }),
    businessProfileGuid: z.uuid().nullable(),
    actorUserId: z.int().nullable(),
    actorEmail: z.string().nullable(),
    actorApiKeyId: z.int().nullable(),
    targetType: z.string().nullable(),
    targetId: z.string().nullable(),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    metadata: z.unknown().meta({ description: "What the event records beyond its columns (JSON)." }),
  })
  .meta({ id: "AuditEvent" });

export const auditChainReportSchema = z
  .object({
    chain: z.string().meta({ description: "`platform` or `w:<workspace id>`." }),
    workspaceId: z.int().nullable(),
    ok: z.boolean(),
    events: z.int().meta({ description: "Events checked." }),
    firstSeq: z.int().nullable().meta({ description: "Where the check began: 1, or the oldest event the purge left." }),
    anchor: z.string().nullable().meta({ description: "The prevHash of that event (64 zeros at seq 1)." }),
    head: z.object({ seq: z.int(), hash: z.string() }).nullable(),
    broken: z
      .object({
        seq: z.int().nullable(),
        id: z.int().nullable().meta({ description: "The event's id; null when it is missing." }),
        reason: z.enum(["hash mismatch", "prevHash mismatch", "missing seq", "head mismatch", "unchained event"]),
      })
      .nullable()
      .meta({ description: "The first link that does not hold." }),
  })
  .meta({ id: "AuditChainReport" });

export const auditVerificationSchema = z.object({ ok: z.boolean().meta({ description: "Every chain intact." }), checkedAt: instant, chains: z.array(auditChainReportSchema) });

export const createdWorkspaceSchema = z.object({ workspace: adminWorkspaceSchema, invitation: newInvitationSchema });

/** A page of a list endpoint: `items`, how many match in all, and the page asked for. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), total: z.int(), limit: z.int(), offset: z.int() });
}

// ─── The service's own endpoints ────────────────────────────────────────────────────────────

export const healthSchema = z.object({ status: z.enum(["ok", "degraded"]), database: z.enum(["ok", "unreachable"]) });

export const liveSchema = z.object({ status: z.literal("ok") });

export const jwksSchema = z
  .object({ keys: z.array(z.object({ kty: z.literal("EC"), crv: z.literal("P-256"), x: z.string(), y: z.string(), kid: z.string(), alg: z.literal("ES256"), use: z.literal("sig") })) })
  .meta({ description: "A JSON Web Key Set (RFC 7517): public keys only." });

export const openApiDocumentSchema = z.looseObject({ openapi: z.literal("3.1.0"), info: z.object({ title: z.string(), version: z.string() }).loose(), paths: z.record(z.string(), z.unknown()) });

// ─── Errors ─────────────────────────────────────────────────────────────────────────────────

const policyRequirementSchema = z
  .discriminatedUnion("type", [
    z.object({ type: z.literal("mfa_enroll") }),
    z.object({ type: z.literal("mfa"), methods: z.array(z.literal("TOTP_AUTHENTICATOR")) }),
    z.object({ type: z.literal("ip"), reason: z.literal("not_in_allowlist") }),
  ])
  .meta({ description: "POLICY_REQUIREMENTS: what the workspace's policy still needs." });

/**
 * The error envelope `{"error": {"code", "message", …}}` (lib/errors.ts `errorBody`). Each error
 * response of the document narrows `code` to the codes that operation answers with that status.
 */
export const errorEnvelopeSchema = z
  .object({
    error: z.object({
      code: z.enum(Object.keys(ERRORS) as [ErrorCode, ...ErrorCode[]]),
      message: z.string().meta({ description: "For people; never reveals whether an e-mail address has an account." }),
      fields: z.record(z.string(), z.string()).optional().meta({ description: "VALIDATION_FAILED: field → its first problem." }),
      requirements: z.array(policyRequirementSchema).optional(),
      retryAfter: z.int().optional().meta({ description: "Seconds until a retry can succeed (also the Retry-After header)." }),
    }),
  })
  .meta({ id: "Error", unusedIO: "output" });
