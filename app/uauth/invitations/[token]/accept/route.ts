// POST /uauth/invitations/{token}/accept — join the workspace: a new account sets its password; an existing one sends its own token instead.
import { z } from "zod";
import { apiRoute, optionalSignedInUser } from "@/lib/api/handler";
import { acceptWorkspaceInvitation } from "@/lib/invitations/workspace";
import { newPasswordSchema } from "@/lib/validation";

const acceptSchema = z.strictObject({ password: newPasswordSchema.optional() });

export const POST = apiRoute<"public", typeof acceptSchema, { token: string }>({ access: "public", body: acceptSchema }, async ({ request, params, body, facts, now }) => {
  const signedIn = await optionalSignedInUser(request, facts, now);
  return acceptWorkspaceInvitation(params.token, { password: body.password, signedInUserId: signedIn?.user.id ?? null }, { ...facts, now });
});
