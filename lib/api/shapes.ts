import "server-only";
import type { z } from "zod";
import type { adminWorkspaceSchema, businessProfileSchema, consumerSchema } from "@/lib/api/responses";
import { NO_ROLE, type Authority } from "@/lib/auth/authorities";
import { appEnv } from "@/lib/env";
import type { WorkspaceSettingsView } from "@/lib/workspaces/settings";

// Response shapes of the seed's API (shared/seeds/002), field for field.

/** The seed's `consumer`: who a token speaks for (its schema: lib/api/responses.ts). */
export type Consumer = z.infer<typeof consumerSchema>;

export function consumer(user: { id: number; email: string }, workspace?: { id: number; roleId: number; authorities: Authority[] }): Consumer {
  return {
    type: "USER",
    businessProfileId: workspace?.id ?? null,
    name: user.email,
    id: user.id,
    authorities: workspace?.authorities ?? [],
    roles: workspace ? String(workspace.roleId) : NO_ROLE,
  };
}

export type BusinessProfile = z.infer<typeof businessProfileSchema>;

/** A workspace as the seed's `business-profile` entries show it (logo as an absolute URL). */
export function businessProfile(workspace: { id: number; name: string; logo: string | null; guid: string; createdAt: Date; subdomain: string; ipRestricted: boolean; mfaRequired: boolean }): BusinessProfile {
  return {
    id: workspace.id,
    name: workspace.name,
    logo: workspace.logo?.startsWith("/") ? `${appEnv().appUrl}${workspace.logo}` : workspace.logo,
    businessProfileGuid: workspace.guid,
    // The seed shows whole seconds: 2020-07-21T12:41:59Z.
    created: workspace.createdAt.toISOString().replace(/\.\d{3}Z$/, "Z"),
    subdomain: workspace.subdomain,
    ipRestricted: workspace.ipRestricted,
    mfaRequired: workspace.mfaRequired,
  };
}

/** What the landlord console sees beyond the business-profile fields. */
type AdminWorkspaceExtras = Omit<z.infer<typeof adminWorkspaceSchema>, keyof BusinessProfile>;

/** A workspace in the landlord console: the business-profile fields, its allow-list, suspension, token policy and the bounds of that policy. */
export function adminWorkspaceShape(workspace: Parameters<typeof businessProfile>[0] & Omit<AdminWorkspaceExtras, "suspendedAt"> & { suspendedAt: Date | null }): BusinessProfile & AdminWorkspaceExtras {
  return {
    ...businessProfile(workspace),
    ipAllowlist: workspace.ipAllowlist,
    suspendedAt: workspace.suspendedAt?.toISOString() ?? null,
    suspendedReason: workspace.suspendedReason,
    accessTokenMinutes: workspace.accessTokenMinutes,
    sessionHours: workspace.sessionHours,
    maxAccessTokenMinutes: workspace.maxAccessTokenMinutes,
    maxSessionHours: workspace.maxSessionHours,
  };
}

/** A workspace's settings as its administrators see them: the business profile, allow-list and token policy. */
export function workspaceSettingsShape(settings: WorkspaceSettingsView) {
  const { ipAllowlist, tokenPolicy, tokenLimits, tokenLifetimes } = settings;
  return { ...businessProfile(settings), ipAllowlist, tokenPolicy, tokenLimits, tokenLifetimes };
}
