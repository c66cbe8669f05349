// The OpenAPI 3.1 description of Gatehouse's REST API, served at /uauth/openapi.json.
// lib/api/openapi.test.ts checks that every route handler under app/uauth is described here.
import { ALL_AUTHORITIES } from "@/lib/auth/authorities";
import { ERRORS } from "@/lib/errors";

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: object, description: string) => ({ description, content: { "application/json": { schema } } });
const error = (description: string) => json(ref("Error"), description);
const bearer = [{ bearer: [] }];
const guid = { name: "guid", in: "path", required: true, schema: { type: "string", format: "uuid" }, description: "The workspace's businessProfileGuid." };

const workspaceId = { name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" }, description: "The workspace's businessProfileGuid." };
const invitationIdParam = { name: "id", in: "path", required: true, schema: { type: "integer", minimum: 1 }, description: "The invitation's id." };
const userIdParam = { name: "id", in: "path", required: true, schema: { type: "integer", minimum: 1 }, description: "The user's id." };
const sessionIdParam = { name: "id", in: "path", required: true, schema: { type: "string" }, description: "The session's id (the `id` in GET /uauth/sessions, the token's `sid`)." };
const linkToken = { name: "token", in: "path", required: true, schema: { type: "string" }, description: "The one-time token of the invitation link." };
const paging = [
  { name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: 100, default: 50 } },
  { name: "offset", in: "query", schema: { type: "integer", minimum: 0, default: 0 } },
];
const memberIdParam = { name: "userId", in: "path", required: true, schema: { type: "integer", minimum: 1 }, description: "The member's user id." };
const roleIdParam = { name: "id", in: "path", required: true, schema: { type: "integer", minimum: 1 }, description: "The role's id." };
const workspaceAdmin = (authorities: string) =>
  `A workspace token whose role holds ${authorities} (403 otherwise). Ids of another workspace are 404. Nobody grants, or acts on a member or role holding, an authority they do not hold (403).`;
const roleRef = { type: "object", required: ["id", "key", "name"], properties: { id: { type: "integer" }, key: { type: "string" }, name: { type: "string" } } };
const landlordOnly = "Landlord admins who passed MFA in this session (403 LANDLORD_ONLY for anyone else, MFA_REQUIRED without MFA this session).";
const cidrList = { type: "array", items: { type: "string" }, maxItems: 100, description: "IP ranges (CIDR) members may enter from when ipRestricted is on." };
const lifetime = (unit: string) => ({ type: ["integer", "null"], minimum: 1, description: `In ${unit}.` });
const tokenLifetimes = { type: "object", properties: { accessTokenMinutes: lifetime("minutes"), sessionHours: lifetime("hours") } };
/** PATCH /uauth/workspace/settings: any of these; what is left out stays as it is. */
const workspaceSettingsPatch = {
  type: "object",
  additionalProperties: false,
  minProperties: 1,
  properties: {
    name: { type: "string", maxLength: 100 },
    logo: { type: ["string", "null"], description: "An https:// URL or a /path on Gatehouse." },
    mfaRequired: { type: "boolean" },
    ipRestricted: { type: "boolean", description: "Needs a non-empty allow-list." },
    ipAllowlist: { ...cidrList, description: "Replaces the allow-list." },
    tokenPolicy: {
      type: "object",
      additionalProperties: false,
      properties: { accessTokenMinutes: lifetime("minutes, at most tokenLimits.accessTokenMinutes; null: the platform's default"), sessionHours: lifetime("hours, at most tokenLimits.sessionHours; null: the platform's default") },
    },
    confirmLockout: { type: "boolean", description: "Save an IP restriction that leaves out the caller's own address (or when it is unknown) anyway: the caller is refused from the next request." },
  },
};

const standardErrors = {
  "400": error("Invalid input (VALIDATION_FAILED, MALFORMED_JSON, CREDENTIALS_IN_QUERY) or a malformed request such as two Authorization headers (BAD_REQUEST)."),
  "401": error("Missing, malformed, expired or revoked credentials. Carries WWW-Authenticate: Bearer."),
  "403": error("Valid credentials without the permission or the right stage."),
  "413": error("Body larger than 16 KB."),
  "429": error("Too many failures; see Retry-After."),
};

