// GET /uauth/admin/workspaces/{id} — one workspace by its businessProfileGuid; PATCH — change its name, logo or policy (landlord admins).
import { getWorkspaceByGuid, updateWorkspace, workspacePatchSchema } from "@/lib/admin/workspaces";
import { apiRoute } from "@/lib/api/handler";
import { adminWorkspaceShape } from "@/lib/api/shapes";
import { AppError } from "@/lib/errors";
import { guidSchema } from "@/lib/validation";

function workspaceGuid(id: string): string {
  const parsed = guidSchema.safeParse(id);
  if (!parsed.success) throw new AppError("NOT_FOUND");
  return parsed.data;
}

export const GET = apiRoute<"landlord", undefined, { id: string }>({ access: "landlord" }, async ({ params }) => adminWorkspaceShape(await getWorkspaceByGuid(workspaceGuid(params.id))));

export const PATCH = apiRoute<"landlord", typeof workspacePatchSchema, { id: string }>({ access: "landlord", body: workspacePatchSchema }, async ({ principal, params, body, facts, now }) =>
  adminWorkspaceShape(await updateWorkspace(workspaceGuid(params.id), body, principal.user, { ...facts, now })),
);
