// POST /uauth/auth/logout — ends the session behind the token (every token of it stops working).
import { apiRoute } from "@/lib/api/handler";
import { logout } from "@/lib/auth/journey";

export const POST = apiRoute({ access: "any" }, async ({ principal, facts, now }) => {
  await logout(principal.sessionId, { ...facts, now });
  return new Response(null, { status: 204 });
});
