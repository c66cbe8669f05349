// "You have been invited": who invited, to which workspace, the button, when the link expires.
import { Text } from "@react-email/components";
import { EmailLayout, OneTimeLinkButton, textStyle } from "./layout";

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
      <OneTimeLinkButton url={url} label="Accept the invitation" expiresAt={expiresAt} />
    </EmailLayout>
  );
}
