import "server-only";
import { AppError } from "@/lib/errors";
import { checkNewPassword, type PasswordContext } from "./password-rules";

// The one password policy, for every place a password is set (set-password links, workspace
// invitations, resets). The rule itself is lib/auth/password-rules.ts, shared with the browser's
// strength hint; this is the server's guard around it.

export { checkNewPassword, type PasswordRefusal, type PasswordVerdict } from "./password-rules";

/**
 * {@link checkNewPassword} as a guard: VALIDATION_FAILED with the reason on the `password`
 * field, which the forms show next to it.
 */
export function enforcePasswordPolicy(password: string, email: string, context: PasswordContext = {}): void {
  const verdict = checkNewPassword(password, email, context);
  if (!verdict.ok) throw new AppError("VALIDATION_FAILED", { message: verdict.message, fieldErrors: { password: verdict.message } });
}
