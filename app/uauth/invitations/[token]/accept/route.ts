// POST /uauth/invitations/{token}/accept — join the workspace: a new account sets its password; an existing one sends its own token instead.
import { apiRoute, optionalSignedInUser } from "@/lib/api/handler";
import { acceptInvitationSchema } from "@/lib/invitations/schemas";
import { acceptWorkspaceInvitation } from "@/lib/invitations/workspace";

export const POST = apiRoute<"public", typeof acceptInvitationSchema, { token: string }>({ access: "public", body: acceptInvitationSchema }, async ({ request, params, body, facts, now }) => {
  const signedIn = await optionalSignedInUser(request, facts, now);
  return acceptWorkspaceInvitation(params.token, { password: body.password, signedInUserId: signedIn?.user.id ?? null }, { ...facts, now });
});
