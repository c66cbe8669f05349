// GET /uauth/workspace/sessions — the live sessions inside this workspace, with their member (ROLE_ADMIN_SESSIONS).
import { apiRoute } from "@/lib/api/handler";
import { listWorkspaceSessions } from "@/lib/auth/session-list";

export const GET = apiRoute({ access: "workspace", authority: "ROLE_ADMIN_SESSIONS" }, async ({ principal, now }) => ({ sessions: await listWorkspaceSessions(principal, now) }));
