// The fields of a workspace that both its landlord (lib/admin/workspaces.ts, lib/workspaces) and
// its own administrators (lib/workspaces/settings.ts and its form) set, with the one rule about
// the allow-list. Edge-safe: the settings form validates with them in the browser.
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { cidrSchema } from "@/lib/validation";

/** One line: a name is shown in e-mail subjects and logs, where a line break would start a header. */
export const workspaceNameSchema = z
  .string()
  .trim()
  .min(1, "Enter a name.")
  .max(100, "Use at most 100 characters.")
  .refine((name) => !/[\u0000-\u001f\u007f]/.test(name), "Use one line without control characters.");

/**
 * A logo served by Gatehouse itself (`/logos/acme.svg`): a path, never `//host/…` (a
 * protocol-relative URL, which a browser loads from that host) nor one climbing out with `..`.
 */
export function isLocalLogoPath(value: string): boolean {
  return /^\/(?!\/)[\w./-]+$/.test(value) && !value.includes("..");
}

/** An https:// URL, or a path on Gatehouse itself (`/logos/acme.svg`); null for none. */
export const workspaceLogoSchema = z
  .string()
  .trim()
  .max(2048)
  .refine((value) => isLocalLogoPath(value) || /^https:\/\/\S+$/.test(value), "Enter an https:// URL or a /path for the logo.")
  .nullish();

/**
 * An allow-list: at most 100 ranges. A wrong entry is reported on the list itself, naming the
 * entry, so a form showing the list as one text field can say which line is wrong.
 */
export const ipAllowlistSchema = z
  .array(z.string())
  .max(100, "At most 100 ranges.")
  .superRefine((ranges, ctx) => {
    for (const range of ranges) {
      const parsed = cidrSchema.safeParse(range);
      if (!parsed.success) return ctx.addIssue({ code: "custom", message: `${range.trim() || "(empty)"}: ${parsed.error.issues[0]!.message}` });
    }
  })
  .transform((ranges) => ranges.map((range) => range.trim()));

/** Turning on the IP restriction with no range would lock every member out, the superuser too. */
export const allowlistNeeded = { path: ["ipAllowlist"], message: "Give at least one range when ipRestricted is on." };

/** Refuses (400, on `ipAllowlist`) a workspace that would be IP-restricted with no range. */
export function requireAllowlist(ipRestricted: boolean, ranges: readonly string[]): void {
  if (ipRestricted && ranges.length === 0) throw new AppError("VALIDATION_FAILED", { message: allowlistNeeded.message, fieldErrors: { ipAllowlist: allowlistNeeded.message } });
}
