// Invitation forms' schemas, shared by the browser and the server actions. Edge-safe.
import { z } from "zod";
import { newPasswordSchema } from "@/lib/validation";

/** The set-password form. */
export const setPasswordSchema = z
  .object({ password: newPasswordSchema, confirmPassword: z.string() })
  .refine((value) => value.password === value.confirmPassword, { path: ["confirmPassword"], message: "The two passwords differ." });
export type SetPasswordInput = z.input<typeof setPasswordSchema>;
