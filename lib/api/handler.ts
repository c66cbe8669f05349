import "server-only";
import type { z } from "zod";
import { can, type Authority } from "@/lib/auth/authorities";
import { personOnly, requireLandlordPrincipal, requireStage, resolveAccessToken, type PersonPrincipal, type Principal, type UserPrincipal, type WorkspacePrincipal, type WorkspaceTokenPrincipal } from "@/lib/auth/principal";
import { apiPathTemplate } from "@/lib/api/surface";
import { appErrorFromDatabase, isUniqueViolation } from "@/lib/db/errors";
import { AppError, errorBody, isAppError } from "@/lib/errors";
import { observeApiRequest } from "@/lib/metrics/process-metrics";
import { requestFacts, type RequestFacts } from "@/lib/net/request";

/** Request bodies above this are refused with 413 before they are parsed. */
export const DEFAULT_BODY_LIMIT = 16 * 1024;

/** Query parameters that would carry a credential in the URL (refused, RFC 6750 §5.3). */
const CREDENTIAL_PARAMS = /^(access_?token|token|id_?token|refresh_?token|api_?key|key|apikey|jwt|auth|authorization|bearer|password|secret)$/i;
const CREDENTIAL_VALUE = /^(eyJ[\w-]+\.[\w-]+\.[\w-]*|ghr_[\w-]{20,}|gh_(live|test)_[\w-]{20,})$/;

type Access = "public" | "any" | "mfa" | "user" | "current" | "workspace" | "workspace-user" | "landlord";

type PrincipalFor<A extends Access> = A extends "workspace"
  ? WorkspacePrincipal
  : A extends "workspace-user"
    ? WorkspaceTokenPrincipal
    : A extends "public"
      ? null
      : A extends "mfa"
        ? UserPrincipal
        : A extends "current"
          ? Principal
          : PersonPrincipal;

export interface ApiContext<A extends Access, B, P> {
  request: Request;
  principal: PrincipalFor<A>;
  body: B;
  params: P;
  facts: RequestFacts;
  now: Date;
}

export interface ApiRouteOptions<A extends Access, B extends z.ZodType | undefined> {
  /**
   * Who may call: anyone; any live session token; an MFA-pending token; a signed-in user (user
   * or workspace token, the workspace not checked); the same or an API key, with the workspace
   * admitted when the credential has one (`current`); a workspace token or an API key, admitted
   * to its workspace (`workspace`); a person's workspace token only, for rules about the
   * person's own session such as fresh MFA (`workspace-user`); a landlord admin who passed MFA
   * in this session (user or workspace token, `landlord`). Wherever a person is needed an API
   * key is refused 403 FORBIDDEN.
   */
  access: A;
  /** For workspace routes: the authority the caller's role must hold. */
  authority?: Authority;
  /** JSON body schema; requests without it must not send a body. */
  body?: B;
  maxBodyBytes?: number;
}

type RouteParams = { params: Promise<Record<string, string>> };

/**
 * The one wrapper every route handler of the API uses: refuse credentials in the URL → resolve
 * the Bearer token into a principal (data layer: the session row, membership and authorities as
 * they are now) → check stage and authority → read and validate the body (size-capped) → run the
 * handler → answer errors as `{"error": {"code", "message"}}`. Authentication comes before the
 * body, so an anonymous caller learns nothing about a route's schema and costs no parsing. Each
 * answer's latency goes to /metrics under the route's template (an in-memory observation).
 */
