import type { Metadata } from "next";
import Link from "next/link";
import { homePath } from "@/lib/auth/browser-session";
import { browserSession, guardPage, requireUser, safeCallbackUrl } from "@/lib/auth/dal";
import { remainingRecoveryCodes } from "@/lib/auth/mfa";
import styles from "../login.module.css";
import { describeCodesLeft } from "./codes-left";

export const metadata: Metadata = { title: "Recovery codes left" };

/**
 * After a sign-in with a recovery code (app/login/mfa/actions.ts sends people here): each code
 * works once, so the person learns how many are left and is offered new ones before going on.
 */
export default async function RecoveryCodesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const principal = await guardPage(() => requireUser());
  const params = await searchParams;
  const next = safeCallbackUrl(typeof params.callbackUrl === "string" ? params.callbackUrl : null) ?? homePath(await browserSession());
  const { text, few } = describeCodesLeft(await remainingRecoveryCodes(principal.user.id));
  return (
    <section className="card narrow" aria-labelledby="recovery-codes-title">
      <h1 id="recovery-codes-title">You used a recovery code</h1>
      {few ? (
        <div className="alert error" role="alert">
          <p>{text}</p>
        </div>
      ) : (
        <p>{text}</p>
      )}
      <p className="muted">Each recovery code works only once. New codes replace all the old ones.</p>
      <p className={styles.actions}>
        <Link className={few ? "button" : "button secondary"} href="/settings/security">
          Create new recovery codes
        </Link>
        <Link className={few ? "button secondary" : "button"} href={next}>
          Continue
        </Link>
      </p>
    </section>
  );
}
