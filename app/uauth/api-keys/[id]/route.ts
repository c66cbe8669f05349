// DELETE /uauth/api-keys/{id} — revoke an API key of the workspace at once (ROLE_API_DELETE; workspace token or API key).
import { apiRoute } from "@/lib/api/handler";
import { rowId } from "@/lib/api/params";
import { revokeApiKey } from "@/lib/api-keys";

export const DELETE = apiRoute<"workspace", undefined, { id: string }>({ access: "workspace", authority: "ROLE_API_DELETE" }, async ({ principal, params, facts, now }) => {
  await revokeApiKey(principal, rowId(params.id), facts, now);
  return new Response(null, { status: 204 });
});
