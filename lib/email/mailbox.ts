import "server-only";
import { db } from "@/lib/db/client";
import { appEnv, mailEnv } from "@/lib/env";
import { outboxProps } from "./outbox";
import { isEmailTemplateName, renderEmail, type RenderedEmail } from "./templates";

// The local mailbox: without RESEND_API_KEY, outside production, the sender marks e-mails SENT
// with provider "mailbox" and /dev/mailbox shows them, so a newcomer can click an invitation
// link. Every message of every user is readable there, which is why lib/env.ts allows it only
// where no Resend key is set and nobody said NODE_ENV=production.

/** Whether /dev/mailbox exists in this process (it answers 404 otherwise). */
export function mailboxAvailable(): boolean {
  return mailEnv().localMailbox;
}

export interface MailboxEntry {
  id: number;
  to: string;
  subject: string;
  sentAt: Date;
}

async function render(row: { to: string; template: string; payload: string }): Promise<RenderedEmail> {
  if (!isEmailTemplateName(row.template)) return { subject: `(unknown template ${row.template})`, html: "", text: "" };
  let props: unknown;
  try {
    props = outboxProps(row);
  } catch {
    // Written before payloads were sealed, or under another GATEHOUSE_ENCRYPTION_KEY: listed, not shown.
    return { subject: "(unreadable: sealed under another key, or written by an older version)", html: "", text: "" };
  }
  return renderEmail(row.template, props, { appUrl: appEnv().appUrl });
}

/** The newest e-mails delivered to the mailbox. */
export async function listMailbox(limit = 100): Promise<MailboxEntry[]> {
  const rows = await db().outboxEmail.findMany({
    where: { status: "SENT", provider: "mailbox" },
    orderBy: { id: "desc" },
    take: limit,
    select: { id: true, to: true, template: true, payload: true, sentAt: true },
  });
  return Promise.all(rows.map(async (row) => ({ id: row.id, to: row.to, subject: (await render(row)).subject, sentAt: row.sentAt ?? new Date(0) })));
}

/** The targets of the links in a rendered HTML part, in order, once each. */
function linksOf(html: string): string[] {
  const hrefs = [...html.matchAll(/href="([^"]+)"/g)].map((match) => match[1]!.replaceAll("&amp;", "&"));
  return [...new Set(hrefs)];
}

/**
 * One mailbox e-mail rendered as it would have been sent, with its links (the page shows them as
 * links of its own: the HTML part sits in a sandbox that cannot open them), or null.
 */
export async function readMailboxMessage(id: number): Promise<(MailboxEntry & RenderedEmail & { links: string[] }) | null> {
  const row = await db().outboxEmail.findFirst({ where: { id, status: "SENT", provider: "mailbox" }, select: { id: true, to: true, template: true, payload: true, sentAt: true } });
  if (!row) return null;
  const email = await render(row);
  return { id: row.id, to: row.to, sentAt: row.sentAt ?? new Date(0), ...email, links: linksOf(email.html) };
}
