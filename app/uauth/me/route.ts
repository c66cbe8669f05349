// GET /uauth/me — who the token speaks for; with a workspace token also the workspace and the
// authorities there as they are now. Integrations call it to check a token.
import { apiRoute } from "@/lib/api/handler";
import { businessProfile, consumer } from "@/lib/api/shapes";
import { isWorkspacePrincipal } from "@/lib/auth/principal";

export const GET = apiRoute({ access: "current" }, async ({ principal }) => {
  const inWorkspace = isWorkspacePrincipal(principal);
  return {
    consumer: inWorkspace ? consumer(principal.user, { id: principal.workspace.id, roleId: principal.role.id, authorities: principal.authorities }) : consumer(principal.user),
    stage: principal.stage,
    session: { id: principal.sessionId, mfaPassed: principal.mfaPassedAt !== null },
    user: { id: principal.user.id, email: principal.user.email, name: principal.user.name, mfaEnabled: principal.user.hasMfa },
    ...(inWorkspace && {
      businessProfile: businessProfile(principal.workspace),
      role: { id: String(principal.role.id), key: principal.role.key, name: principal.role.name },
      authorities: principal.authorities,
    }),
  };
});
