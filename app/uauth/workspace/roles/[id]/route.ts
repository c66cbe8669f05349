// PATCH /uauth/workspace/roles/{id} — rename a custom role or set its authorities; DELETE removes an unused one (workspace token).
import { apiRoute } from "@/lib/api/handler";
import { rowId } from "@/lib/api/params";
import { deleteRole, roleChangeSchema, updateRole } from "@/lib/workspaces/roles";

export const PATCH = apiRoute<"workspace", typeof roleChangeSchema, { id: string }>(
  { access: "workspace", authority: "ROLE_ADMIN_ROLES", body: roleChangeSchema },
  async ({ principal, body, params, facts, now }) => updateRole(principal, rowId(params.id), body, { ...facts, now }),
);

export const DELETE = apiRoute<"workspace", undefined, { id: string }>({ access: "workspace", authority: "ROLE_ADMIN_ROLES" }, async ({ principal, params, facts, now }) => {
  await deleteRole(principal, rowId(params.id), { ...facts, now });
  return new Response(null, { status: 204 });
});
