// Schemas of the signed-in user's forms (/workspaces, /settings/security), shared by the browser
// forms and their server actions. Edge-safe.
import { z } from "zod";
import { guidSchema, passwordSchema, totpCodeSchema } from "@/lib/validation";

/** Any form that asks only for a current authenticator code: confirming set-up, new recovery codes, step-up. */
export const authenticatorCodeSchema = z.object({ code: totpCodeSchema });
export type AuthenticatorCodeInput = z.input<typeof authenticatorCodeSchema>;

/** Turning two-step verification off: the password and a current code, both re-checked. */
export const disableTotpSchema = z.object({ password: passwordSchema, code: totpCodeSchema });
export type DisableTotpInput = z.input<typeof disableTotpSchema>;

/** Choosing a workspace (the /workspaces cards and the switcher). */
export const selectWorkspaceSchema = z.object({ guid: guidSchema });
