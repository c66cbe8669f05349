// GET /uauth/admin/workspaces — every workspace (search, paging); POST — create one and invite its superuser (landlord admins).
import { workspaceSearchQuerySchema } from "@/lib/admin/schemas";
import { createWorkspaceWithSuperuser, listAllWorkspaces, newWorkspaceWithSuperuserSchema } from "@/lib/admin/workspaces";
import { apiRoute, json, parseQuery } from "@/lib/api/handler";
import { adminWorkspaceShape } from "@/lib/api/shapes";

export const GET = apiRoute({ access: "landlord" }, async ({ request }) => {
  const { q, limit, offset } = parseQuery(request, workspaceSearchQuerySchema);
  const { items, total } = await listAllWorkspaces({ query: q, limit, offset });
  return { items: items.map(adminWorkspaceShape), total, limit, offset };
});

export const POST = apiRoute({ access: "landlord", body: newWorkspaceWithSuperuserSchema }, async ({ principal, body, facts, now }) => {
  const { workspace, invitation } = await createWorkspaceWithSuperuser(body, principal.user, { ...facts, now });
  return json({ workspace: adminWorkspaceShape(workspace), invitation: { id: invitation.id, email: invitation.email, status: invitation.status, expiresAt: invitation.expiresAt } }, 201);
});
