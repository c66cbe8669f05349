// POST /uauth/auth/reauth — re-enter the password: this session may make sensitive changes for 10 minutes, as after /settings/security's confirm step.
import { apiRoute } from "@/lib/api/handler";
import { confirmPassword } from "@/lib/auth/security-settings";
import { confirmPasswordSchema } from "@/lib/auth/settings-schemas";

export const POST = apiRoute({ access: "user", body: confirmPasswordSchema }, async ({ principal, body, facts, now }) => {
  await confirmPassword(principal.sessionId, principal.user.id, body.password, { ...facts, now });
  return new Response(null, { status: 204 });
});
