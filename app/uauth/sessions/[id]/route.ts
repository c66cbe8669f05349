// DELETE /uauth/sessions/{id} — end one of the caller's own sessions (the current one too: a sign-out); 404 for any other id.
import { apiRoute } from "@/lib/api/handler";
import { endUserSession } from "@/lib/auth/session-list";

export const DELETE = apiRoute<"user", undefined, { id: string }>({ access: "user" }, async ({ principal, params, facts, now }) => {
  await endUserSession(principal.user.id, params.id, { ...facts, now });
  return new Response(null, { status: 204 });
});
