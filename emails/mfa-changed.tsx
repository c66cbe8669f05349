// Two-step verification turned on, turned off, or reset by an administrator: one template, a variant each.
import { Link, Text } from "@react-email/components";
import { EmailLayout, formatInstant, linkStyle, textStyle } from "./layout";

export type MfaChange = "enabled" | "disabled" | "reset";

export interface MfaChangedEmailProps {
  appUrl: string;
  change: MfaChange;
  changedAt: string;
}

// Turning it on keeps the session that did it; turning it off and a reset end every session.
const WORDING: Record<MfaChange, { subject: string; body: string; sessions: string }> = {
  enabled: { subject: "Two-step verification was turned on", body: "Two-step verification was turned on for your Gatehouse account", sessions: "Every other session of the account was signed out." },
  disabled: { subject: "Two-step verification was turned off", body: "Two-step verification was turned off for your Gatehouse account", sessions: "Every session of the account was signed out." },
  reset: { subject: "Two-step verification was reset", body: "An administrator reset two-step verification for your Gatehouse account", sessions: "Every session of the account was signed out." },
};

export const mfaChangedSubject = ({ change }: MfaChangedEmailProps) => WORDING[change].subject;

export function MfaChangedEmail({ appUrl, change, changedAt }: MfaChangedEmailProps) {
  const settingsUrl = `${appUrl}/settings/security`;
  return (
    <EmailLayout preview={WORDING[change].subject} heading={WORDING[change].subject} footer="This notice is sent for every change to two-step verification and cannot be turned off.">
      <Text style={textStyle}>
        {WORDING[change].body} on {formatInstant(changedAt)}. {WORDING[change].sessions}
      </Text>
      {change === "enabled" ? null : <Text style={textStyle}>Set it up again on your next sign-in to keep your account protected.</Text>}
      <Text style={textStyle}>
        Review your security settings: <Link href={settingsUrl} style={linkStyle}>{settingsUrl}</Link>
      </Text>
      <Text style={textStyle}>If this was not you, reset your password and contact your administrator.</Text>
    </EmailLayout>
  );
}