export function openApiDocument(serverUrl: string) {
  return {
    openapi: "3.1.0",
    info: {
      title: "Gatehouse API",
      version: "1.0.0",
      description:
        "Sign in (password, then TOTP when enabled), list and select a workspace, and use the workspace token as `Authorization: Bearer <token>`. Tokens are ES256 JWTs verifiable with /.well-known/jwks.json. Credentials in the URL query are refused.",
    },
    servers: [{ url: serverUrl }],
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" } },
      schemas: {
        Authority: { type: "string", enum: ALL_AUTHORITIES },
        Consumer: {
          type: "object",
          required: ["type", "businessProfileId", "name", "id", "authorities", "roles"],
          properties: {
            type: { const: "USER" },
            businessProfileId: { type: ["integer", "null"], description: "The selected workspace's id; null before one is selected." },
            name: { type: "string", description: "The user's e-mail address." },
            id: { type: "integer" },
            authorities: { type: "array", items: ref("Authority") },
            roles: { type: "string", description: "The role's id as a string; \"-2\" before a workspace is selected." },
          },
        },
        LoginResponse: {
          type: "object",
          required: ["token", "consumer", "mfaMethods"],
          properties: {
            token: { type: "string", description: "A user token (stage mfa while MFA is pending: usable only for MFA verification and logout)." },
            refreshToken: { type: "string", description: "Present once the session is past MFA: the session's refresh token, issued only at sign-in." },
            consumer: ref("Consumer"),
            mfaMethods: { type: "array", items: { const: "TOTP_AUTHENTICATOR" }, description: "Non-empty: verify MFA next." },
          },
        },
        WorkspaceTokenResponse: {
          type: "object",
          required: ["token", "consumer"],
          description: "No refresh token: the one issued at sign-in keeps working and refreshes into workspace tokens after the selection.",
          properties: { token: { type: "string" }, consumer: ref("Consumer") },
        },
        TokenPair: {
          type: "object",
          required: ["token", "refreshToken", "expiresAt", "stage"],
          properties: {
            token: { type: "string" },
            refreshToken: { type: "string" },
            expiresAt: { type: "string", format: "date-time" },
            stage: { enum: ["user", "workspace"], description: "workspace: the session's workspace token; user: a session without a workspace." },
          },
        },
        BusinessProfile: {
          type: "object",
          required: ["id", "name", "logo", "businessProfileGuid", "created", "subdomain", "ipRestricted", "mfaRequired"],
          properties: {
            id: { type: "integer" },
            name: { type: "string" },
            logo: { type: ["string", "null"], format: "uri" },
            businessProfileGuid: { type: "string", format: "uuid" },
            created: { type: "string", format: "date-time" },
            subdomain: { type: "string" },
            ipRestricted: { type: "boolean" },
            mfaRequired: { type: "boolean" },
          },
        },
        AdminWorkspace: {
          allOf: [
            ref("BusinessProfile"),
            {
              type: "object",
              required: ["ipAllowlist", "suspendedAt", "suspendedReason", "accessTokenMinutes", "sessionHours", "maxAccessTokenMinutes", "maxSessionHours"],
              properties: {
                ipAllowlist: cidrList,
                suspendedAt: { type: ["string", "null"], format: "date-time", description: "Since when the workspace is suspended; null when it is not." },
                suspendedReason: { type: ["string", "null"], description: "Why, as members are shown it; null when not suspended." },
                accessTokenMinutes: { type: ["integer", "null"], description: "The workspace's own access-token lifetime; null: the platform's (10 minutes)." },
                sessionHours: { type: ["integer", "null"], description: "The workspace's own session lifetime; null: the platform's (SESSION_MAX_LIFETIME_HOURS)." },
                maxAccessTokenMinutes: { type: ["integer", "null"], description: "The landlord's bound for accessTokenMinutes; null: the platform's limit." },
                maxSessionHours: { type: ["integer", "null"], description: "The landlord's bound for sessionHours; null: the platform's limit." },
              },
            },
          ],
        },
        AdminUser: {
          type: "object",
          required: ["id", "email", "name", "status", "isLandlordAdmin", "mfa", "lastSignInAt", "memberships"],
          properties: {
            id: { type: "integer" },
            email: { type: "string" },
            name: { type: ["string", "null"] },
            status: { enum: ["INVITED", "ACTIVE", "DISABLED"] },
            isLandlordAdmin: { type: "boolean" },
            mfa: { enum: ["off", "pending", "on"] },
            lastSignInAt: { type: ["string", "null"], format: "date-time" },
            memberships: { type: "array", items: { type: "object", properties: { businessProfileGuid: { type: "string" }, workspaceName: { type: "string" }, role: { type: "object", properties: { key: { type: "string" }, name: { type: "string" } } } } } },
          },
        },
        WorkspaceSettings: {
          allOf: [
            ref("AdminWorkspace"),
            {
              type: "object",
              required: ["tokenPolicy", "tokenLimits", "tokenLifetimes"],
              properties: {
                tokenPolicy: { ...tokenLifetimes, description: "The workspace's own choice; null: the platform's default." },
                tokenLimits: { ...tokenLifetimes, description: "The most it may choose now: the landlord's bound, within the platform's maximum (10-minute tokens, SESSION_MAX_LIFETIME_HOURS)." },
                tokenLifetimes: { ...tokenLifetimes, description: "What the next workspace token and session get: the smallest of the policy, the bound and the platform's maximum." },
              },
            },
          ],
        },
        InvitationStatus: { enum: ["queued", "sent", "delivery_failed", "accepted", "expired", "revoked"], description: "queued / sent / delivery_failed follow the invitation's e-mail in the outbox while it is open." },
        UserSession: {
          type: "object",
          required: ["id", "current", "device", "ipAddress", "createdAt", "lastSeenAt", "workspace"],
          properties: {
            id: { type: "string", description: "The session's id (its tokens' sid)." },
            current: { type: "boolean", description: "The session behind the calling token." },
            device: { type: "string", description: "Browser and system read from the user agent, e.g. \"Chrome 131 on macOS\"; \"Unknown device\" without one." },
            ipAddress: { type: ["string", "null"], description: "The address it signed in from." },
            createdAt: { type: "string", format: "date-time" },
            lastSeenAt: { type: "string", format: "date-time", description: "Last request with an access token, to the minute." },
            workspace: { oneOf: [{ type: "object", required: ["name", "subdomain"], properties: { name: { type: "string" }, subdomain: { type: "string" } } }, { type: "null" }], description: "The workspace selected last." },
          },
        },
        Member: {
          type: "object",
          required: ["userId", "email", "name", "role", "joinedAt"],
          properties: { userId: { type: "integer" }, email: { type: "string" }, name: { type: ["string", "null"] }, role: roleRef, joinedAt: { type: "string", format: "date-time" } },
        },
        Role: {
          type: "object",
          required: ["id", "key", "name", "authorities", "builtIn"],
          properties: { id: { type: "integer" }, key: { type: "string" }, name: { type: "string" }, authorities: { type: "array", items: ref("Authority") }, builtIn: { type: "boolean", description: "Built-in roles (superuser) cannot be changed or deleted." } },
        },
        Invitation: {
          type: "object",
          required: ["id", "email", "status", "expiresAt", "createdAt", "acceptedAt", "revokedAt", "businessProfileGuid", "workspaceName", "role", "deliveryError"],
          properties: {
            id: { type: "integer" },
            email: { type: "string", format: "email" },
            status: ref("InvitationStatus"),
            expiresAt: { type: "string", format: "date-time" },
            createdAt: { type: "string", format: "date-time" },
            acceptedAt: { type: ["string", "null"], format: "date-time" },
            revokedAt: { type: ["string", "null"], format: "date-time" },
            businessProfileGuid: { type: ["string", "null"], format: "uuid" },
            workspaceName: { type: ["string", "null"] },
            role: { type: ["object", "null"], properties: { id: { type: "string" }, key: { type: "string" }, name: { type: "string" } } },
            deliveryError: { type: ["string", "null"], description: "The e-mail's last delivery error while it is retried or after it failed." },
          },
        },
        Error: {
          type: "object",
          required: ["error"],
          properties: {
            error: {
              type: "object",
              required: ["code", "message"],
              properties: {
                code: { type: "string", enum: Object.keys(ERRORS) },
                message: { type: "string" },
                fields: { type: "object", additionalProperties: { type: "string" }, description: "VALIDATION_FAILED: field → message." },
                retryAfter: { type: "integer" },
                requirements: {
                  type: "array",
                  description: "POLICY_REQUIREMENTS: what the workspace's policy still needs.",
                  items: {
                    oneOf: [
                      { type: "object", properties: { type: { const: "mfa_enroll" } } },
                      { type: "object", properties: { type: { const: "mfa" }, methods: { type: "array", items: { const: "TOTP_AUTHENTICATOR" } } } },
                      { type: "object", properties: { type: { const: "ip" }, reason: { const: "not_in_allowlist" } } },
                    ],
                  },
                },
              },
            },
          },
        },
      },
    },
    paths: {
      "/uauth/auth/login/user": {
        post: {
          summary: "Sign in with e-mail and password",
          requestBody: {
            required: true,
            content: {
              "application/json": {
                schema: { type: "object", required: ["username", "password"], properties: { username: { type: "string", format: "email" }, password: { type: "string", maxLength: 1024 } } },
              },
            },
          },
          responses: { "200": json(ref("LoginResponse"), "Signed in (check mfaMethods)."), ...standardErrors },
        },
      },
      "/uauth/auth/login/user/mfa/verification": {
        post: {
          summary: "Confirm multi-factor authentication",
          security: bearer,
          parameters: [{ name: "mfaType", in: "query", schema: { enum: ["TOTP_AUTHENTICATOR", "RECOVERY_CODE"], default: "TOTP_AUTHENTICATOR" } }],
          requestBody: { required: true, content: { "application/json": { schema: { type: "object", required: ["verificationCode"], properties: { verificationCode: { type: "string" } } } } } },
          responses: { "200": json(ref("LoginResponse"), "MFA passed: a user token."), ...standardErrors },
        },
      },
      "/uauth/business-profile/": {
        get: {
          summary: "The workspaces the caller belongs to",
          security: bearer,
          responses: { "200": json({ type: "array", items: ref("BusinessProfile") }, "Workspaces."), ...standardErrors },
        },
      },
      "/uauth/business-profile/{guid}": {
        get: {
          summary: "The current workspace (workspace token of that workspace)",
          security: bearer,
          parameters: [guid],
          responses: { "200": json(ref("BusinessProfile"), "The workspace, with your role and authorities."), ...standardErrors },
        },
      },
      "/uauth/auth/login/user/profile/{guid}": {
        post: {
          summary: "Select or switch workspace",
          security: bearer,
          parameters: [guid],
          responses: {
            "200": json(ref("WorkspaceTokenResponse"), "A workspace token."),
            ...standardErrors,
            "403": error("Not a member (NOT_A_MEMBER), the workspace's policy not met (POLICY_REQUIREMENTS), or the workspace suspended by the platform operator (WORKSPACE_SUSPENDED, the reason in the message)."),
          },
        },
      },
      "/uauth/auth/refresh": {
        post: {
          summary: "Exchange a refresh token for a new pair (each refresh token works once)",
          requestBody: { required: true, content: { "application/json": { schema: { type: "object", required: ["refreshToken"], properties: { refreshToken: { type: "string" } } } } } },
          responses: {
            "200": json(ref("TokenPair"), "A new pair."),
            ...standardErrors,
            "403": error("The session's workspace now refuses it (NOT_A_MEMBER, POLICY_REQUIREMENTS), or was suspended (WORKSPACE_SUSPENDED, the reason in the message; a session the suspension ended stays ended: sign in again)."),
          },
        },
      },
      "/uauth/auth/logout": {
        post: { summary: "End the session behind the token", security: bearer, responses: { "204": { description: "Signed out." }, ...standardErrors } },
      },
      "/uauth/auth/password/forgot": {
        post: {
          summary: "Ask for a password-reset link (the same answer whether or not the address has an account)",
          requestBody: { required: true, content: { "application/json": { schema: { type: "object", required: ["email"], properties: { email: { type: "string", format: "email" } } } } } },
          responses: {
            "202": json({ type: "object", required: ["message"], properties: { message: { type: "string" } } }, "Accepted: an ACTIVE account gets an e-mail with a link valid once for 30 minutes; any other address gets nothing, and the same answer."),
            ...standardErrors,
          },
        },
      },
      "/uauth/auth/password/reset": {
        post: {
          summary: "Set a new password with a reset link's token; every session of the account ends, MFA stays on",
          requestBody: {
            required: true,
            content: {
              "application/json": {
                schema: { type: "object", required: ["token", "password"], properties: { token: { type: "string", maxLength: 200 }, password: { type: "string", minLength: 15, maxLength: 128 } } },
              },
            },
          },
          responses: {
            "204": { description: "Password changed; sign in again (with TOTP when it is on)." },
            ...standardErrors,
            "400": error("VALIDATION_FAILED: `fields.password` says why the password policy refuses the password (too short, common, guessable, contains the e-mail)."),
            "404": error("NOT_FOUND: no such link (guesses are throttled per client address)."),
            "410": error("GONE: the link was used, replaced by a newer one, or expired."),
          },
        },
      },
      "/uauth/me": {
        get: { summary: "Who the token speaks for", security: bearer, responses: { "200": json({ type: "object" }, "The caller, and with a workspace token the workspace and authorities."), ...standardErrors } },
      },
      "/uauth/sessions": {
        get: {
          summary: "The caller's own live sessions, newest activity first",
          description: "A signed-in user's or workspace token (not MFA-pending). `current` marks the session behind the token.",
          security: bearer,
          responses: { "200": json({ type: "object", required: ["sessions"], properties: { sessions: { type: "array", items: ref("UserSession") } } }, "The live sessions."), ...standardErrors },
        },
      },
      "/uauth/sessions/{id}": {
        delete: {
          summary: "End one of the caller's own sessions (its tokens fail on their next request); the current one too, as a sign-out",
          security: bearer,
          parameters: [sessionIdParam],
          responses: { "204": { description: "Ended." }, "404": error("No live session of the caller has this id (someone else's is 404 too)."), ...standardErrors },
        },
      },
      "/uauth/workspace/members": {
        get: {
          summary: "The workspace's members and its pending invitations",
          description: workspaceAdmin("any of ROLE_ADMIN_INVITEUSER, ROLE_ADMIN_EDITUSER, ROLE_ADMIN_REMOVEUSER"),
          security: bearer,
          responses: {
            "200": json({ type: "object", required: ["members", "invitations"], properties: { members: { type: "array", items: ref("Member") }, invitations: { type: "array", items: { type: "object", properties: { id: { type: "integer" }, email: { type: "string" }, status: { type: "string" }, expiresAt: { type: "string", format: "date-time" }, role: { oneOf: [roleRef, { type: "null" }] } } } } } }, "Members and pending invitations."),
            ...standardErrors,
          },
        },
        post: {
          summary: "Invite an address with a role of this workspace (the e-mail is queued in the same transaction)",
          description: workspaceAdmin("ROLE_ADMIN_INVITEUSER"),
          security: bearer,
          requestBody: { required: true, content: { "application/json": { schema: { type: "object", required: ["email", "roleId"], additionalProperties: false, properties: { email: { type: "string", format: "email" }, roleId: { type: "integer", minimum: 1 } } } } } },
          responses: {
            "201": json({ type: "object", required: ["id", "email", "status", "expiresAt"], properties: { id: { type: "integer" }, email: { type: "string" }, status: { type: "string" }, expiresAt: { type: "string", format: "date-time" } } }, "The invitation."),
            "404": error("No such role in this workspace."),
            "409": error("Already a member, or already invited."),
            ...standardErrors,
          },
        },
      },
      "/uauth/workspace/members/{userId}": {
        patch: {
          summary: "Give a member another role (effective on their next request)",
          description: workspaceAdmin("ROLE_ADMIN_EDITUSER"),
          security: bearer,
          parameters: [memberIdParam],
          requestBody: { required: true, content: { "application/json": { schema: { type: "object", required: ["roleId"], additionalProperties: false, properties: { roleId: { type: "integer", minimum: 1 } } } } } },
          responses: { "200": json(ref("Member"), "The member with the new role."), "404": error("No such member or role in this workspace."), "409": error("It would demote the last superuser."), ...standardErrors },
        },
        delete: {
          summary: "Remove a member: their workspace tokens are refused from their next request",
          description: workspaceAdmin("ROLE_ADMIN_REMOVEUSER"),
          security: bearer,
          parameters: [memberIdParam],
          responses: { "204": { description: "Removed." }, "404": error("No such member in this workspace."), "409": error("The last superuser."), ...standardErrors },
        },
      },
      "/uauth/workspace/roles": {
        get: {
          summary: "The workspace's roles",
          description: workspaceAdmin("ROLE_ADMIN_ROLES or a member-administration authority"),
          security: bearer,
          responses: { "200": json({ type: "object", required: ["items"], properties: { items: { type: "array", items: ref("Role") } } }, "The roles."), ...standardErrors },
        },
        post: {
          summary: "Create a custom role",
          description: workspaceAdmin("ROLE_ADMIN_ROLES"),
          security: bearer,
          requestBody: { required: true, content: { "application/json": { schema: { type: "object", required: ["key", "name", "authorities"], additionalProperties: false, properties: { key: { type: "string", pattern: "^[a-z][a-z0-9-]{1,39}$" }, name: { type: "string", minLength: 1, maxLength: 100 }, authorities: { type: "array", items: ref("Authority") } } } } } },
          responses: { "201": json(ref("Role"), "The role."), "409": error("The key is taken in this workspace."), ...standardErrors },
        },
      },
      "/uauth/workspace/roles/{id}": {
        patch: {
          summary: "Rename a custom role or set its authorities (members get them on their next request)",
          description: workspaceAdmin("ROLE_ADMIN_ROLES"),
          security: bearer,
          parameters: [roleIdParam],
          requestBody: { required: true, content: { "application/json": { schema: { type: "object", additionalProperties: false, properties: { name: { type: "string", minLength: 1, maxLength: 100 }, authorities: { type: "array", items: ref("Authority"), description: "From the catalogue, and only authorities the caller holds." } } } } } },
          responses: { "200": json(ref("Role"), "The role."), "404": error("No such role in this workspace."), "409": error("A built-in role."), ...standardErrors },
        },
        delete: {
          summary: "Delete a custom role nobody holds",
          description: workspaceAdmin("ROLE_ADMIN_ROLES"),
          security: bearer,
          parameters: [roleIdParam],
          responses: { "204": { description: "Deleted." }, "404": error("No such role in this workspace."), "409": error("A built-in role, or one held by a member or an open invitation."), ...standardErrors },
        },
      },
      "/uauth/workspace/settings": {
        get: {
          summary: "The workspace's settings: name, logo, MFA, allow-list and token policy with its limits",
          description: workspaceAdmin("ROLE_ADMIN_SETTINGS"),
          security: bearer,
          responses: { "200": json(ref("WorkspaceSettings"), "The settings."), ...standardErrors },
        },
        patch: {
          summary: "Change any of the workspace's settings (the allow-list is replaced as a whole); a new token policy applies from the next token and refresh",
          description: `${workspaceAdmin("ROLE_ADMIN_SETTINGS")} Workspace tokens then live accessTokenMinutes; a session entering or refreshing into the workspace ends at most sessionHours after it signed in (one already older ends).`,
          security: bearer,
          requestBody: { required: true, content: { "application/json": { schema: workspaceSettingsPatch } } },
          responses: {
            "200": json(ref("WorkspaceSettings"), "The settings as changed."),
            ...standardErrors,
            "400": error("VALIDATION_FAILED: `fields` names the field, such as `tokenPolicy.accessTokenMinutes` above its limit or `ipAllowlist` empty while ipRestricted is on."),
            "409": error("WOULD_LOCK_OUT: the allow-list leaves out the caller's address (named in the message); send confirmLockout: true to save it anyway."),
          },
        },
      },
      "/uauth/admin/workspaces": {
        get: {
          summary: "Every workspace, by name (landlord console)",
          description: landlordOnly,
          security: bearer,
          parameters: [{ name: "q", in: "query", schema: { type: "string", maxLength: 100 }, description: "Part of the name or subdomain." }, ...paging],
          responses: { "200": json({ type: "object", properties: { items: { type: "array", items: ref("AdminWorkspace") }, total: { type: "integer" }, limit: { type: "integer" }, offset: { type: "integer" } } }, "A page of workspaces."), ...standardErrors },
        },
        post: {
          summary: "Create a workspace and invite its first superuser by e-mail",
          description: `${landlordOnly} One transaction: the workspace with its built-in roles, the superuser's account (INVITED when the address is new; an existing account is not changed and joins when it accepts), the invitation and its e-mail in the outbox.`,
          security: bearer,
          requestBody: {
            required: true,
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  additionalProperties: false,
                  required: ["name", "subdomain", "superuserEmail"],
                  properties: {
                    name: { type: "string", maxLength: 100 },
                    subdomain: { type: "string", pattern: "^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$" },
                    superuserEmail: { type: "string", format: "email" },
                    logo: { type: ["string", "null"], description: "An https:// URL or a /path on Gatehouse." },
                    mfaRequired: { type: "boolean", default: false },
                    ipRestricted: { type: "boolean", default: false, description: "Needs a non-empty ipAllowlist." },
                    ipAllowlist: cidrList,
                  },
                },
              },
            },
          },
          responses: {
            "201": json({ type: "object", required: ["workspace", "invitation"], properties: { workspace: ref("AdminWorkspace"), invitation: { type: "object", required: ["id", "email", "status", "expiresAt"], properties: { id: { type: "integer" }, email: { type: "string" }, status: ref("InvitationStatus"), expiresAt: { type: "string", format: "date-time" } } } } }, "Created; the invitation e-mail is queued."),
            "409": error("The subdomain is taken (CONFLICT)."),
            ...standardErrors,
          },
        },
      },
      "/uauth/admin/workspaces/{id}": {
        get: { summary: "One workspace", description: landlordOnly, security: bearer, parameters: [workspaceId], responses: { "200": json(ref("AdminWorkspace"), "The workspace."), "404": error("No such workspace."), ...standardErrors } },
        patch: {
          summary: "Change a workspace's name, logo or policy (the subdomain stays)",
          description: landlordOnly,
          security: bearer,
          parameters: [workspaceId],
          requestBody: {
            required: true,
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  additionalProperties: false,
                  minProperties: 1,
                  properties: {
                    name: { type: "string", maxLength: 100 },
                    logo: { type: ["string", "null"] },
                    mfaRequired: { type: "boolean" },
                    ipRestricted: { type: "boolean" },
                    ipAllowlist: { ...cidrList, description: "Replaces the allow-list." },
                    maxAccessTokenMinutes: { type: ["integer", "null"], minimum: 1, maximum: 10, description: "The longest access token the workspace's admins may choose; null: the platform's 10 minutes. A lower bound lowers the workspace's current choice with it." },
                    maxSessionHours: { type: ["integer", "null"], minimum: 1, description: "The longest session the workspace's admins may choose, at most SESSION_MAX_LIFETIME_HOURS; null: that limit. A lower bound lowers the workspace's current choice with it." },
                  },
                },
              },
            },
          },
          responses: { "200": json(ref("AdminWorkspace"), "The workspace as changed."), "404": error("No such workspace."), ...standardErrors },
        },
      },
      "/uauth/admin/workspaces/{id}/suspension": {
        post: {
          summary: "Suspend a workspace: nobody enters it, and every session inside it ends at once",
          description: `${landlordOnly} Members' workspace and refresh tokens of the workspace fail on their next use; selecting it or refreshing into it answers 403 WORKSPACE_SUSPENDED with the reason, which members also see on their workspace list. Suspending a suspended workspace keeps its suspendedAt and replaces the reason.`,
          security: bearer,
          parameters: [workspaceId],
          requestBody: { required: true, content: { "application/json": { schema: { type: "object", required: ["reason"], additionalProperties: false, properties: { reason: { type: "string", minLength: 1, maxLength: 500, description: "Shown to the workspace's members." } } } } } },
          responses: { "200": json(ref("AdminWorkspace"), "The workspace, suspended."), "404": error("No such workspace."), ...standardErrors },
        },
        delete: {
          summary: "Reactivate a suspended workspace (members sign in and enter again)",
          description: `${landlordOnly} Reactivating a workspace that is not suspended changes nothing.`,
          security: bearer,
          parameters: [workspaceId],
          responses: { "200": json(ref("AdminWorkspace"), "The workspace, active."), "404": error("No such workspace."), ...standardErrors },
        },
      },
      "/uauth/admin/invitations": {
        get: {
          summary: "Workspace invitations with their status, newest first",
          description: `${landlordOnly} A link replaced by a resend is not listed: the new invitation stands for it.`,
          security: bearer,
          parameters: [{ name: "businessProfileGuid", in: "query", schema: { type: "string", format: "uuid" }, description: "Only this workspace's." }, ...paging],
          responses: { "200": json({ type: "object", properties: { items: { type: "array", items: ref("Invitation") }, total: { type: "integer" }, limit: { type: "integer" }, offset: { type: "integer" } } }, "A page of invitations."), ...standardErrors },
        },
      },
      "/uauth/admin/invitations/{id}": {
        delete: { summary: "Revoke an invitation (its link answers 410 from now on)", description: landlordOnly, security: bearer, parameters: [invitationIdParam], responses: { "204": { description: "Revoked (also when it already was)." }, "404": error("No such invitation."), "409": error("Already accepted, or replaced by a newer one."), ...standardErrors } },
      },
      "/uauth/admin/invitations/{id}/resend": {
        post: {
          summary: "Send an invitation again with a new link; the old link dies at once",
          description: landlordOnly,
          security: bearer,
          parameters: [invitationIdParam],
          responses: { "201": json(ref("Invitation"), "The new invitation (a new id) with its e-mail queued."), "404": error("No such invitation."), "409": error("Accepted, revoked or already replaced."), ...standardErrors },
        },
      },
      "/uauth/admin/users/{id}": {
        patch: {
          summary: "Disable a user (every session and refresh token ends at once, sign-in refused) or enable them again",
          description: `${landlordOnly} Enabling restores ACTIVE for an account with a password and INVITED for one that never set it (its invitation link works again). You cannot disable your own account (409).`,
          security: bearer,
          parameters: [userIdParam],
          requestBody: { required: true, content: { "application/json": { schema: { type: "object", required: ["status"], additionalProperties: false, properties: { status: { enum: ["DISABLED", "ACTIVE"] } } } } } },
          responses: { "200": json(ref("AdminUser"), "The user as changed."), "404": error("No such user."), "409": error("Your own account."), ...standardErrors },
        },
      },
      "/uauth/admin/users": {
        get: {
          summary: "Users whose e-mail contains q, by e-mail, with memberships, MFA state (off, pending, on) and last sign-in",
          description: `${landlordOnly} Never a hash, secret or token.`,
          security: bearer,
          parameters: [{ name: "q", in: "query", schema: { type: "string", maxLength: 320 }, description: "Part of the e-mail address (matched lower-case)." }, ...paging],
          responses: { "200": json({ type: "object", properties: { items: { type: "array", items: ref("AdminUser") }, total: { type: "integer" }, limit: { type: "integer" }, offset: { type: "integer" } } }, "A page of users."), ...standardErrors },
        },
      },
      "/uauth/admin/users/{id}/sessions": {
        delete: { summary: "End every session of a user at once (their access and refresh tokens fail on the next request)", description: landlordOnly, security: bearer, parameters: [userIdParam], responses: { "200": json({ type: "object", properties: { sessionsEnded: { type: "integer" } } }, "How many sessions were ended."), "404": error("No such user."), ...standardErrors } },
      },
      "/uauth/admin/users/{id}/mfa": {
        delete: {
          summary: "Reset a user's two-step verification: factor and recovery codes removed, every session ended, the user told by e-mail",
          description: `${landlordOnly} The acting session must have passed MFA in the last 10 minutes (else 403 MFA_REQUIRED: verify again). A landlord admin's factor, your own included, is not reset here (403 FORBIDDEN).`,
          security: bearer,
          parameters: [userIdParam],
          responses: { "204": { description: "Reset." }, "404": error("No such user."), "409": error("The user has no two-step verification."), ...standardErrors },
        },
      },
      "/uauth/admin/audit": {
        get: {
          summary: "Audit events, newest first, filtered; as CSV with format=csv or Accept: text/csv",
          description: `${landlordOnly} CSV cells starting with = + - @ are prefixed with ' so a spreadsheet does not run them; an export holds at most 10,000 rows from offset (X-Total-Count says how many match).`,
          security: bearer,
          parameters: [
            { name: "workspace", in: "query", schema: { type: "string", format: "uuid" }, description: "Only this workspace's events (businessProfileGuid)." },
            { name: "actor", in: "query", schema: { type: "string" }, description: "The acting user's id or e-mail address." },
            { name: "action", in: "query", schema: { type: "string" }, description: "One action, such as auth.login.failed." },
            { name: "from", in: "query", schema: { type: "string", format: "date-time" }, description: "At or after this instant." },
            { name: "to", in: "query", schema: { type: "string", format: "date-time" }, description: "Before this instant." },
            { name: "format", in: "query", schema: { enum: ["json", "csv"] } },
            ...paging,
          ],
          responses: {
            "200": { description: "A page of events, or the CSV export.", content: { "application/json": { schema: { type: "object", properties: { items: { type: "array", items: { type: "object" } }, total: { type: "integer" }, limit: { type: "integer" }, offset: { type: "integer" } } } }, "text/csv": { schema: { type: "string" } } } },
            ...standardErrors,
          },
        },
      },
      "/uauth/admin/audit/verify": {
        get: {
          summary: "Verify the audit log's hash chains and report the first broken link of each",
          description: `${landlordOnly} Each workspace has its chain (\`w:<id>\`), events outside any workspace are on \`platform\`. A chain whose oldest events the retention purge removed is checked from its oldest remaining event, whose prevHash is accepted as the anchor. Keep the head hashes: someone with write access to the database could recompute a whole chain.`,
          security: bearer,
          parameters: [{ name: "workspace", in: "query", schema: { type: "string", format: "uuid" }, description: "Only this workspace's chain (businessProfileGuid)." }],
          responses: {
            "200": json(
              {
                type: "object",
                required: ["ok", "checkedAt", "chains"],
                properties: {
                  ok: { type: "boolean", description: "Every chain intact." },
                  checkedAt: { type: "string", format: "date-time" },
                  chains: {
                    type: "array",
                    items: {
                      type: "object",
                      required: ["chain", "workspaceId", "ok", "events", "firstSeq", "anchor", "head", "broken"],
                      properties: {
                        chain: { type: "string", description: "`platform` or `w:<workspace id>`." },
                        workspaceId: { type: ["integer", "null"] },
                        ok: { type: "boolean" },
                        events: { type: "integer", description: "Events checked." },
                        firstSeq: { type: ["integer", "null"], description: "Where the check began: 1, or the oldest event the purge left." },
                        anchor: { type: ["string", "null"], description: "The prevHash of that event (64 zeros at seq 1)." },
                        head: { type: ["object", "null"], properties: { seq: { type: "integer" }, hash: { type: "string" } } },
                        broken: {
                          type: ["object", "null"],
                          description: "The first link that does not hold.",
                          properties: {
                            seq: { type: ["integer", "null"] },
                            id: { type: ["integer", "null"], description: "The event's id; null when it is missing." },
                            reason: { enum: ["hash mismatch", "prevHash mismatch", "missing seq", "head mismatch", "unchained event"] },
                          },
                        },
                      },
                    },
                  },
                },
              },
              "One report per chain.",
            ),
            "404": error("No such workspace."),
            ...standardErrors,
          },
        },
      },
      "/uauth/workspace/members/{userId}/mfa": {
        delete: {
          summary: "Reset a member's two-step verification: factor and recovery codes removed, every session ended, the member told by e-mail",
          description:
            "Workspace token with ROLE_ADMIN_EDITUSER whose session passed MFA in the last 10 minutes (else 403 MFA_REQUIRED: verify again). Only for a member of this workspace who belongs to no other workspace and is not a landlord admin, never yourself (403 FORBIDDEN); anyone who is not a member here is 404.",
          security: bearer,
          parameters: [{ name: "userId", in: "path", required: true, schema: { type: "integer", minimum: 1 }, description: "The member's user id." }],
          responses: { "204": { description: "Reset." }, "404": error("No such member of this workspace."), "409": error("The member has no two-step verification."), ...standardErrors },
        },
      },
      "/uauth/invitations/{token}": {
        get: {
          summary: "What an invitation link is for; never consumes it",
          description:
            "The invited address, the inviter's name (never their e-mail), the workspace (null for a platform administrator's set-password link) and what the link holder does next: `set_password` for a new account, `sign_in` when the address has an account (sign in as it, then accept with its token). Every look-up is counted per client address before the token is checked.",
          parameters: [linkToken],
          responses: {
            "200": json(
              {
                type: "object",
                required: ["email", "expiresAt", "inviter", "workspace", "next"],
                properties: {
                  email: { type: "string" },
                  expiresAt: { type: "string", format: "date-time" },
                  inviter: { type: "string" },
                  workspace: { type: ["object", "null"], properties: { businessProfileGuid: { type: "string" }, name: { type: "string" }, subdomain: { type: "string" }, logo: { type: ["string", "null"] }, mfaRequired: { type: "boolean" } } },
                  next: { enum: ["set_password", "sign_in"] },
                },
              },
              "The invitation.",
            ),
            "404": error("Unknown link (NOT_FOUND)."),
            "410": error("Used, expired, revoked or replaced, or its account can no longer use it: closed, or a set-password link of an account that has a password (GONE)."),
            "429": error("Too many look-ups from this address; see Retry-After."),
          },
        },
      },
      "/uauth/invitations/{token}/accept": {
        post: {
          summary: "Accept an invitation: a new account sets its password; an existing account sends its own token (Authorization) instead and never gets a password from a link",
          description:
            "A new account (no password yet) sends `password`, checked against the password policy (also refusing the workspace's name); it becomes ACTIVE and joins, and signs in next. An address that has an account proves it is that person by sending its own user or workspace token (past MFA) in `Authorization`; the link alone is never enough, and a `password` sent for it is ignored: a link never sets or resets a password. A token of any other account is refused (403), also for a new account's link. The link works once; a failure leaves it open and nothing changed. A workspace that requires MFA then refuses a workspace token until the new member has set it up (403 POLICY_REQUIREMENTS, mfa_enroll).",
          security: [{}, ...bearer],
          parameters: [linkToken],
          requestBody: { required: true, content: { "application/json": { schema: { type: "object", additionalProperties: false, properties: { password: { type: "string", minLength: 15, maxLength: 128, description: "Needed for a new account; checked against the password policy." } } } } } },
          responses: {
            "200": json({ type: "object", required: ["email", "workspace", "passwordSet"], properties: { email: { type: "string" }, workspace: { type: "object" }, passwordSet: { type: "boolean" } } }, "Joined; sign in next when passwordSet."),
            "400": error("A weak or missing password (VALIDATION_FAILED, the reason in fields.password)."),
            "401": error("The address has an account: sign in as it and accept again with its token (UNAUTHENTICATED); or the token sent is not a live one."),
            "403": error("Signed in as another account than the invited one (FORBIDDEN), or an MFA-pending token (MFA_REQUIRED)."),
            "404": error("Unknown link (NOT_FOUND)."),
            "409": error("Already a member (CONFLICT)."),
            "410": error("Used, expired, revoked or replaced (GONE)."),
            "429": error("Too many look-ups from this address; see Retry-After."),
          },
        },
      },
      "/uauth/openapi.json": { get: { summary: "This document", responses: { "200": json({ type: "object" }, "OpenAPI 3.1.") } } },
      "/api/health": {
        get: {
          summary: "Liveness and database reachability (load balancers, `npm start`)",
          responses: {
            "200": json({ type: "object", properties: { status: { const: "ok" }, database: { const: "ok" } } }, "Serving, database reachable."),
            "503": json({ type: "object", properties: { status: { const: "degraded" }, database: { const: "unreachable" } } }, "Serving, database unreachable."),
          },
        },
      },
      "/.well-known/jwks.json": {
        get: { summary: "Public keys verifying every token", responses: { "200": json({ type: "object", properties: { keys: { type: "array", items: { type: "object" } } } }, "A JSON Web Key Set.") } },
      },
    },
  };
}
