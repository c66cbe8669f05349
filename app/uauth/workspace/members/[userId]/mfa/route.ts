// DELETE /uauth/workspace/members/{userId}/mfa — a workspace administrator (ROLE_ADMIN_EDITUSER, MFA in the last 10 minutes) resets a member's two-step verification.
import { resetMemberMfa } from "@/lib/admin/users";
import { apiRoute } from "@/lib/api/handler";
import { userId } from "@/lib/api/params";

export const DELETE = apiRoute<"workspace-user", undefined, { userId: string }>({ access: "workspace-user", authority: "ROLE_ADMIN_EDITUSER" }, async ({ principal, params, facts, now }) => {
  await resetMemberMfa(principal.workspace.id, userId(params.userId), { id: principal.user.id, sessionId: principal.sessionId, mfaPassedAt: principal.mfaPassedAt, authorities: principal.authorities }, { ...facts, now });
  return new Response(null, { status: 204 });
});
