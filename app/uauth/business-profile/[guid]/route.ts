// GET /uauth/business-profile/{guid} — one workspace, for a workspace token of that workspace.
import { apiRoute } from "@/lib/api/handler";
import { businessProfile } from "@/lib/api/shapes";
import { AppError } from "@/lib/errors";

export const GET = apiRoute<"workspace", undefined, { guid: string }>({ access: "workspace" }, async ({ principal, params }) => {
  if (params.guid.toLowerCase() !== principal.workspace.guid) throw new AppError("WRONG_WORKSPACE");
  return { ...businessProfile(principal.workspace), role: { id: String(principal.role.id), key: principal.role.key, name: principal.role.name }, authorities: principal.authorities };
});
