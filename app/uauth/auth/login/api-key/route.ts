// POST /uauth/auth/login/api-key — trade the API key sent as Bearer for a short-lived workspace access token (no refresh token).
import { apiRoute, bearerToken } from "@/lib/api/handler";
import { consumer } from "@/lib/api/shapes";
import { exchangeApiKey } from "@/lib/api-keys";

export const POST = apiRoute({ access: "workspace" }, async ({ request, principal, now }) => {
  const { token, expiresAt, apiKey } = await exchangeApiKey(principal, bearerToken(request.headers.get("authorization")), now);
  return {
    token,
    expiresAt: expiresAt.toISOString(),
    apiKey,
    consumer: consumer(principal.user, { id: principal.workspace.id, roleId: principal.role.id, authorities: principal.authorities }),
  };
});
