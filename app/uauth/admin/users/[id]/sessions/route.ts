// DELETE /uauth/admin/users/{id}/sessions — end every session of a user at once, refresh tokens with them (landlord admins).
import { endAllUserSessions } from "@/lib/admin/users";
import { apiRoute } from "@/lib/api/handler";
import { userId } from "@/lib/api/params";

export const DELETE = apiRoute<"landlord", undefined, { id: string }>({ access: "landlord" }, async ({ principal, params, facts, now }) => endAllUserSessions(userId(params.id), principal.user, { ...facts, now }));
