// POST /uauth/auth/password/reset — a reset link's token and a new password → 204; every session of the account ends.
import { apiRoute } from "@/lib/api/handler";
import { resetPassword } from "@/lib/auth/password-reset";
import { apiResetPasswordSchema } from "@/lib/auth/password-reset-schemas";

export const POST = apiRoute({ access: "public", body: apiResetPasswordSchema }, async ({ body, facts, now }) => {
  await resetPassword(body.token, body.password, { ...facts, now });
  return new Response(null, { status: 204 });
});
