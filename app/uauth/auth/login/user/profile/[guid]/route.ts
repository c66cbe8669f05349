// POST /uauth/auth/login/user/profile/{guid} — select (or switch to) a workspace → workspace token.
import { apiRoute, validationError } from "@/lib/api/handler";
import { consumer } from "@/lib/api/shapes";
import { selectWorkspace } from "@/lib/auth/journey";
import { guidSchema } from "@/lib/validation";

export const POST = apiRoute<"user", undefined, { guid: string }>({ access: "user" }, async ({ principal, params, facts, now }) => {
  const guid = guidSchema.safeParse(params.guid.toLowerCase());
  if (!guid.success) throw validationError(guid.error);
  const result = await selectWorkspace(principal.sessionId, guid.data, { ...facts, now });
  return {
    token: result.token,
    refreshToken: result.refreshToken,
    consumer: consumer(result.user, { id: result.workspace.id, roleId: result.role.id, authorities: result.authorities }),
  };
});
