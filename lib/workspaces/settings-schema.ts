// The one schema of a workspace's settings: PATCH /uauth/workspace/settings, the settings page's
// form and its server action. Edge-safe: the form validates with it in the browser.
import { z } from "zod";
import { ipAllowlistSchema, workspaceLogoSchema, workspaceNameSchema } from "./fields";

/** The longest lifetimes a workspace may choose now: access tokens in minutes, sessions in hours. */
export interface TokenLimits {
  accessTokenMinutes: number;
  sessionHours: number;
}

const UNIT = { accessTokenMinutes: ["minute", "minutes"], sessionHours: ["hour", "hours"] } as const;

/** A lifetime: a whole number from 1 up to the limit (when known), or null for the platform's default. */
function lifetimeSchema(field: keyof TokenLimits, limits: TokenLimits | null) {
  const [one, many] = UNIT[field];
  const whole = z.number({ error: "Enter a whole number, or leave it empty." }).int("Enter a whole number.").min(1, `Use at least 1 ${one}.`);
  const bounded = limits ? whole.max(limits[field], `Use at most ${limits[field]} ${limits[field] === 1 ? one : many}: the bound set for this workspace.`) : whole;
  return bounded.nullable();
}

/** The allow-list as a list, or as the form writes it: one range per line, blank lines skipped. */
const allowlistInput = z
  .union([z.array(z.string()), z.string().transform((text) => text.split(/\r?\n/).map((line) => line.trim()).filter(Boolean))])
  .pipe(ipAllowlistSchema);

/**
 * Any of the settings (what is left out stays as it is; the allow-list is replaced as a whole).
 * With `limits` the token lifetimes are checked against them: the server always passes the
 * workspace's own, and the form the ones its page was rendered with. `confirmLockout` says the
 * caller knows the allow-list leaves out their own address.
 */
export function workspaceSettingsSchema(limits: TokenLimits | null = null) {
  return z
    .strictObject({
      name: workspaceNameSchema.optional(),
      logo: workspaceLogoSchema,
      mfaRequired: z.boolean().optional(),
      ipRestricted: z.boolean().optional(),
      ipAllowlist: allowlistInput.optional(),
      tokenPolicy: z.strictObject({ accessTokenMinutes: lifetimeSchema("accessTokenMinutes", limits).optional(), sessionHours: lifetimeSchema("sessionHours", limits).optional() }).optional(),
      confirmLockout: z.boolean().optional(),
    })
    .refine((input) => Object.keys(input).some((key) => key !== "confirmLockout"), { message: "Change at least one setting." });
}

export type WorkspaceSettingsInput = z.input<ReturnType<typeof workspaceSettingsSchema>>;
export type WorkspaceSettingsChange = z.output<ReturnType<typeof workspaceSettingsSchema>>;
