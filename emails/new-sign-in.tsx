// A sign-in from a device this account had not used: when, from where, and what to do if it was not them.
import { Link, Text } from "@react-email/components";
import { EmailLayout, formatInstant, linkStyle, textStyle } from "./layout";

export interface NewSignInEmailProps {
  appUrl: string;
  signedInAt: string;
  ipAddress: string | null;
  userAgent: string | null;
}

export const newSignInSubject = () => "New sign-in to your Gatehouse account";

export function NewSignInEmail({ appUrl, signedInAt, ipAddress, userAgent }: NewSignInEmailProps) {
  const settingsUrl = `${appUrl}/settings/security`;
  const resetUrl = `${appUrl}/forgot-password`;
  return (
    <EmailLayout preview="A new device signed in to your account" heading="New sign-in from an unknown device" footer="This notice is sent the first time a device signs in to your account.">
      <Text style={textStyle}>Your account was signed in to on {formatInstant(signedInAt)} from a device it had not used before.</Text>
      <Text style={textStyle}>
        Address: {ipAddress ?? "unknown"}
        <br />
        Browser: {userAgent ?? "unknown"}
      </Text>
      <Text style={textStyle}>
        If this was you, there is nothing to do. If not, reset your password (<Link href={resetUrl} style={linkStyle}>{resetUrl}</Link>) and review your sessions
        (<Link href={settingsUrl} style={linkStyle}>{settingsUrl}</Link>).
      </Text>
    </EmailLayout>
  );
}
