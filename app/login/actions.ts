"use server";

import { redirect } from "next/navigation";
import { parseInput, runAction, type ActionResult } from "@/lib/auth/action";
import { safeCallbackUrl } from "@/lib/auth/dal";
import { signInWithPassword } from "@/lib/auth/next-auth";
import { loginSchema } from "@/lib/auth/schemas";

/** Step 1 in the browser: e-mail and password. */
export async function loginAction(input: unknown, callbackUrl: unknown): Promise<ActionResult> {
  const result = await runAction(async () => {
    await signInWithPassword(parseInput(loginSchema, input));
  });
  if (!result.ok) return result;
  // Without a page to return to, the next step decides: /login/mfa asks an MFA user for the
  // code, and middleware sends anyone already signed in on to their home.
  redirect(safeCallbackUrl(typeof callbackUrl === "string" ? callbackUrl : null) ?? "/login/mfa");
}
