// POST /uauth/auth/login/user/profile/{guid} — select (or switch to) a workspace → workspace token
// (no refresh token: the one from sign-in keeps working and now refreshes into this workspace).
import { z } from "zod";
import { apiRoute, validationError } from "@/lib/api/handler";
import { consumer } from "@/lib/api/shapes";
import { selectWorkspace } from "@/lib/auth/journey";
import { guidSchema } from "@/lib/validation";

export const POST = apiRoute<"user", undefined, { guid: string }>({ access: "user" }, async ({ principal, params, facts, now }) => {
  // Parsed as a named field so a 400 says which part of the request is wrong.
  const path = z.object({ guid: guidSchema }).safeParse({ guid: params.guid.toLowerCase() });
  if (!path.success) throw validationError(path.error);
  const result = await selectWorkspace(principal.sessionId, path.data.guid, { ...facts, now });
  return {
    token: result.token,
    consumer: consumer(result.user, { id: result.workspace.id, roleId: result.role.id, authorities: result.authorities }),
  };
});
