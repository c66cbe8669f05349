// PATCH /uauth/admin/users/{id} — disable a user (every session ends at once) or enable them again (landlord admins).
import { setUserDisabled, userPatchSchema } from "@/lib/admin/users";
import { apiRoute } from "@/lib/api/handler";
import { userId } from "@/lib/api/params";

export const PATCH = apiRoute<"landlord", typeof userPatchSchema, { id: string }>({ access: "landlord", body: userPatchSchema }, async ({ principal, params, body, facts, now }) =>
  setUserDisabled(userId(params.id), body.status === "DISABLED", principal.user, { ...facts, now }),
);
