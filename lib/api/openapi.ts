// The OpenAPI 3.1 description of Gatehouse's REST API, served at /uauth/openapi.json and read as a
// page at /docs/api. Generated (zod-openapi, on zod's own JSON Schema output) from the operation
// registry in lib/api/openapi-operations.ts: the request schemas the handlers validate with and
// the response schemas of lib/api/responses.ts. Add a route there, not here.
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject, type ZodOpenApiResponseObject, type ZodOpenApiResponsesObject } from "zod-openapi";
import { API_OPERATIONS, OPERATION_TAGS, type ApiOperation, type OperationAccess } from "@/lib/api/openapi-operations";
import { errorEnvelopeSchema } from "@/lib/api/responses";
import { ERRORS, type ErrorCode } from "@/lib/errors";

/** Who may call, in words, first in every operation's description. */
const ACCESS: Record<OperationAccess, string> = {
  public: "Anyone; no token.",
  plain: "Anyone; no token.",
  any: "Any live token of the session, an MFA-pending one included.",
  mfa: "The MFA-pending token from the password step.",
  user: "A user or workspace token past MFA (the workspace itself is not checked).",
  current: "A user or workspace token past MFA, or an API key; for a workspace token or key the membership, suspension and IP policy are checked as they are now.",
  workspace: "A workspace token or an API key: the membership, its role's authorities (a key's clipped to its creator's role), the workspace's suspension and IP policy are checked as they are now, on every request.",
  "workspace-user": "A person's workspace token (an API key is refused): the membership, its role's authorities, the workspace's suspension and IP policy are checked as they are now.",
  landlord: "A landlord admin who passed MFA in this session (user or workspace token).",
};

/** What the wrapper (lib/api/handler.ts) answers for every operation of a kind, by code. */
function kindErrors(operation: ApiOperation): Partial<Record<ErrorCode, string>> {
  if (operation.access === "plain") return {};
  const errors: Partial<Record<ErrorCode, string>> = { CREDENTIALS_IN_QUERY: "A token or key in the URL query (RFC 6750 §5.3)." };
  const token = operation.access !== "public" || operation.optionalToken;
  if (token) {
    Object.assign(errors, {
      BAD_REQUEST: "More than one Authorization header.",
      ...(operation.access !== "public" && { UNAUTHENTICATED: "No Authorization header." }),
      INVALID_TOKEN: "A malformed or expired token, or one Gatehouse did not sign.",
      SESSION_ENDED: "The token's session has ended (signed out, revoked, expired, idle, or a newer workspace selection).",
      MFA_CHALLENGE_ENDED: "An MFA-pending token whose challenge ran out of tries or time.",
      KEY_REVOKED: "An API key (or a token exchanged for one) that was revoked.",
      KEY_EXPIRED: "An API key past its expiry.",
      KEY_ROTATED: "An API key replaced by a rotation whose overlap is over.",
      KEY_DISABLED: "An API key whose creator is no longer an active member of its workspace.",
      TOO_MANY_REQUESTS: "Too many wrong API keys from this address; see Retry-After.",
    });
    // Routes about a person refuse an API key (lib/auth/principal.ts personOnly).
    if (!["workspace", "current"].includes(operation.access)) errors.FORBIDDEN = "An API key: this needs a person's token.";
  }
  if (operation.optionalToken || ["user", "current", "workspace", "workspace-user", "landlord"].includes(operation.access)) errors.MFA_REQUIRED = "An MFA-pending token: verify MFA first.";
  if (["workspace", "workspace-user", "current"].includes(operation.access)) {
    Object.assign(errors, {
      NOT_A_MEMBER: "The user is no longer a member of the token's workspace.",
      WORKSPACE_SUSPENDED: "The token's workspace was suspended (the reason in the message).",
      POLICY_REQUIREMENTS: "The workspace's IP allow-list leaves out the caller's address (`requirements`).",
    });
  }
  if (operation.access === "workspace" || operation.access === "workspace-user") errors.WORKSPACE_REQUIRED = "A user token: select a workspace first.";
  if (operation.access === "landlord") {
    errors.LANDLORD_ONLY = "Not a landlord admin.";
    errors.MFA_REQUIRED = "An MFA-pending token, or a landlord admin whose session has not passed MFA.";
  }
  if (operation.authority) errors.FORBIDDEN = [errors.FORBIDDEN, `The role does not hold ${operation.authority}.`].filter(Boolean).join(" ");
  if (operation.query) errors.VALIDATION_FAILED = "A query parameter is invalid (`fields` names it).";
  if (operation.body) {
    Object.assign(errors, {
      VALIDATION_FAILED: "A field is missing or invalid (`fields`: field → its first problem).",
      MALFORMED_JSON: "The body is not JSON.",
      PAYLOAD_TOO_LARGE: "The body is larger than 16 KB.",
      UNSUPPORTED_MEDIA_TYPE: "The body is not sent as application/json.",
    });
  }
  return { ...errors, INTERNAL: "Unexpected; answered with an x-request-id to quote.", SERVICE_BUSY: "The database is busy or unreachable; see Retry-After." };
}

/** Every error code an operation can answer, with when: those of its kind, then its own (which may say more). */
export function operationErrors(operation: ApiOperation): Partial<Record<ErrorCode, string>> {
  const own = operation.errors ?? {};
  const kind = kindErrors(operation);
  const merged: Partial<Record<ErrorCode, string>> = { ...kind };
  for (const [code, when] of Object.entries(own) as [ErrorCode, string][]) merged[code] = kind[code] ? `${kind[code]} ${when}` : when;
  return merged;
}

