import "server-only";
import { can, type Authority, type HasAuthorities } from "@/lib/auth/authorities";
import { MEMBER_ADMIN_AUTHORITIES } from "@/lib/workspaces/members";

// The sections of a workspace's settings and the authorities that open each (any one of them).
// Showing or hiding a section is convenience: every page and action checks its own authority.

const SECTIONS = [
  { path: "members", label: "Members", authorities: MEMBER_ADMIN_AUTHORITIES },
  { path: "roles", label: "Roles", authorities: ["ROLE_ADMIN_ROLES"] },
  { path: "api-keys", label: "API keys", authorities: ["ROLE_API_SHOW"] },
  { path: "workspace", label: "Workspace", authorities: ["ROLE_ADMIN_SETTINGS"] },
  { path: "sessions", label: "Sessions", authorities: ["ROLE_ADMIN_SESSIONS"] },
] as const satisfies ReadonlyArray<{ path: string; label: string; authorities: readonly Authority[] }>;

/** Every authority that opens some section: a member with none of them has no settings. */
export const SETTINGS_AUTHORITIES: readonly Authority[] = SECTIONS.flatMap((section) => section.authorities);

export interface SettingsSection {
  href: string;
  label: string;
}

/** The sections the principal may use, in the navigation's order. */
export function settingsSections(principal: HasAuthorities, subdomain: string): SettingsSection[] {
  return SECTIONS.filter((section) => section.authorities.some((authority) => can(principal, authority))).map((section) => ({
    href: `/w/${encodeURIComponent(subdomain)}/settings/${section.path}`,
    label: section.label,
  }));
}
