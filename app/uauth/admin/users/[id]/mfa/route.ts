// DELETE /uauth/admin/users/{id}/mfa — reset a user's two-step verification: factor and recovery codes removed, every session ended, the user told by e-mail (landlord admins with MFA in the last 10 minutes).
import { resetUserMfa } from "@/lib/admin/users";
import { apiRoute } from "@/lib/api/handler";
import { userId } from "@/lib/api/params";

export const DELETE = apiRoute<"landlord", undefined, { id: string }>({ access: "landlord" }, async ({ principal, params, facts, now }) => {
  await resetUserMfa(userId(params.id), { id: principal.user.id, sessionId: principal.sessionId, mfaPassedAt: principal.mfaPassedAt }, { ...facts, now });
  return new Response(null, { status: 204 });
});
