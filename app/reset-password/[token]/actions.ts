"use server";

import { redirect } from "next/navigation";
import { parseInput, runAction, type ActionResult } from "@/lib/auth/action";
import { currentFacts } from "@/lib/auth/dal";
import { resetPassword } from "@/lib/auth/password-reset";
import { chooseNewPasswordSchema } from "@/lib/validation";

/** Sets a new password through a reset link, under the password policy; every session of the account ends. */
export async function resetPasswordAction(token: unknown, input: unknown): Promise<ActionResult> {
  const result = await runAction(async () => {
    const { password } = parseInput(chooseNewPasswordSchema, input);
    await resetPassword(String(token), password, { ...(await currentFacts()), now: new Date() });
  });
  if (!result.ok) return result;
  redirect("/login?notice=password-reset");
}
