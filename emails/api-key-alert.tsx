// An API key of the workspace was used from a new address, its hourly rate jumped, or it expires
// in 7 days: sent to the workspace's superusers, one template with a variant each.
import { Link, Text } from "@react-email/components";
import { EmailLayout, formatInstant, linkStyle, textStyle } from "./layout";

export type ApiKeyAlert = "new_address" | "rate_jump" | "expiring";

export interface ApiKeyAlertEmailProps {
  appUrl: string;
  alert: ApiKeyAlert;
  workspaceName: string;
  subdomain: string;
  keyName: string;
  keyPrefix: string;
  /** When it was seen (new address, rate jump) or when the key expires. */
  at: string;
  ipAddress: string | null;
  /** Requests in the hour (rate jump). */
  requests: number | null;
}

const SUBJECT: Record<ApiKeyAlert, (props: ApiKeyAlertEmailProps) => string> = {
  new_address: ({ keyName, workspaceName }) => `API key "${keyName}" of ${workspaceName} was used from a new address`,
  rate_jump: ({ keyName, workspaceName }) => `API key "${keyName}" of ${workspaceName} is making far more requests than usual`,
  expiring: ({ keyName, workspaceName }) => `API key "${keyName}" of ${workspaceName} expires in 7 days`,
};

export const apiKeyAlertSubject = (props: ApiKeyAlertEmailProps) => SUBJECT[props.alert](props);

function Body({ alert, keyName, keyPrefix, at, ipAddress, requests }: ApiKeyAlertEmailProps) {
  const key = `"${keyName}" (${keyPrefix}…)`;
  if (alert === "new_address") return <>The API key {key} was used on {formatInstant(at)} from {ipAddress ?? "an unknown address"}, an address it had never been used from before.</>;
  if (alert === "rate_jump") return <>The API key {key} made {requests ?? "many"} requests in the hour from {formatInstant(at)}, far above its usual rate.</>;
  return <>The API key {key} expires on {formatInstant(at)}. Create or rotate a key before then so the integration keeps working.</>;
}

export function ApiKeyAlertEmail(props: ApiKeyAlertEmailProps) {
  const keysUrl = `${props.appUrl}/w/${encodeURIComponent(props.subdomain)}/settings/api-keys`;
  return (
    <EmailLayout preview={apiKeyAlertSubject(props)} heading={apiKeyAlertSubject(props)} footer={`Sent to the superusers of ${props.workspaceName} on Gatehouse.`}>
      <Text style={textStyle}>
        <Body {...props} />
      </Text>
      {props.alert === "expiring" ? null : <Text style={textStyle}>If you do not recognise this use, revoke the key at once.</Text>}
      <Text style={textStyle}>
        The workspace&apos;s API keys: <Link href={keysUrl} style={linkStyle}>{keysUrl}</Link>
      </Text>
    </EmailLayout>
  );
}