export function apiRoute<A extends Access, B extends z.ZodType | undefined = undefined, P = Record<string, string>>(
  options: ApiRouteOptions<A, B>,
  handler: (ctx: ApiContext<A, B extends z.ZodType ? z.infer<B> : undefined, P>) => Promise<Response | unknown>,
) {
  const answer = async (request: Request, route?: RouteParams): Promise<Response> => {
    const now = new Date();
    try {
      refuseCredentialsInQuery(request);
      const facts = await requestFacts(request.headers);
      const principal = (options.access === "public" ? null : await authenticate(request, options.access, facts, now)) as PrincipalFor<A>;
      if (options.authority && !(principal && "authorities" in principal && can(principal, options.authority))) throw new AppError("FORBIDDEN");
      const body = (options.body ? await readJsonBody(request, options.body, options.maxBodyBytes ?? DEFAULT_BODY_LIMIT) : undefined) as B extends z.ZodType ? z.infer<B> : undefined;
      const params = ((await route?.params) ?? {}) as P;
      const result = await handler({ request, principal, body, params, facts, now });
      return result instanceof Response ? withNoStore(result) : json(result ?? null, 200);
    } catch (error) {
      return errorResponse(error);
    }
  };
  return async (request: Request, route?: RouteParams): Promise<Response> => {
    const started = performance.now();
    const response = await answer(request, route);
    observeApiRequest(apiPathTemplate(new URL(request.url).pathname), request.method, response.status, (performance.now() - started) / 1000);
    return response;
  };
}

async function authenticate(request: Request, access: Exclude<Access, "public">, facts: RequestFacts, now: Date): Promise<Principal> {
  const token = bearerToken(request.headers.get("authorization"));
  const principal = await resolveAccessToken(token, facts.ip, now, access === "workspace" || access === "workspace-user" ? "workspace" : access === "current" ? "current" : "session");
  if (access === "current" && principal.kind === "api-key") return principal;
  if (principal.kind === "api-key" && access !== "workspace") throw personOnly();
  if (access === "any") return principal;
  if (access === "landlord") {
    requireLandlordPrincipal(principal);
    return principal;
  }
  if (access === "mfa") {
    if (principal.kind !== "user" || principal.stage !== "mfa") throw new AppError("INVALID_TOKEN", { message: "This step needs the token from the password step." });
    return principal;
  }
  requireStage(principal, access === "current" ? "user" : access === "workspace-user" ? "workspace" : access);
  return principal;
}

/**
 * For a public route that also serves signed-in callers (accepting an invitation as an existing
 * account): the signed-in user (past MFA) behind the Authorization header, or null when the
 * request sends none. A header that is sent but not a live user or workspace token is refused
 * (401/403), never taken as anonymous.
 */
export async function optionalSignedInUser(request: Request, facts: RequestFacts, now: Date): Promise<PersonPrincipal | null> {
  if (!request.headers.has("authorization")) return null;
  return (await authenticate(request, "user", facts, now)) as PersonPrincipal;
}

/** Validates the query string with `schema` (VALIDATION_FAILED naming the parameter). */
export function parseQuery<S extends z.ZodType>(request: Request, schema: S): z.infer<S> {
  const query = Object.fromEntries(new URL(request.url).searchParams);
  const parsed = schema.safeParse(query);
  if (!parsed.success) throw validationError(parsed.error, query);
  return parsed.data;
}

/**
 * The token of `Authorization: Bearer <token>`; 401 when missing or malformed, 400 when the
 * request carries several (joined with commas, RFC 9110 §5.3): which one counts would depend on
 * which layer reads it.
 */
export function bearerToken(header: string | null): string {
  if (!header) throw new AppError("UNAUTHENTICATED");
  if (header.includes(",")) throw new AppError("BAD_REQUEST", { message: "Send exactly one Authorization header." });
  const match = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i.exec(header.trim());
  if (!match) throw new AppError("INVALID_TOKEN", { message: "Use 'Authorization: Bearer <token>'." });
  return match[1]!;
}

function refuseCredentialsInQuery(request: Request): void {
  for (const [name, value] of new URL(request.url).searchParams) {
    if (CREDENTIAL_PARAMS.test(name) || CREDENTIAL_VALUE.test(value)) throw new AppError("CREDENTIALS_IN_QUERY");
  }
}

