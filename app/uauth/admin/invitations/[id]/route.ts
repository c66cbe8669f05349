// DELETE /uauth/admin/invitations/{id} — revoke an invitation: its link answers 410 from now on (landlord admins).
import { apiRoute } from "@/lib/api/handler";
import { invitationId } from "@/lib/api/params";
import { revokeInvitation } from "@/lib/invitations/workspace";

export const DELETE = apiRoute<"landlord", undefined, { id: string }>({ access: "landlord" }, async ({ principal, params, facts, now }) => {
  await revokeInvitation(invitationId(params.id), principal.user, { ...facts, now });
  return new Response(null, { status: 204 });
});
