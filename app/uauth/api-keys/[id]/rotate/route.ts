// POST /uauth/api-keys/{id}/rotate — a new secret for the key; the old one works for the overlap window (ROLE_API_CREATE; workspace token or API key).
import { apiRoute } from "@/lib/api/handler";
import { rowId } from "@/lib/api/params";
import { rotateApiKey, rotateApiKeySchema } from "@/lib/api-keys";

export const POST = apiRoute<"workspace", typeof rotateApiKeySchema, { id: string }>(
  { access: "workspace", authority: "ROLE_API_CREATE", body: rotateApiKeySchema },
  async ({ principal, body, params, facts, now }) => {
    const { key, apiKey } = await rotateApiKey(principal, rowId(params.id), body, facts, now);
    return Response.json({ ...apiKey, key }, { status: 201 });
  },
);
