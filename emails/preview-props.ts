// Sample props for every template: `npm run email:preview` renders them, and the template tests
// use them. Names carry markup on purpose, so a preview shows it escaped.
import type { EmailProps, EmailTemplateName } from "@/lib/email/templates";

const AT = "2030-03-01T09:00:00.000Z";

export const PREVIEW_PROPS: { [T in EmailTemplateName]: EmailProps<T> } = {
  invitation: { inviterName: "Ada Lovelace", workspaceName: "Acme <Analytics> & Co", token: "preview-invitation-token", expiresAt: "2030-03-04T09:00:00.000Z" },
  "password-reset": { token: "preview-reset-token", expiresAt: "2030-03-01T09:30:00.000Z" },
  "password-changed": { changedAt: AT },
  "mfa-changed": { change: "enabled", changedAt: AT },
  "new-sign-in": { signedInAt: AT, ipAddress: "203.0.113.7", userAgent: "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0" },
  "api-key-alert": { alert: "new_address", workspaceName: "Acme Analytics & Co", subdomain: "acme", keyName: "CRM sync", keyPrefix: "gh_live_Ab12Cd34", at: AT, ipAddress: "203.0.113.7", requests: null },
};
