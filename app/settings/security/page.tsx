import type { Metadata } from "next";
import Link from "next/link";
import QRCode from "qrcode";
import { guardPage, requireUser, safeCallbackUrl } from "@/lib/auth/dal";
import { securitySettings } from "@/lib/auth/security-settings";
import { listWorkspaces } from "@/lib/workspaces";
import { ConfirmPasswordForm } from "./confirm-password-form";
import { DisableTotpForm } from "./disable-totp-form";
import { RecoveryCodesHandoff, TotpOnOutcome, type SetUpDestination } from "./recovery-codes-handoff";
import { RegenerateRecoveryCodesForm } from "./regenerate-recovery-codes-form";
import styles from "./security-settings.module.css";
import { StartTotpSetupButton } from "./start-totp-setup-button";
import { TotpSetupForm } from "./totp-setup-form";

export const metadata: Metadata = { title: "Security settings" };

/** `ABCD EFGH …`: easier to read out and type than one long string. */
function groupInFours(secret: string): string {
  return secret.match(/.{1,4}/g)?.join(" ") ?? secret;
}

const DATE = new Intl.DateTimeFormat("en-GB", { dateStyle: "long", timeZone: "UTC" });

/** A path inside a workspace, `/w/<subdomain>` or below it: the subdomain, else null. */
function workspaceSubdomainOf(path: string): string | null {
  return /^\/w\/([a-z0-9-]+)(?:[/?]|$)/.exec(path)?.[1] ?? null;
}

/**
 * Where `next` leads once MFA is on. A workspace path names the workspace only when the user is
 * a member (no one learns another workspace's name from a link), and is then entered directly;
 * any other workspace's path is ignored.
 */
async function setUpDestination(userId: number, next: string | null): Promise<{ destination: SetUpDestination; requiredBy: string | null }> {
  if (!next) return { destination: null, requiredBy: null };
  const subdomain = workspaceSubdomainOf(next);
  if (!subdomain) return { destination: { kind: "path", href: next }, requiredBy: null };
  const workspace = (await listWorkspaces(userId)).find((membership) => membership.workspace.subdomain === subdomain)?.workspace;
  if (!workspace) return { destination: null, requiredBy: null };
  return { destination: { kind: "workspace", guid: workspace.guid, name: workspace.name, path: next }, requiredBy: workspace.mfaRequired ? workspace.name : null };
}

export default async function SecuritySettingsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const principal = await guardPage(() => requireUser());
  const params = await searchParams;
  const next = safeCallbackUrl(typeof params.next === "string" ? params.next : null);
  const { totp, passwordConfirmedUntil } = await securitySettings(principal.user.id, principal.user.email, principal.sessionId, new Date());
  const { destination, requiredBy } = await setUpDestination(principal.user.id, next);
  // Until the password is confirmed in this session, the page offers that step in place of every control that changes the factor.
  const qrCode = totp.state === "pending" ? await QRCode.toDataURL(totp.uri, { errorCorrectionLevel: "M", margin: 2, width: 208 }) : null;
  const confirmStep = (purpose: string) => (passwordConfirmedUntil ? null : <ConfirmPasswordForm email={principal.user.email} purpose={purpose} />);

  return (
    <section aria-labelledby="security-title" className="settings">
      <h1 id="security-title">Security settings</h1>
      <p className="muted">
        Signed in as {principal.user.email}. <Link href="/settings/sessions">See where you are signed in</Link>.
      </p>

      <section className="card" aria-labelledby="totp-title">
        <h2 id="totp-title">Two-step verification</h2>
        {requiredBy && totp.state !== "on" && <p className={styles.reason}>{requiredBy} requires two-step verification. Set it up to continue.</p>}
        <RecoveryCodesHandoff>
          {totp.state === "off" && (
            <>
              <p>
                Status: <strong>off</strong>. With two-step verification, signing in needs your password and a 6-digit code from an authenticator app on your phone
                (such as Google Authenticator, Microsoft Authenticator, 1Password or Aegis). Some workspaces require it.
              </p>
              {confirmStep("Setting up two-step verification needs your password.") ?? <StartTotpSetupButton label="Set up two-step verification" />}
            </>
          )}

          {totp.state === "pending_elsewhere" && (
            <>
              <p>
                Status: <strong>off</strong>. Set-up was started in another session (another browser, device or sign-in), and its key is shown only there.
              </p>
              <p>Start again here to get a new key; the set-up in the other session then stops working.</p>
              {confirmStep("Starting the set-up again needs your password.") ?? <StartTotpSetupButton label="Start again here" />}
            </>
          )}

          {totp.state === "pending_locked" && (
            <>
              <p>
                Status: <strong>being set up</strong>. It is switched on once you confirm a code.
              </p>
              {confirmStep("The key is shown again after your password.")}
            </>
          )}

          {totp.state === "pending" && (
            <>
              <p>
                Status: <strong>being set up</strong>. It is switched on once you confirm a code.
              </p>
              <ol className="steps">
                <li>
                  <h3>Add Gatehouse to your authenticator app</h3>
                  <p>Scan this QR code with the app.</p>
                  <img
                    className="qr"
                    src={qrCode!}
                    alt="QR code to scan with your authenticator app"
                    width={208}
                    height={208}
                  />
                  <p>Cannot scan it? Choose to enter a setup key in the app, and type this key (time-based, 6 digits):</p>
                  <p>
                    <code className="manual-key" data-testid="manual-key">
                      {groupInFours(totp.secret)}
                    </code>
                  </p>
                </li>
                <li>
                  <h3>Enter the code the app shows</h3>
                  <TotpSetupForm />
                </li>
              </ol>
              <StartTotpSetupButton label="Start over with a new key" className="link-button" />
            </>
          )}

          {totp.state === "on" && (
            <>
              <p>
                Status: <strong>on</strong> since {DATE.format(totp.enabledAt)}. Signing in asks for a code from your authenticator app.
              </p>
              <TotpOnOutcome destination={destination} />
              {confirmStep("New recovery codes and turning two-step verification off need your password.")}
              <section aria-labelledby="recovery-title">
                <h3 id="recovery-title">Recovery codes</h3>
                <p>
                  You have <strong>{totp.recoveryCodesLeft}</strong> unused recovery code{totp.recoveryCodesLeft === 1 ? "" : "s"}. Each signs you in once when your phone is not
                  at hand. New codes replace all the old ones.
                </p>
                {passwordConfirmedUntil && <RegenerateRecoveryCodesForm />}
              </section>
              <section aria-labelledby="disable-title">
                <h3 id="disable-title">Turn off two-step verification</h3>
                <p>You will be signed out everywhere, and workspaces that require two-step verification will not let you in until you set it up again.</p>
                {passwordConfirmedUntil && <DisableTotpForm />}
              </section>
            </>
          )}
        </RecoveryCodesHandoff>
      </section>
    </section>
  );
}
