// POST /uauth/auth/login/user/mfa/verification?mfaType=TOTP_AUTHENTICATOR|RECOVERY_CODE — the
// second factor, with the MFA-pending token from the login step → a user token.
import { apiRoute, parseQuery } from "@/lib/api/handler";
import { consumer } from "@/lib/api/shapes";
import { verifyMfa } from "@/lib/auth/journey";
import { AppError } from "@/lib/errors";
import { apiMfaSchema, mfaQuerySchema } from "@/lib/auth/schemas";
import { recoveryCodeSchema, totpCodeSchema } from "@/lib/validation";

export const POST = apiRoute({ access: "mfa", body: apiMfaSchema }, async ({ request, principal, body, facts, now }) => {
  const type = parseQuery(request, mfaQuerySchema).mfaType;
  const code = (type === "TOTP_AUTHENTICATOR" ? totpCodeSchema : recoveryCodeSchema).safeParse(body.verificationCode);
  if (!code.success) {
    const message = code.error.issues[0]!.message;
    throw new AppError("VALIDATION_FAILED", { message: `verificationCode: ${message}`, fieldErrors: { verificationCode: message } });
  }
  const result = await verifyMfa(principal.sessionId, type, code.data, { ...facts, now });
  return { token: result.token, refreshToken: result.refreshToken, consumer: consumer(result.user), mfaMethods: result.mfaMethods };
});
