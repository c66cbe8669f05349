// DELETE /uauth/workspace/sessions/{id} — end one live session inside this workspace (ROLE_ADMIN_SESSIONS); 404 for any other id.
import { apiRoute } from "@/lib/api/handler";
import { endWorkspaceSession } from "@/lib/auth/session-list";

export const DELETE = apiRoute<"workspace", undefined, { id: string }>({ access: "workspace", authority: "ROLE_ADMIN_SESSIONS" }, async ({ principal, params, facts, now }) => {
  await endWorkspaceSession(principal, params.id, { ...facts, now });
  return new Response(null, { status: 204 });
});
