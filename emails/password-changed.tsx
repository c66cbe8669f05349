// "Your password was changed": a notice to the owner, with what to do when it was not them.
import { Link, Text } from "@react-email/components";
import { EmailLayout, formatInstant, linkStyle, textStyle } from "./layout";

export interface PasswordChangedEmailProps {
  appUrl: string;
  changedAt: string;
}

export const passwordChangedSubject = () => "Your Gatehouse password was changed";

export function PasswordChangedEmail({ appUrl, changedAt }: PasswordChangedEmailProps) {
  const resetUrl = `${appUrl}/forgot-password`;
  return (
    <EmailLayout preview="Your password was changed" heading="Your password was changed" footer="This notice is sent for every password change and cannot be turned off.">
      <Text style={textStyle}>The password of your Gatehouse account was changed on {formatInstant(changedAt)}. Every other session was signed out.</Text>
      <Text style={textStyle}>
        If this was not you, reset your password now: <Link href={resetUrl} style={linkStyle}>{resetUrl}</Link>
      </Text>
    </EmailLayout>
  );
}
