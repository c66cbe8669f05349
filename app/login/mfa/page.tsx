import type { Metadata } from "next";
import Link from "next/link";
import { SignOutButton } from "@/app/ui/sign-out-button";
import { guardPage, requireMfaPending, safeCallbackUrl } from "@/lib/auth/dal";
import { destinationOf } from "../destination";
import styles from "../login.module.css";
import { RecoveryCodeForm, TotpForm } from "./mfa-form";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

function isRecoveryMode(params: Record<string, string | string[] | undefined>): boolean {
  return params.method === "recovery";
}

export async function generateMetadata({ searchParams }: { searchParams: SearchParams }): Promise<Metadata> {
  return { title: isRecoveryMode(await searchParams) ? "Use a recovery code" : "Two-step verification" };
}

export default async function MfaPage({ searchParams }: { searchParams: SearchParams }) {
  const principal = await guardPage(() => requireMfaPending());
  const params = await searchParams;
  const callbackUrl = safeCallbackUrl(typeof params.callbackUrl === "string" ? params.callbackUrl : null);
  const recovery = isRecoveryMode(params);
  const other = new URLSearchParams();
  if (!recovery) other.set("method", "recovery");
  if (callbackUrl) other.set("callbackUrl", callbackUrl);
  const otherHref = `/login/mfa${other.size ? `?${other}` : ""}`;

  return (
    <section className="card narrow" aria-labelledby="mfa-title">
      <h1 id="mfa-title">{recovery ? "Use a recovery code" : "Two-step verification"}</h1>
      {recovery ? (
        <p className="muted">Enter one of the recovery codes you saved when you set up two-step verification. Each code works only once.</p>
      ) : (
        <p className="muted">
          Open the authenticator app on your phone and enter the 6-digit code it shows for Gatehouse ({principal.user.email}).
        </p>
      )}
      {callbackUrl && (
        <p className={styles.destination}>
          Then you continue to <strong>{destinationOf(callbackUrl)}</strong>.
        </p>
      )}
      {recovery ? <RecoveryCodeForm callbackUrl={callbackUrl} /> : <TotpForm callbackUrl={callbackUrl} />}
      <p>
        <Link href={otherHref}>{recovery ? "Use your authenticator app instead" : "Use a recovery code"}</Link>
      </p>
      <p className="muted">
        Not you, or no way to confirm? <SignOutButton className="link-button" label="Sign in with another account" />
      </p>
    </section>
  );
}
