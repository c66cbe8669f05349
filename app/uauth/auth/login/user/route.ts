// POST /uauth/auth/login/user — e-mail and password → user token (stage `mfa` when MFA is on).
import { apiRoute } from "@/lib/api/handler";
import { consumer } from "@/lib/api/shapes";
import { loginWithPassword } from "@/lib/auth/journey";
import { apiLoginSchema } from "@/lib/auth/schemas";

export const POST = apiRoute({ access: "public", body: apiLoginSchema }, async ({ body, facts, now }) => {
  const result = await loginWithPassword({ email: body.username, password: body.password }, { ...facts, now });
  return {
    token: result.token,
    ...(result.refreshToken && { refreshToken: result.refreshToken }),
    consumer: consumer(result.user),
    mfaMethods: result.mfaMethods,
  };
});
