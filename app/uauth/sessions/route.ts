// GET /uauth/sessions — the caller's own live sessions (device, address, times, workspace), the current one marked.
import { apiRoute } from "@/lib/api/handler";
import { listUserSessions } from "@/lib/auth/session-list";

export const GET = apiRoute({ access: "user" }, async ({ principal, now }) => ({ sessions: await listUserSessions(principal.user.id, principal.sessionId, now) }));
