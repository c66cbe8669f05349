// Password-reset schemas, shared by the REST API, the browser forms and their server actions. Edge-safe.
import { z } from "zod";
import { emailSchema, newPasswordSchema } from "@/lib/validation";

/** POST /uauth/auth/password/forgot and the /forgot-password form. */
export const forgotPasswordSchema = z.object({ email: emailSchema });
export type ForgotPasswordInput = z.input<typeof forgotPasswordSchema>;

/** The one answer to a reset request, whatever the address: the API's body and the form's notice. */
export const FORGOT_PASSWORD_NOTICE = "If an account exists for that address, we sent it a link to choose a new password. The link works once, for 30 minutes.";

/** A reset link's token as it arrives; its shape is checked again before any look-up. */
const resetTokenSchema = z.string({ error: "token is required." }).min(1, "token is required.").max(200, "token is too long.");

/** POST /uauth/auth/password/reset. */
export const apiResetPasswordSchema = z.object({ token: resetTokenSchema, password: newPasswordSchema });
