// GET /uauth/api-keys — the workspace's API keys (ROLE_API_SHOW); POST creates one, its secret shown this once (ROLE_API_CREATE; workspace token or API key).
import { apiRoute } from "@/lib/api/handler";
import { createApiKey, createApiKeySchema, listApiKeys } from "@/lib/api-keys";

export const GET = apiRoute({ access: "workspace", authority: "ROLE_API_SHOW" }, async ({ principal, now }) => ({ items: await listApiKeys(principal, now) }));

export const POST = apiRoute({ access: "workspace", authority: "ROLE_API_CREATE", body: createApiKeySchema }, async ({ principal, body, facts, now }) => {
  const { key, apiKey } = await createApiKey(principal, body, facts, now);
  return Response.json({ ...apiKey, key }, { status: 201 });
});
