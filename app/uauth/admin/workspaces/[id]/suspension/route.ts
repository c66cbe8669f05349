// POST /uauth/admin/workspaces/{id}/suspension — suspend a workspace, ending every session inside it; DELETE — reactivate it (landlord admins).
import { reactivateWorkspace, suspendWorkspace, workspaceSuspensionSchema } from "@/lib/admin/workspaces";
import { apiRoute } from "@/lib/api/handler";
import { workspaceGuid } from "@/lib/api/params";
import { adminWorkspaceShape } from "@/lib/api/shapes";

export const POST = apiRoute<"landlord", typeof workspaceSuspensionSchema, { id: string }>({ access: "landlord", body: workspaceSuspensionSchema }, async ({ principal, params, body, facts, now }) =>
  adminWorkspaceShape(await suspendWorkspace(workspaceGuid(params.id), body, principal.user, { ...facts, now })),
);

export const DELETE = apiRoute<"landlord", undefined, { id: string }>({ access: "landlord" }, async ({ principal, params, facts, now }) =>
  adminWorkspaceShape(await reactivateWorkspace(workspaceGuid(params.id), principal.user, { ...facts, now })),
);
