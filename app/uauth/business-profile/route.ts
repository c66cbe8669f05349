// GET /uauth/business-profile/ — the workspaces the caller belongs to (user or workspace token).
import { apiRoute } from "@/lib/api/handler";
import { businessProfile } from "@/lib/api/shapes";
import { listWorkspaces } from "@/lib/workspaces";

export const GET = apiRoute({ access: "user" }, async ({ principal }) => {
  const memberships = await listWorkspaces(principal.user.id);
  return memberships.map(({ workspace }) => businessProfile(workspace));
});
