// GET /uauth/admin/invitations — workspace invitations with their status, newest first, optionally of one workspace (landlord admins).
import { invitationListQuerySchema } from "@/lib/admin/schemas";
import { apiRoute, parseQuery } from "@/lib/api/handler";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { listInvitations } from "@/lib/invitations/workspace";

export const GET = apiRoute({ access: "landlord" }, async ({ request, now }) => {
  const { businessProfileGuid, limit, offset } = parseQuery(request, invitationListQuerySchema);
  let workspaceId: number | undefined;
  if (businessProfileGuid) {
    const workspace = await db().workspace.findUnique({ where: { guid: businessProfileGuid.toLowerCase() }, select: { id: true } });
    if (!workspace) throw new AppError("NOT_FOUND");
    workspaceId = workspace.id;
  }
  const { items, total } = await listInvitations({ workspaceId, limit, offset }, now);
  return { items, total, limit, offset };
});
