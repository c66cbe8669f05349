// GET /uauth/workspace/roles — the workspace's roles; POST creates a custom role from the caller's own authorities (workspace token).
import { apiRoute } from "@/lib/api/handler";
import { MEMBER_ADMIN_AUTHORITIES, requireAnyAuthority } from "@/lib/workspaces/members";
import { createRole, listRoles, newRoleSchema } from "@/lib/workspaces/roles";

// Inviting and changing roles means choosing one, so member administrators may list roles too.
export const GET = apiRoute({ access: "workspace" }, async ({ principal }) => {
  requireAnyAuthority(principal, ["ROLE_ADMIN_ROLES", ...MEMBER_ADMIN_AUTHORITIES]);
  return { items: await listRoles(principal) };
});

export const POST = apiRoute({ access: "workspace", authority: "ROLE_ADMIN_ROLES", body: newRoleSchema }, async ({ principal, body, facts, now }) => {
  return Response.json(await createRole(principal, body, { ...facts, now }), { status: 201 });
});
