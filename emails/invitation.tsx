// "You have been invited": who invited, to which workspace, the button, when the link expires.
import { Button, Link, Text } from "@react-email/components";
import { buttonStyle, EmailLayout, formatInstant, linkStyle, textStyle } from "./layout";

export interface InvitationEmailProps {
  appUrl: string;
  inviterName: string;
  workspaceName: string;
  /** The invitation's one-time token; the link is built from APP_URL, never a request's Host. */
  token: string;
  expiresAt: string;
}

export const invitationSubject = ({ inviterName, workspaceName }: InvitationEmailProps) => `${inviterName} invited you to ${workspaceName} on Gatehouse`;

export function InvitationEmail({ appUrl, inviterName, workspaceName, token, expiresAt }: InvitationEmailProps) {
  const url = `${appUrl}/invitations/${encodeURIComponent(token)}`;
  return (
    <EmailLayout
      preview={`Join ${workspaceName} on Gatehouse`}
      heading={`Join ${workspaceName}`}
      footer="You received this because someone entered your address to invite you. If you did not expect it, ignore this e-mail: nothing happens until the link is used."
    >
      <Text style={textStyle}>
        {inviterName} invited you to the workspace <strong>{workspaceName}</strong>. Choose a password to accept.
      </Text>
      <Button href={url} style={buttonStyle}>
        Accept the invitation
      </Button>
      <Text style={textStyle}>The link works once and expires on {formatInstant(expiresAt)}.</Text>
      <Text style={textStyle}>
        If the button does not work, open this address: <Link href={url} style={linkStyle}>{url}</Link>
      </Text>
    </EmailLayout>
  );
}
