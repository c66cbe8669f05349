// DELETE /uauth/workspace/members/{userId}/sessions — end every session of a member inside this workspace (ROLE_ADMIN_SESSIONS).
import { apiRoute } from "@/lib/api/handler";
import { userId } from "@/lib/api/params";
import { endMemberWorkspaceSessions } from "@/lib/auth/session-list";

export const DELETE = apiRoute<"workspace", undefined, { userId: string }>({ access: "workspace", authority: "ROLE_ADMIN_SESSIONS" }, async ({ principal, params, facts, now }) =>
  endMemberWorkspaceSessions(principal, userId(params.userId), { ...facts, now }),
);
