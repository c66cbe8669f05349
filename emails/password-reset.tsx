// A password-reset link: single use, short-lived; says what to do if it was not asked for.
import { Text } from "@react-email/components";
import { EmailLayout, OneTimeLinkButton, textStyle } from "./layout";

export interface PasswordResetEmailProps {
  appUrl: string;
  /** The reset's one-time token; the link is built from APP_URL. */
  token: string;
  expiresAt: string;
}

export const passwordResetSubject = () => "Reset your Gatehouse password";

export function PasswordResetEmail({ appUrl, token, expiresAt }: PasswordResetEmailProps) {
  const url = `${appUrl}/reset-password/${encodeURIComponent(token)}`;
  return (
    <EmailLayout
      preview="A link to choose a new password"
      heading="Reset your password"
      footer="If you did not ask for this, ignore this e-mail: your password stays as it is. A reset never skips two-step verification."
    >
      <Text style={textStyle}>Someone asked to reset the password of this account. Choose a new one with the button below.</Text>
      <OneTimeLinkButton url={url} label="Choose a new password" expiresAt={expiresAt} />
    </EmailLayout>
  );
}
