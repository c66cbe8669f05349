// Validation primitives shared by every form and endpoint (client and server). Domain schemas
// compose these; nothing else defines what an e-mail or a password is. Edge-safe.
import { z } from "zod";
import { isCidr } from "@/lib/net/ip";

/** E-mail, trimmed and lower-cased so one address is one account. */
export const emailSchema = z
  .string({ error: "Enter your e-mail address." })
  .trim()
  .min(1, "Enter your e-mail address.")
  .max(254, "An e-mail address has at most 254 characters.")
  .pipe(z.email("Enter a valid e-mail address."))
  .transform((email) => email.toLowerCase());

/** Lower bound from NIST SP 800-63B-4 for a password used as a single factor. */
export const PASSWORD_MIN = 15;
/** Upper bound: longer input is refused before hashing (no silent truncation, no hashing DoS). */
export const PASSWORD_MAX = 1024;
/**
 * Upper bound for a password being set: room for any passphrase (NIST asks for at least 64),
 * and it keeps the strength estimate of lib/auth/password-rules.ts cheap.
 */
export const NEW_PASSWORD_MAX = 128;

/**
 * A password being set, as far as the schema goes: its length. The rest of the policy (not a
 * common password, not the e-mail) is lib/auth/password-rules.ts, enforced on the server and
 * shown as a hint while typing.
 */
export const newPasswordSchema = z
  .string({ error: "Choose a password." })
  .min(PASSWORD_MIN, `Use at least ${PASSWORD_MIN} characters.`)
  .max(NEW_PASSWORD_MAX, `Use at most ${NEW_PASSWORD_MAX} characters.`);

/** The forms that set a password (an invitation, a reset link): the new password twice. */
export const chooseNewPasswordSchema = z
  .object({ password: newPasswordSchema, confirmPassword: z.string() })
  .refine((value) => value.password === value.confirmPassword, { path: ["confirmPassword"], message: "The two passwords differ." });

/** A password being checked: any non-empty string up to the cap (old accounts keep working). */
export const passwordSchema = z
  .string({ error: "Enter your password." })
  .min(1, "Enter your password.")
  .max(PASSWORD_MAX, `A password has at most ${PASSWORD_MAX} characters.`);

/** A 6-digit TOTP code; spaces people type or paste are dropped. */
export const totpCodeSchema = z
  .string({ error: "Enter the 6-digit code." })
  .transform((code) => code.replace(/\s+/g, ""))
  .pipe(z.string().regex(/^\d{6}$/, "Enter the 6-digit code from your authenticator app."));

/** A recovery code as shown to the user (`xxxxx-xxxxx`), case and dashes forgiven. */
export const recoveryCodeSchema = z
  .string({ error: "Enter a recovery code." })
  .transform((code) => code.replace(/[\s-]+/g, "").toLowerCase())
  .pipe(z.string().regex(/^[a-z0-9]{10}$/, "A recovery code has 10 letters and digits."));

/** A workspace subdomain: a DNS label. */
export const subdomainSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, "Use lower-case letters, digits and hyphens (1–63), not starting or ending with a hyphen.");

/** An IPv4/IPv6 range or single address. */
export const cidrSchema = z.string().trim().refine(isCidr, "Enter an IP range such as 10.0.0.0/8.");

/** A workspace's public UUID. */
export const guidSchema = z.uuid("Not a workspace id.");

/** Paging of a list endpoint: `?limit=` (1–100, default 50) and `?offset=`. */
export const pageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
