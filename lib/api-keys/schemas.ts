// Schemas of API-key administration, shared by the REST API, the settings page's server actions
// and its browser forms. Browser-safe: no server-only imports.
import { z } from "zod";
import { formatAuthorities, isAuthority, parseAuthorities, type Authority } from "@/lib/auth/authorities";

/** Rotation's default overlap: both keys work for a day, time to roll the new one out. */
export const DEFAULT_OVERLAP_SECONDS = 24 * 60 * 60;
/** The longest overlap a rotation may choose. */
export const MAX_OVERLAP_SECONDS = 30 * 24 * 60 * 60;

const nameSchema = z
  .string({ error: "Enter a name." })
  .trim()
  .min(1, "Enter a name.")
  .max(100, "Use at most 100 characters.")
  .refine((name) => !/[\u0000-\u001f\u007f]/.test(name), "Use one line without control characters.");

const authoritiesSchema = z
  .array(z.string().refine(isAuthority, "Not an authority of the catalogue."), { error: "Choose the key's authorities." })
  .min(1, "Choose at least one authority.")
  .max(100)
  .transform((values): Authority[] => parseAuthorities(formatAuthorities(values)));

/**
 * An expiry: an ISO 8601 instant with its offset, or a calendar date (the end of that day is not
 * implied: the key expires at its start, UTC). Null or absent: the key never expires. Whether it
 * lies ahead is checked where the clock is known (createApiKey).
 */
const expiresAtSchema = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()], { error: "Give a date (YYYY-MM-DD) or an ISO 8601 time with its offset." })
  .transform((value) => new Date(value))
  .nullish();

export const createApiKeySchema = z.object({ name: nameSchema, authorities: authoritiesSchema, expiresAt: expiresAtSchema }).strict();
export type CreateApiKeyInput = z.input<typeof createApiKeySchema>;

export const rotateApiKeySchema = z
  .object({
    overlapSeconds: z
      .number({ error: "Give the overlap in seconds." })
      .int("Give whole seconds.")
      .min(0, "The overlap cannot be negative.")
      .max(MAX_OVERLAP_SECONDS, "The overlap is at most 30 days.")
      .optional(),
  })
  .strict();
export type RotateApiKeyInput = z.input<typeof rotateApiKeySchema>;
