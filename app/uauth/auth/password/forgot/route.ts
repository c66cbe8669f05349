// POST /uauth/auth/password/forgot — asks for a reset link; 202 with one body whether or not the address has an account.
import { apiRoute, json } from "@/lib/api/handler";
import { requestPasswordReset } from "@/lib/auth/password-reset";
import { FORGOT_PASSWORD_NOTICE, forgotPasswordSchema } from "@/lib/auth/password-reset-schemas";

export const POST = apiRoute({ access: "public", body: forgotPasswordSchema }, async ({ body, facts, now }) => {
  await requestPasswordReset(body.email, { ...facts, now });
  return json({ message: FORGOT_PASSWORD_NOTICE }, 202);
});
