// GET /uauth/workspace/settings — the workspace's settings and token policy with its limits; PATCH changes them (workspace token, ROLE_ADMIN_SETTINGS).
import { apiRoute } from "@/lib/api/handler";
import { workspaceSettingsShape } from "@/lib/api/shapes";
import { getWorkspaceSettings, updateWorkspaceSettings } from "@/lib/workspaces/settings";
import { workspaceSettingsSchema } from "@/lib/workspaces/settings-schema";

export const GET = apiRoute({ access: "workspace", authority: "ROLE_ADMIN_SETTINGS" }, async ({ principal }) => workspaceSettingsShape(await getWorkspaceSettings(principal)));

// The body's shape is checked here; its lifetimes against this workspace's limits in the domain.
export const PATCH = apiRoute({ access: "workspace", authority: "ROLE_ADMIN_SETTINGS", body: workspaceSettingsSchema() }, async ({ principal, body, facts, now }) =>
  workspaceSettingsShape(await updateWorkspaceSettings(principal, body, { ...facts, now })),
);
