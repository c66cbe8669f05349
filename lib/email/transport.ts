import "server-only";
import { Resend } from "resend";
import { mailEnv } from "@/lib/env";
import type { RenderedEmail } from "./templates";

// Where a rendered e-mail goes: Resend through its SDK when RESEND_API_KEY is set, the local
// mailbox (the row itself, shown at /dev/mailbox) otherwise; lib/env.ts refuses a production
// start without a key, so the mailbox is only ever a development and local-run fallback.

export type DeliveryResult =
  | { ok: true; provider: "resend" | "mailbox"; messageId: string | null }
  /** `retryable`: an outage, a timeout, a rate limit, a 5xx; otherwise the provider refused it for good. */
  | { ok: false; retryable: boolean; error: string };

let client: { key: string; baseUrl: string | undefined; resend: Resend } | undefined;

function resendClient(key: string, baseUrl: string | undefined): Resend {
  if (client?.key !== key || client.baseUrl !== baseUrl) client = { key, baseUrl, resend: new Resend(key, baseUrl ? { baseUrl } : undefined) };
  return client.resend;
}

/** Status codes worth another try; anything else (422 validation, 403 domain, 401 key) will not change by waiting. */
function retryable(statusCode: number | null, name: string): boolean {
  return statusCode === null || statusCode === 429 || statusCode >= 500 || name === "concurrent_idempotent_requests";
}

/**
 * Hands one e-mail to the provider. The SDK answers `{ data, error }` (a timeout or a refused
 * connection too); a throw (a bug, an abort outside the SDK's own catch) is caught and retried
 * like an outage, so nothing escapes as a lost e-mail.
 */
export async function deliver(message: RenderedEmail & { to: string }, { idempotencyKey, timeoutMs }: { idempotencyKey: string; timeoutMs: number }): Promise<DeliveryResult> {
  const mail = mailEnv();
  // Without a key mailEnv has already refused production: this is the local mailbox.
  if (mail.resendApiKey === undefined) return { ok: true, provider: "mailbox", messageId: null };
  try {
    const { data, error } = await resendClient(mail.resendApiKey, mail.resendBaseUrl).emails.send(
      { from: mail.from, to: [message.to], subject: message.subject, html: message.html, text: message.text },
      { idempotencyKey, signal: AbortSignal.timeout(timeoutMs) },
    );
    if (error) return { ok: false, retryable: retryable(error.statusCode, error.name), error: `${error.name} (${error.statusCode ?? "no answer"}): ${error.message}` };
    return { ok: true, provider: "resend", messageId: data.id };
  } catch (error) {
    return { ok: false, retryable: true, error: `thrown: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}` };
  }
}
