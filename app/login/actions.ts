"use server";

import { redirect } from "next/navigation";
import { parseInput, runAction, type ActionResult } from "@/lib/auth/action";
import { safeCallbackUrl } from "@/lib/auth/dal";
import { JourneyError, signIn } from "@/lib/auth/next-auth";
import { loginSchema } from "@/lib/auth/schemas";
import { AppError } from "@/lib/errors";

/** Step 1 in the browser: e-mail and password. */
export async function loginAction(input: unknown, callbackUrl: unknown): Promise<ActionResult> {
  const result = await runAction(async () => {
    const credentials = parseInput(loginSchema, input);
    try {
      await signIn("credentials", { ...credentials, redirect: false });
    } catch (error) {
      if (error instanceof JourneyError) throw new AppError(error.appCode, { ...(error.retryAfter !== undefined && { retryAfter: error.retryAfter }) });
      throw error;
    }
  });
  if (!result.ok) return result;
  // Without a page to return to, the next step decides: /login/mfa asks an MFA user for the
  // code, and middleware sends anyone already signed in on to their home.
  redirect(safeCallbackUrl(typeof callbackUrl === "string" ? callbackUrl : null) ?? "/login/mfa");
}
