// POST /uauth/auth/login/user — e-mail and password → user token (stage `mfa` when MFA is on).
import { apiRoute, json } from "@/lib/api/handler";
import { consumer } from "@/lib/api/shapes";
import { deviceSetCookie, deviceTokenFromCookieHeader } from "@/lib/auth/device-cookie";
import { loginWithPassword } from "@/lib/auth/journey";
import { apiLoginSchema } from "@/lib/auth/schemas";

export const POST = apiRoute({ access: "public", body: apiLoginSchema }, async ({ request, body, facts, now }) => {
  const deviceToken = deviceTokenFromCookieHeader(request.headers.get("cookie"));
  const result = await loginWithPassword({ email: body.username, password: body.password, deviceToken }, { ...facts, now });
  const response = json(
    {
      token: result.token,
      ...(result.refreshToken && { refreshToken: result.refreshToken }),
      consumer: consumer(result.user),
      mfaMethods: result.mfaMethods,
    },
    200,
  );
  // The device cookie, for a client that keeps cookies: its owner is let through an account block.
  response.headers.append("set-cookie", deviceSetCookie(result.deviceToken));
  return response;
});