/** Reads at most `limit` bytes (streaming, so a huge body is never buffered) and validates it. */
export async function readJsonBody<S extends z.ZodType>(request: Request, schema: S, limit: number): Promise<z.infer<S>> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > limit) throw new AppError("PAYLOAD_TOO_LARGE", { message: `The request body must be at most ${limit} bytes.` });
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/(.+\+)?json\b/i.test(type)) throw new AppError("UNSUPPORTED_MEDIA_TYPE");
  const text = await readCapped(request, limit);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AppError("MALFORMED_JSON");
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw validationError(parsed.error, value);
  return parsed.data;
}

async function readCapped(request: Request, limit: number): Promise<string> {
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new AppError("PAYLOAD_TOO_LARGE", { message: `The request body must be at most ${limit} bytes.` });
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

/** VALIDATION_FAILED naming each field with its first problem. */
export function validationError(error: z.ZodError, input?: unknown): AppError {
  const fieldErrors: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = issue.path.join(".") || "body";
    const missing = issue.code === "invalid_type" && valueAt(input, issue.path) === undefined;
    fieldErrors[field] ??= missing ? `${field} is required.` : issue.message;
  }
  const first = Object.entries(fieldErrors)[0]!;
  return new AppError("VALIDATION_FAILED", { message: `${first[0]}: ${first[1]}`, fieldErrors });
}

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  return path.reduce<unknown>((value, key) => (value !== null && typeof value === "object" ? (value as Record<PropertyKey, unknown>)[key] : undefined), input);
}

/** A JSON response, `application/json; charset=utf-8` (Response.json names no charset). */
export function json(value: unknown, status: number, headers: Record<string, string> = {}): Response {
  return withNoStore(new Response(JSON.stringify(value), { status, headers: { "content-type": "application/json; charset=utf-8", ...headers } }));
}

/** Responses carry credentials or personal data: not cached unless the route says otherwise. */
function withNoStore(response: Response): Response {
  if (!response.headers.has("cache-control")) response.headers.set("cache-control", "no-store");
  return response;
}

/** Maps any error to the JSON error shape; unexpected ones are logged and answered generically. */
export function errorResponse(error: unknown): Response {
  const requestId = crypto.randomUUID();
  const appError = toAppError(error, requestId);
  const headers: Record<string, string> = {};
  if (appError.code === "INTERNAL") headers["x-request-id"] = requestId;
  // RFC 6750 §3: no error attribute when no credentials were sent at all.
  if (appError.status === 401) headers["www-authenticate"] = appError.code === "UNAUTHENTICATED" ? 'Bearer realm="gatehouse"' : `Bearer realm="gatehouse", error="invalid_token", error_description="${appError.code}"`;
  if (appError.details.retryAfter !== undefined) headers["retry-after"] = String(appError.details.retryAfter);
  return json(errorBody(appError), appError.status, headers);
}

/**
 * The one mapping of a thrown value to the error a caller is answered with (the API and server
 * actions): an AppError as it is; a unique-key race lost to a parallel request is CONFLICT; a
 * busy or unreachable database is SERVICE_BUSY (lib/db/errors.ts); a body cut off by the client
 * hanging up is BAD_REQUEST, not logged; anything else is INTERNAL, logged by name, code and `requestId` only. Never the message: a
 * database error's text quotes the statement and the values, which can be personal data.
 */
export function toAppError(error: unknown, requestId: string): AppError {
  if (isAppError(error)) return error;
  if (isUniqueViolation(error)) return new AppError("CONFLICT");
  const database = appErrorFromDatabase(error);
  if (database) return database;
  const code = (error as { code?: unknown } | null)?.code;
  // The client hung up while its body was read: nobody is left to answer, and nothing went wrong here.
  if (code === "ECONNRESET" || (error instanceof Error && error.name === "AbortError")) return new AppError("BAD_REQUEST", { message: "The request was cut off before it was complete." });
  const kind = error instanceof Error ? `${error.name}${typeof code === "string" ? ` ${code}` : ""}` : typeof error;
  console.error(`gatehouse: unexpected error (request ${requestId}): ${kind}`);
  return new AppError("INTERNAL");
}