const HEADERS: Partial<Record<number, ZodOpenApiResponseObject["headers"]>> = {
  401: { "WWW-Authenticate": { description: 'Bearer realm="gatehouse", with error="invalid_token" and the code when a token was sent (RFC 6750 §3).', schema: { type: "string" } } },
  429: { "Retry-After": { description: "Seconds to wait.", schema: { type: "integer" } } },
  503: { "Retry-After": { description: "Seconds to wait.", schema: { type: "integer" } } },
};

function responsesOf(operation: ApiOperation): ZodOpenApiResponsesObject {
  const result: Record<string, ZodOpenApiResponseObject> = {};
  for (const [status, response] of Object.entries(operation.responses)) {
    const content = response.body ? { "application/json": { schema: response.body }, ...Object.fromEntries(Object.entries(response.alternatives ?? {}).map(([type, schema]) => [type, { schema }])) } : undefined;
    result[status] = { description: response.description, ...(content && { content }) };
  }
  const byStatus = new Map<number, [ErrorCode, string][]>();
  for (const [code, when] of Object.entries(operationErrors(operation)) as [ErrorCode, string][]) {
    const status = ERRORS[code].status;
    byStatus.set(status, [...(byStatus.get(status) ?? []), [code, when]]);
  }
  for (const [status, errors] of [...byStatus].sort(([a], [b]) => a - b)) {
    result[String(status)] = {
      description: errors.map(([code, when]) => `\`${code}\`: ${when}`).join("\n\n"),
      ...(HEADERS[status] && { headers: HEADERS[status] }),
      // The envelope, its code narrowed to this status's codes (so a test receiving another one fails).
      content: { "application/json": { schema: { allOf: [{ $ref: "#/components/schemas/Error" }, { properties: { error: { properties: { code: { enum: errors.map(([code]) => code) } } } } }] } } },
    };
  }
  return result as ZodOpenApiResponsesObject;
}

function operationObject(operation: ApiOperation): ZodOpenApiOperationObject {
  const who = `${operation.optionalToken ? "Anyone with the link; a signed-in user may send their own token." : ACCESS[operation.access]}${operation.authority ? ` The role must hold ${operation.authority}.` : ""}`;
  return {
    operationId: `${operation.method}${operation.path.replace(/[{}]/g, "").replace(/[^A-Za-z0-9]+(.)?/g, (_, next: string | undefined) => (next ?? "").toUpperCase())}`,
    tags: [operation.tag],
    summary: operation.summary,
    description: operation.description ? `**Access:** ${who}\n\n${operation.description}` : `**Access:** ${who}`,
    security: operation.access === "public" || operation.access === "plain" ? (operation.optionalToken ? [{}, { bearer: [] }] : []) : [{ bearer: [] }],
    "x-gatehouse-access": operation.access,
    ...(operation.authority && { "x-gatehouse-authority": operation.authority }),
    ...((operation.params || operation.query) && { requestParams: { ...(operation.params && { path: operation.params }), ...(operation.query && { query: operation.query }) } }),
    ...(operation.body && { requestBody: { required: true, content: { "application/json": { schema: operation.body } } } }),
    responses: responsesOf(operation),
  };
}

function buildDocument() {
  const paths: ZodOpenApiPathsObject = {};
  for (const operation of API_OPERATIONS) paths[operation.path] = { ...paths[operation.path], [operation.method]: operationObject(operation) };
  return createDocument({
    openapi: "3.1.0",
    info: {
      title: "Gatehouse API",
      version: "1.0.0",
      description:
        "Sign in (password, then TOTP when enabled), list and select a workspace, and use the workspace token as `Authorization: Bearer <token>`. Tokens are ES256 JWTs verifiable with /.well-known/jwks.json. Credentials in the URL query are refused. Errors are `{\"error\": {\"code\", \"message\"}}`; each response lists its codes. Any request addressed to a host name that is not Gatehouse's is answered 421 MISDIRECTED_REQUEST, an unknown /uauth path 404 NOT_FOUND and a method a path does not have 405 METHOD_NOT_ALLOWED with `Allow`.",
    },
    tags: Object.entries(OPERATION_TAGS).map(([name, description]) => ({ name, description })),
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" } },
      schemas: { Error: errorEnvelopeSchema },
    },
    paths,
  }, { override: tidy });
}

/**
 * Drops what zod writes for its own checks but a reader gains nothing from: the safe-integer
 * bounds of every `z.int()`, and the regular expressions behind a named `format`.
 */
function tidy({ jsonSchema }: { jsonSchema: Record<string, unknown> }): void {
  if (jsonSchema.minimum === Number.MIN_SAFE_INTEGER) delete jsonSchema.minimum;
  if (jsonSchema.maximum === Number.MAX_SAFE_INTEGER) delete jsonSchema.maximum;
  if (typeof jsonSchema.format === "string" && jsonSchema.pattern) delete jsonSchema.pattern;
}

let built: ReturnType<typeof buildDocument> | undefined;

/** The OpenAPI 3.1 document of the API, naming `serverUrl` as its server. */
export function openApiDocument(serverUrl: string) {
  built ??= buildDocument();
  return { ...built, servers: [{ url: serverUrl }] };
}
