// Schemas of the signed-in user's forms (/workspaces, /settings/security), shared by the browser
// forms and their server actions. Edge-safe.
import { z } from "zod";
import { guidSchema, passwordSchema, totpCodeSchema } from "@/lib/validation";

/** Any form that asks only for a current authenticator code: confirming set-up, new recovery codes, MFA off, step-up. */
export const authenticatorCodeSchema = z.object({ code: totpCodeSchema });
export type AuthenticatorCodeInput = z.input<typeof authenticatorCodeSchema>;

/** The settings page's "confirm your password" step, before the second factor may change. */
export const confirmPasswordSchema = z.object({ password: passwordSchema });

/** Choosing a workspace (the /workspaces cards and the switcher). */
export const selectWorkspaceSchema = z.object({ guid: guidSchema });

/** Signing out one of the user's own sessions (/settings/sessions): its id, the token's `sid`. */
export const endSessionSchema = z.object({ sessionId: z.string().trim().min(1, "Choose a session.").max(64, "Not a session id.") });
