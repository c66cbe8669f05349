"use server";

import { redirect } from "next/navigation";
import { parseInput, runAction, type ActionResult } from "@/lib/auth/action";
import { currentFacts } from "@/lib/auth/dal";
import { acceptInvitation } from "@/lib/invitations";
import { chooseNewPasswordSchema } from "@/lib/validation";

/** Sets the password of an invited account through its one-time link, under the password policy. */
export async function setPasswordAction(token: unknown, input: unknown): Promise<ActionResult> {
  const result = await runAction(async () => {
    const { password } = parseInput(chooseNewPasswordSchema, input);
    await acceptInvitation(String(token), password, { ...(await currentFacts()), now: new Date() });
  });
  if (!result.ok) return result;
  redirect("/login?passwordSet=1");
}
