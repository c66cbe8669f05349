import "server-only";
import { render } from "@react-email/render";
import { createElement, type ComponentType } from "react";
import { z } from "zod";
import { ApiKeyAlertEmail, apiKeyAlertSubject } from "@/emails/api-key-alert";
import { InvitationEmail, invitationSubject } from "@/emails/invitation";
import { MfaChangedEmail, mfaChangedSubject } from "@/emails/mfa-changed";
import { NewSignInEmail, newSignInSubject } from "@/emails/new-sign-in";
import { PasswordChangedEmail, passwordChangedSubject } from "@/emails/password-changed";
import { PasswordResetEmail, passwordResetSubject } from "@/emails/password-reset";

// The catalogue of e-mails: each template's props (checked when the e-mail is enqueued, so a bad
// call fails in the change that causes it, and again when it is rendered from the stored row),
// its subject and its react-email component. `appUrl` is not a prop callers give: rendering adds
// APP_URL, so no link can be built from a request's Host header.

const instant = z.iso.datetime({ offset: true });
/** Names shown in a message: one line of at most 200 characters (React escapes the HTML). */
const displayName = z.string().trim().min(1).max(200);

const CATALOGUE = {
  invitation: { schema: z.object({ inviterName: displayName, workspaceName: displayName, token: z.string().min(1), expiresAt: instant }), subject: invitationSubject, component: InvitationEmail },
  "password-reset": { schema: z.object({ token: z.string().min(1), expiresAt: instant }), subject: passwordResetSubject, component: PasswordResetEmail },
  "password-changed": { schema: z.object({ changedAt: instant }), subject: passwordChangedSubject, component: PasswordChangedEmail },
  "mfa-changed": { schema: z.object({ change: z.enum(["enabled", "disabled", "reset"]), changedAt: instant }), subject: mfaChangedSubject, component: MfaChangedEmail },
  "new-sign-in": { schema: z.object({ signedInAt: instant, ipAddress: z.string().max(64).nullable(), userAgent: z.string().max(512).nullable() }), subject: newSignInSubject, component: NewSignInEmail },
  "api-key-alert": {
    schema: z.object({
      alert: z.enum(["new_address", "rate_jump", "expiring"]),
      workspaceName: displayName,
      subdomain: z.string().min(1).max(63),
      keyName: displayName,
      keyPrefix: z.string().min(1).max(32),
      at: instant,
      ipAddress: z.string().max(64).nullable(),
      requests: z.number().int().nonnegative().nullable(),
    }),
    subject: apiKeyAlertSubject,
    component: ApiKeyAlertEmail,
  },
} as const;

export type EmailTemplateName = keyof typeof CATALOGUE;
/** The props a caller gives for a template (what is stored in the outbox row). */
export type EmailProps<T extends EmailTemplateName> = z.input<(typeof CATALOGUE)[T]["schema"]>;

export const EMAIL_TEMPLATE_NAMES = Object.keys(CATALOGUE) as EmailTemplateName[];

export function isEmailTemplateName(name: string): name is EmailTemplateName {
  return Object.hasOwn(CATALOGUE, name);
}

/** Checks a template's props; throws a ZodError naming the bad field. */
export function parseEmailProps<T extends EmailTemplateName>(template: T, props: unknown): EmailProps<T> {
  return CATALOGUE[template].schema.parse(props) as EmailProps<T>;
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

/** A subject is one header line: CR, LF and other control characters would start new headers. */
export function subjectLine(subject: string): string {
  return subject.replace(/[\u0000-\u001f\u007f]+/g, " ").replace(/\s+/g, " ").trim();
}

/**
 * Renders a template to its subject, HTML part and plain-text part, with links under `appUrl`
 * (APP_URL: `appEnv().appUrl`).
 */
export async function renderEmail(template: EmailTemplateName, props: unknown, { appUrl }: { appUrl: string }): Promise<RenderedEmail> {
  const entry = CATALOGUE[template];
  const parsed = { ...entry.schema.parse(props), appUrl };
  const element = createElement(entry.component as ComponentType<typeof parsed>, parsed);
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  return { subject: subjectLine((entry.subject as (props: typeof parsed) => string)(parsed)), html, text };
}
