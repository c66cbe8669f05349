"use server";

import { redirect } from "next/navigation";
import { parseInput, runAction, type ActionResult } from "@/lib/auth/action";
import { safeCallbackUrl } from "@/lib/auth/dal";
import { signInWithPassword } from "@/lib/auth/next-auth";
import { loginSchema } from "@/lib/auth/schemas";

/** Step 1 in the browser: e-mail and password. Middleware then sends an MFA user to /login/mfa. */
export async function loginAction(input: unknown, callbackUrl: unknown): Promise<ActionResult> {
  const result = await runAction(async () => {
    await signInWithPassword(parseInput(loginSchema, input));
  });
  if (!result.ok) return result;
  redirect(safeCallbackUrl(typeof callbackUrl === "string" ? callbackUrl : null) ?? "/workspaces");
}
