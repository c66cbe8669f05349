// The OpenAPI 3.1 description of Gatehouse's REST API, served at /uauth/openapi.json.
// lib/api/openapi.test.ts checks that every route handler under app/uauth is described here.
import { ALL_AUTHORITIES } from "@/lib/auth/authorities";
import { ERRORS } from "@/lib/errors";

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: object, description: string) => ({ description, content: { "application/json": { schema } } });
const error = (description: string) => json(ref("Error"), description);
const bearer = [{ bearer: [] }];
const guid = { name: "guid", in: "path", required: true, schema: { type: "string", format: "uuid" }, description: "The workspace's businessProfileGuid." };

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
          responses: { "200": json(ref("WorkspaceTokenResponse"), "A workspace token."), ...standardErrors },
        },
      },
      "/uauth/auth/refresh": {
        post: {
          summary: "Exchange a refresh token for a new pair (each refresh token works once)",
          requestBody: { required: true, content: { "application/json": { schema: { type: "object", required: ["refreshToken"], properties: { refreshToken: { type: "string" } } } } } },
          responses: { "200": json(ref("TokenPair"), "A new pair."), ...standardErrors },
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
