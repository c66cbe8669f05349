// The landlord console's inputs, shared by its forms (in the browser) and its server actions.
// Edge-safe: no server-only imports (listed in EDGE_SAFE_MODULES).
import { z } from "zod";
import type { InvitationStatus } from "@/lib/invitations/workspace";
import { totpCodeSchema } from "@/lib/validation";

/** The id of the row a console action acts on (a user's, an invitation's). */
export const rowIdSchema = z.number({ error: "Not an id." }).int("Not an id.").positive("Not an id.").max(Number.MAX_SAFE_INTEGER, "Not an id.");

/** Resetting someone's MFA: the acting admin's current code, needed when their own MFA is older than 10 minutes. */
export const mfaResetSchema = z.object({ code: totpCodeSchema.optional() });
export type MfaResetInput = z.input<typeof mfaResetSchema>;

/** Every invitation status, in the order the console lists them. */
export const INVITATION_STATUSES = ["queued", "sent", "delivery_failed", "accepted", "expired", "revoked"] as const satisfies readonly InvitationStatus[];
