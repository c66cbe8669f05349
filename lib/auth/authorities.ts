// The authority catalogue: every permission string Gatehouse knows, in the seed's ROLE_* form.
// Roles and API keys hold subsets of it; `can()` is the only test of a permission. Edge-safe.

export const AUTHORITIES = {
  ROLE_ADMIN_EDITUSER: "Change members' roles",
  ROLE_ADMIN_INVITEUSER: "Invite members",
  ROLE_ADMIN_REMOVEUSER: "Remove members",
  ROLE_ADMIN_ROLES: "Manage roles",
  ROLE_ADMIN_SETTINGS: "Change workspace settings (MFA, IP allow-list)",
  ROLE_ADMIN_SESSIONS: "See and revoke members' sessions",
  ROLE_ADMIN_AUDIT: "Read the audit log",
  ROLE_ANALYTICS_SHOW: "View analytics",
  ROLE_ANALYTICS_EXPORT: "Export analytics",
  ROLE_API_ADD: "Add API keys to integrations",
  ROLE_API_CREATE: "Create API keys",
  ROLE_API_DELETE: "Revoke API keys",
  ROLE_API_SHOW: "List API keys",
  ROLE_CRM_SHOW: "View CRM records",
  ROLE_CRM_EDIT: "Edit CRM records",
  ROLE_ERP_SHOW: "View ERP records",
  ROLE_ERP_EDIT: "Edit ERP records",
} as const;

export type Authority = keyof typeof AUTHORITIES;

/** `roles` before a workspace is chosen, as in the seed's responses. */
export const NO_ROLE = "-2";

export const ALL_AUTHORITIES = Object.keys(AUTHORITIES) as Authority[];

export function isAuthority(value: string): value is Authority {
  return Object.hasOwn(AUTHORITIES, value);
}

/** Parses the space-separated column form, dropping anything no longer in the catalogue. */
export function parseAuthorities(column: string): Authority[] {
  return column.split(/\s+/).filter(isAuthority).sort();
}

/** The column form of a set of authorities: sorted, de-duplicated, catalogue-only. */
export function formatAuthorities(authorities: Iterable<string>): string {
  return [...new Set([...authorities].filter(isAuthority))].sort().join(" ");
}

/** Anything that carries authorities: a workspace principal, an API key. */
export interface HasAuthorities {
  readonly authorities: readonly Authority[];
}

/** The one permission test. Checks authorities, never role names. */
export function can(principal: HasAuthorities, authority: Authority): boolean {
  return principal.authorities.includes(authority);
}

/** Built-in role templates every new workspace receives. `superuser` holds the whole catalogue. */
export const ROLE_TEMPLATES = {
  superuser: { name: "Superuser", builtIn: true, authorities: ALL_AUTHORITIES },
  analyst: {
    name: "Analyst",
    builtIn: false,
    authorities: ["ROLE_ANALYTICS_SHOW", "ROLE_ANALYTICS_EXPORT", "ROLE_CRM_SHOW", "ROLE_ERP_SHOW"] as Authority[],
  },
  member: {
    name: "Member",
    builtIn: false,
    authorities: ["ROLE_CRM_SHOW", "ROLE_CRM_EDIT", "ROLE_ERP_SHOW", "ROLE_ANALYTICS_SHOW"] as Authority[],
  },
} as const;

export type RoleKey = keyof typeof ROLE_TEMPLATES;
