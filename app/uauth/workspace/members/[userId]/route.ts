// PATCH /uauth/workspace/members/{userId} — give a member another role; DELETE removes them from the workspace (workspace token).
import { apiRoute } from "@/lib/api/handler";
import { rowId } from "@/lib/api/params";
import { changeMemberRole, changeMemberRoleSchema, removeMember } from "@/lib/workspaces/members";

export const PATCH = apiRoute<"workspace", typeof changeMemberRoleSchema, { userId: string }>(
  { access: "workspace", authority: "ROLE_ADMIN_EDITUSER", body: changeMemberRoleSchema },
  async ({ principal, body, params, facts, now }) => changeMemberRole(principal, rowId(params.userId), body.roleId, { ...facts, now }),
);

export const DELETE = apiRoute<"workspace", undefined, { userId: string }>({ access: "workspace", authority: "ROLE_ADMIN_REMOVEUSER" }, async ({ principal, params, facts, now }) => {
  await removeMember(principal, rowId(params.userId), { ...facts, now });
  return new Response(null, { status: 204 });
});
