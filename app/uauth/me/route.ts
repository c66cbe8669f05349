// GET /uauth/me — who the credential speaks for; with a workspace token or an API key also the
// workspace and the authorities there as they are now (a key's clipped to its creator's role).
// Integrations call it to check a token or a key.
import { apiRoute } from "@/lib/api/handler";
import { businessProfile, consumer } from "@/lib/api/shapes";
import { isWorkspacePrincipal } from "@/lib/auth/principal";

export const GET = apiRoute({ access: "current" }, async ({ principal }) => {
  const workspace = isWorkspacePrincipal(principal) && {
    consumer: consumer(principal.user, { id: principal.workspace.id, roleId: principal.role.id, authorities: principal.authorities }),
    businessProfile: businessProfile(principal.workspace),
    role: { id: String(principal.role.id), key: principal.role.key, name: principal.role.name },
    authorities: principal.authorities,
  };
  // What the credential is: an API key (acting for its creator), or a person's session.
  if (principal.kind === "api-key") {
    return { ...workspace, stage: "workspace", apiKey: principal.apiKey, user: { id: principal.user.id, email: principal.user.email, name: principal.user.name } };
  }
  return {
    consumer: consumer(principal.user),
    ...workspace,
    stage: principal.stage,
    session: { id: principal.sessionId, mfaPassed: principal.mfaPassedAt !== null },
    user: { id: principal.user.id, email: principal.user.email, name: principal.user.name, mfaEnabled: principal.user.hasMfa },
  };
});
