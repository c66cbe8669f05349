// GET /uauth/admin/workspaces/{id} — one workspace by its businessProfileGuid; PATCH — change its name, logo, policy or token-lifetime bounds (landlord admins).
import { getWorkspaceByGuid, updateWorkspace, workspacePatchSchema } from "@/lib/admin/workspaces";
import { apiRoute } from "@/lib/api/handler";
import { workspaceGuid } from "@/lib/api/params";
import { adminWorkspaceShape } from "@/lib/api/shapes";

export const GET = apiRoute<"landlord", undefined, { id: string }>({ access: "landlord" }, async ({ params }) => adminWorkspaceShape(await getWorkspaceByGuid(workspaceGuid(params.id))));

export const PATCH = apiRoute<"landlord", typeof workspacePatchSchema, { id: string }>({ access: "landlord", body: workspacePatchSchema }, async ({ principal, params, body, facts, now }) =>
  adminWorkspaceShape(await updateWorkspace(workspaceGuid(params.id), body, principal.user, { ...facts, now })),
);
