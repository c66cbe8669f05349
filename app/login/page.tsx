import type { Metadata } from "next";
import Link from "next/link";
import { safeCallbackUrl } from "@/lib/auth/dal";
import { readSuspensionNotice } from "@/lib/auth/suspension-notice";
import { destinationOf } from "./destination";
import { LoginForm } from "./login-form";
import styles from "./login.module.css";

export const metadata: Metadata = { title: "Sign in" };

/** Why a person is back at the sign-in page (set by the journey's own redirects only). */
const NOTICES: Record<string, { tone: "ok" | "error"; text: string }> = {
  "signed-out": { tone: "ok", text: "You have signed out." },
  "session-ended": { tone: "error", text: "Your session has ended. Sign in again to continue." },
  "mfa-ended": { tone: "error", text: "That sign-in has ended: too many wrong codes, or it took too long. Sign in again." },
  "mfa-disabled": { tone: "ok", text: "Two-step verification is off, and you were signed out everywhere. Sign in again." },
  "password-reset": { tone: "ok", text: "Your password was changed, and you were signed out everywhere. Sign in with the new one." },
  "password-set": { tone: "ok", text: "Your password is set — sign in." },
  "workspace-suspended": { tone: "error", text: "Your workspace was suspended by the platform operator, and you were signed out. Sign in again to use your other workspaces." },
};

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = safeCallbackUrl(typeof params.callbackUrl === "string" ? params.callbackUrl : null);
  const notice = typeof params.notice === "string" && Object.hasOwn(NOTICES, params.notice) ? NOTICES[params.notice] : undefined;
  // Which workspace and why come from the sealed reference only, never from words in the URL.
  const suspension = params.notice === "workspace-suspended" && typeof params.ref === "string" ? await readSuspensionNotice(params.ref) : null;
  return (
    <section className="card narrow" aria-labelledby="login-title">
      <h1 id="login-title">Sign in to Gatehouse</h1>
      {suspension ? (
        <div className="alert error" role="alert">
          <p>
            <strong>{suspension.workspaceName}</strong> was suspended by the platform operator: {suspension.reason}
          </p>
          <p>You were signed out. Sign in again to use your other workspaces.</p>
        </div>
      ) : (
        notice && (
          <div className={`alert ${notice.tone}`} role={notice.tone === "error" ? "alert" : "status"}>
            {notice.text}
          </div>
        )
      )}
      {callbackUrl ? (
        <p className={styles.destination}>
          Sign in to continue to <strong>{destinationOf(callbackUrl)}</strong>.
        </p>
      ) : (
        <p className="muted">Use the e-mail address and password of your account.</p>
      )}
      <LoginForm callbackUrl={callbackUrl} />
      <p>
        <Link href="/forgot-password">Forgot password?</Link>
      </p>
    </section>
  );
}
