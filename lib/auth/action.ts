import "server-only";
import { headers } from "next/headers";
import { unstable_rethrow } from "next/navigation";
import type { z } from "zod";
import { toAppError, validationError } from "@/lib/api/handler";
import { type ErrorCode, type PolicyRequirement } from "@/lib/errors";
import { requireSameOrigin } from "@/lib/net/origin";

/** What every server action returns: data, or an error a form can show next to its fields. */
export type ActionResult<T = undefined> =
  | { ok: true; data: T }
  | { ok: false; code: ErrorCode; message: string; fieldErrors?: Record<string, string>; retryAfter?: number; requirements?: PolicyRequirement[] };

/**
 * Runs a server action's body and shapes its outcome. A request whose Origin is not the app's
 * own is refused first (FORBIDDEN), here, so no action can forget it (middleware checks the
 * same rule, but an action must not depend on it). The body starts with a `require*` guard of
 * lib/auth/dal.ts (a test checks that every action does), then parses its input with
 * {@link parseInput}. Failures become `{ok: false}` through the API's own mapping (toAppError:
 * unique-key races are CONFLICT, anything unexpected is logged without its message and answered
 * INTERNAL); Next's redirect/notFound signals pass through.
 */
export async function runAction<T>(body: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    await requireSameOrigin(await headers());
    return { ok: true, data: await body() };
  } catch (error) {
    unstable_rethrow(error);
    const appError = toAppError(error, crypto.randomUUID());
    const { fieldErrors, retryAfter, requirements } = appError.details;
    return {
      ok: false,
      code: appError.code,
      message: appError.message,
      ...(fieldErrors && { fieldErrors }),
      ...(retryAfter !== undefined && { retryAfter }),
      ...(requirements && { requirements }),
    };
  }
}

/** Parses an action's input with the form's own schema (400 with field messages). */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error, input);
  return parsed.data;
}
