// Input schemas of the sign-in journey, shared by the REST API and the browser forms.
import { z } from "zod";
import { emailSchema, passwordSchema, recoveryCodeSchema, totpCodeSchema } from "@/lib/validation";

/** POST /uauth/auth/login/user — the seed names the e-mail `username`. */
export const apiLoginSchema = z.object({ username: emailSchema, password: passwordSchema });

/** The /login form. */
export const loginSchema = z.object({ email: emailSchema, password: passwordSchema });
export type LoginInput = z.input<typeof loginSchema>;

export const mfaTypeSchema = z.enum(["TOTP_AUTHENTICATOR", "RECOVERY_CODE"], { error: "mfaType must be TOTP_AUTHENTICATOR or RECOVERY_CODE." });

/** The MFA step's query: which kind of code `verificationCode` is (an authenticator's unless said). */
export const mfaQuerySchema = z.object({ mfaType: mfaTypeSchema.default("TOTP_AUTHENTICATOR") });

/** POST /uauth/auth/login/user/mfa/verification — the code's format depends on `mfaType`. */
export const apiMfaSchema = z.object({ verificationCode: z.string({ error: "verificationCode is required." }).max(64, "verificationCode is too long.") });

/** The /login/mfa form: a 6-digit code. */
export const totpFormSchema = z.object({ code: totpCodeSchema });
/** The /login/mfa form in recovery mode. */
export const recoveryFormSchema = z.object({ code: recoveryCodeSchema });

export const refreshSchema = z.object({ refreshToken: z.string({ error: "refreshToken is required." }).min(1, "refreshToken is required.").max(200) });
