"use server";

import { parseInput, runAction, type ActionResult } from "@/lib/auth/action";
import { currentFacts } from "@/lib/auth/dal";
import { requestPasswordReset } from "@/lib/auth/password-reset";
import { forgotPasswordSchema } from "@/lib/auth/password-reset-schemas";

/** Asks for a reset link; succeeds alike for every address (the form then shows one neutral notice). */
export async function forgotPasswordAction(input: unknown): Promise<ActionResult> {
  return runAction(async () => {
    const { email } = parseInput(forgotPasswordSchema, input);
    await requestPasswordReset(email, { ...(await currentFacts()), now: new Date() });
    return undefined;
  });
}
