// One error vocabulary for the API, server actions and pages. A closed set of codes, each with
// its HTTP status and a default message written for the person reading it. Edge-safe.

export const ERRORS = {
  BAD_REQUEST: { status: 400, message: "The request is malformed." },
  VALIDATION_FAILED: { status: 400, message: "Some fields are missing or invalid." },
  MALFORMED_JSON: { status: 400, message: "The request body is not valid JSON." },
  CREDENTIALS_IN_QUERY: { status: 400, message: "Send tokens and keys in the Authorization header, never in the URL." },
  UNAUTHENTICATED: { status: 401, message: "Sign in first: send a valid token as 'Authorization: Bearer <token>'." },
  INVALID_TOKEN: { status: 401, message: "The token is malformed, expired or not issued by Gatehouse." },
  SESSION_ENDED: { status: 401, message: "This session has ended. Sign in again." },
  INVALID_CREDENTIALS: { status: 401, message: "The e-mail address or password is not correct." },
  INVALID_MFA_CODE: { status: 401, message: "That code is not correct or was already used." },
  MFA_CODE_REPLAYED: { status: 401, message: "This code was just used. Wait for the next code in your authenticator app (up to 30 s) and try again." },
  KEY_REVOKED: { status: 401, message: "This API key was revoked." },
  KEY_EXPIRED: { status: 401, message: "This API key has expired." },
  KEY_ROTATED: { status: 401, message: "This API key was replaced by a rotation and its overlap window is over: use the new key." },
  KEY_DISABLED: { status: 401, message: "This API key's creator is no longer an active member of the workspace, so the key no longer works." },
  MFA_CHALLENGE_ENDED: { status: 401, message: "Too many wrong codes or the sign-in took too long. Sign in again." },
  MFA_REQUIRED: { status: 403, message: "Finish multi-factor authentication first." },
  PASSWORD_CONFIRMATION_REQUIRED: { status: 403, message: "Confirm your password first: it is asked again after 10 minutes." },
  WORKSPACE_REQUIRED: { status: 403, message: "Select a workspace first: this needs a workspace token." },
  WRONG_WORKSPACE: { status: 403, message: "This token belongs to another workspace." },
  NOT_A_MEMBER: { status: 403, message: "You are not a member of this workspace." },
  WORKSPACE_SUSPENDED: { status: 403, message: "This workspace was suspended by the platform operator." },
  POLICY_REQUIREMENTS: { status: 403, message: "This workspace's security policy is not met." },
  FORBIDDEN: { status: 403, message: "You do not have permission to do this." },
  LANDLORD_ONLY: { status: 403, message: "Only platform administrators may do this." },
  NOT_FOUND: { status: 404, message: "Not found." },
  METHOD_NOT_ALLOWED: { status: 405, message: "This method is not allowed here." },
  CONFLICT: { status: 409, message: "This conflicts with the current state." },
  WOULD_LOCK_OUT: { status: 409, message: "This change would lock you out of this workspace. Confirm to make it anyway." },
  GONE: { status: 410, message: "This link was already used, has expired or was withdrawn. Ask for a new one." },
  MISDIRECTED_REQUEST: { status: 421, message: "This server does not answer for that host name." },
  PAYLOAD_TOO_LARGE: { status: 413, message: "The request body is too large." },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: "Send the body as application/json." },
  TOO_MANY_REQUESTS: { status: 429, message: "Too many attempts. Wait a moment and try again." },
  INTERNAL: { status: 500, message: "Something went wrong on our side." },
  SERVICE_BUSY: { status: 503, message: "Gatehouse is busy. Try again in a moment." },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERRORS;

/** A workspace policy requirement the caller has not met (POLICY_REQUIREMENTS). */
export type PolicyRequirement =
  | { type: "mfa_enroll" }
  | { type: "mfa"; methods: ["TOTP_AUTHENTICATOR"] }
  | { type: "ip"; reason: "not_in_allowlist" };

export interface ErrorDetails {
  message?: string;
  /** Field name → first message (VALIDATION_FAILED). */
  fieldErrors?: Record<string, string>;
  /** Seconds until a retry can succeed (TOO_MANY_REQUESTS, SERVICE_BUSY). */
  retryAfter?: number;
  requirements?: PolicyRequirement[];
}

/** An expected failure with a code from {@link ERRORS}; anything else is answered as INTERNAL. */
export class AppError extends Error {
  override name = "AppError";
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly details: ErrorDetails = {},
  ) {
    super(details.message ?? ERRORS[code].message);
    this.status = ERRORS[code].status;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** The JSON body of an API error: `{"error": {"code", "message", …}}`. */
export function errorBody(error: AppError) {
  const { fieldErrors, requirements, retryAfter } = error.details;
  return {
    error: {
      code: error.code,
      message: error.message,
      ...(fieldErrors && { fields: fieldErrors }),
      ...(requirements && { requirements }),
      ...(retryAfter !== undefined && { retryAfter }),
    },
  };
}
