// POST /uauth/admin/invitations/{id}/resend — a new link and e-mail; the old link dies at once (landlord admins).
import { apiRoute, json } from "@/lib/api/handler";
import { invitationId } from "@/lib/api/params";
import { resendInvitation } from "@/lib/invitations/workspace";

export const POST = apiRoute<"landlord", undefined, { id: string }>({ access: "landlord" }, async ({ principal, params, facts, now }) =>
  json(await resendInvitation(invitationId(params.id), principal.user, { ...facts, now }), 201),
);
