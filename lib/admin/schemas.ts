// The landlord console's inputs, shared by its forms (in the browser), its server actions and the
// landlord API (lib/admin/workspaces.ts re-exports the workspace ones). Edge-safe: no server-only
// imports (listed in EDGE_SAFE_MODULES).
import { z } from "zod";
import { sessionEnv } from "@/lib/env";
import type { InvitationStatus } from "@/lib/invitations/workspace";
import { ACCESS_TOKEN_TTL } from "@/lib/tokens/claims";
import { emailSchema, guidSchema, pageQuerySchema, subdomainSchema, totpCodeSchema } from "@/lib/validation";
import { allowlistNeeded, ipAllowlistSchema, workspaceLogoSchema, workspaceNameSchema } from "@/lib/workspaces/fields";

/** POST /uauth/admin/workspaces: the workspace, and the superuser's address (nothing else about them). */
export const newWorkspaceWithSuperuserSchema = z
  .strictObject({
    name: workspaceNameSchema,
    subdomain: subdomainSchema,
    logo: workspaceLogoSchema,
    mfaRequired: z.boolean().default(false),
    ipRestricted: z.boolean().default(false),
    ipAllowlist: ipAllowlistSchema.default([]),
    superuserEmail: emailSchema,
  })
  // A copy: zod moves `message` out of the params object it is given, which would leave the
  // shared one without it for the settings' own check (lib/workspaces/fields.ts).
  .refine((input) => !input.ipRestricted || input.ipAllowlist.length > 0, { ...allowlistNeeded });
export type NewWorkspaceWithSuperuser = z.input<typeof newWorkspaceWithSuperuserSchema>;

/** The longest access token Gatehouse issues inside a workspace, in minutes: a bound above it would mean nothing. */
const ACCESS_TOKEN_MINUTES_LIMIT = ACCESS_TOKEN_TTL.workspace / 60;
/** SESSION_MAX_LIFETIME_HOURS, read when a patch is checked (the configuration may differ per deployment). */
const sessionHoursLimit = () => sessionEnv().maxLifetimeSeconds / 3600;

/**
 * PATCH /uauth/admin/workspaces/{id}: any of the settings; `ipAllowlist` replaces the list. The subdomain stays (it is in paths and bookmarks).
 * `maxAccessTokenMinutes` and `maxSessionHours` bound the shorter lifetimes the workspace's own admins may choose; null is the platform's limit.
 */
export const workspacePatchSchema = z
  .strictObject({
    name: workspaceNameSchema.optional(),
    logo: workspaceLogoSchema,
    mfaRequired: z.boolean().optional(),
    ipRestricted: z.boolean().optional(),
    ipAllowlist: ipAllowlistSchema.optional(),
    maxAccessTokenMinutes: z
      .int("Use whole minutes.")
      .min(1, "Use at least 1 minute.")
      .max(ACCESS_TOKEN_MINUTES_LIMIT, `Use at most ${ACCESS_TOKEN_MINUTES_LIMIT} minutes: no access token lives longer.`)
      .nullable()
      .optional(),
    maxSessionHours: z
      .int("Use whole hours.")
      .min(1, "Use at least 1 hour.")
      .refine((hours) => hours <= sessionHoursLimit(), { error: () => `Use at most ${sessionHoursLimit()} hours: no session lives longer (SESSION_MAX_LIFETIME_HOURS).` })
      .nullable()
      .optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, { message: "Change at least one field." });
export type WorkspacePatch = z.input<typeof workspacePatchSchema>;

/** POST /uauth/admin/workspaces/{id}/suspension: why, in words members are shown on their workspace list. */
export const workspaceSuspensionSchema = z.strictObject({ reason: z.string().trim().min(1, "Say why.").max(500) });

/** The id of the row a console action acts on (a user's, an invitation's). */
export const rowIdSchema = z.number({ error: "Not an id." }).int("Not an id.").positive("Not an id.").max(Number.MAX_SAFE_INTEGER, "Not an id.");

/** Resetting someone's MFA: the acting admin's current code, needed when their own MFA is older than 10 minutes. */
export const mfaResetSchema = z.object({ code: totpCodeSchema.optional() });
export type MfaResetInput = z.input<typeof mfaResetSchema>;

/** Every invitation status, in the order the console lists them. */
export const INVITATION_STATUSES = ["queued", "sent", "delivery_failed", "accepted", "expired", "revoked"] as const satisfies readonly InvitationStatus[];

/** PATCH /uauth/admin/users/{id}: disable a user, or enable them again. */
export const userPatchSchema = z.strictObject({ status: z.enum(["DISABLED", "ACTIVE"], "Use DISABLED or ACTIVE.") });

/** GET /uauth/admin/users query: part of the e-mail address, and the page. */
export const userSearchQuerySchema = pageQuerySchema.extend({ q: z.string().max(320).optional() });

/** GET /uauth/admin/workspaces query: part of the name or subdomain, and the page. */
export const workspaceSearchQuerySchema = pageQuerySchema.extend({ q: z.string().max(100).optional() });

/** GET /uauth/admin/invitations query: one workspace's only (its businessProfileGuid), and the page. */
export const invitationListQuerySchema = pageQuerySchema.extend({ businessProfileGuid: guidSchema.optional() });

/** GET /uauth/admin/audit query: all filters optional; `actor` is a user id or an e-mail address. */
/** GET /uauth/admin/audit/verify: one workspace's chain (its businessProfileGuid), or every chain. */
export const auditVerifyQuerySchema = z.object({ workspace: guidSchema.optional() });

export const auditQuerySchema = pageQuerySchema.extend({
  workspace: guidSchema.optional(),
  actor: z.string().trim().min(1).max(320).optional(),
  action: z.string().trim().regex(/^[a-z_.]{1,80}$/, "Not an audit action.").optional(),
  from: z.iso.datetime({ offset: true, error: "Use a date and time such as 2026-12-01T09:00:00Z." }).optional(),
  to: z.iso.datetime({ offset: true, error: "Use a date and time such as 2026-12-01T09:00:00Z." }).optional(),
  format: z.enum(["json", "csv"]).optional(),
});
