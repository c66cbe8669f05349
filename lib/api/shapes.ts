import "server-only";
import { NO_ROLE, type Authority } from "@/lib/auth/authorities";
import { appEnv } from "@/lib/env";

// Response shapes of the seed's API (shared/seeds/002), field for field.

export interface Consumer {
  type: "USER";
  businessProfileId: number | null;
  name: string;
  id: number;
  authorities: Authority[];
  roles: string;
}

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

export interface BusinessProfile {
  id: number;
  name: string;
  logo: string | null;
  businessProfileGuid: string;
  created: string;
  subdomain: string;
  ipRestricted: boolean;
  mfaRequired: boolean;
}

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
export interface AdminWorkspaceExtras {
  ipAllowlist: string[];
  suspendedAt: string | null;
  suspendedReason: string | null;
  accessTokenMinutes: number | null;
  sessionHours: number | null;
  maxAccessTokenMinutes: number | null;
  maxSessionHours: number | null;
}

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
