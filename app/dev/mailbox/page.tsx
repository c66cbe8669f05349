import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { listMailbox, mailboxAvailable } from "@/lib/email/mailbox";

export const metadata: Metadata = { title: "Development mailbox" };

// Public on purpose: it exists only without a Resend key outside production (404 otherwise), so
// a newcomer can open the invitation the demo just sent. lib/email/mailbox.ts says why that is safe.
export default async function MailboxPage() {
  await connection();
  if (!mailboxAvailable()) notFound();
  const messages = await listMailbox();
  return (
    <section className="card" aria-labelledby="mailbox-title">
      <h1 id="mailbox-title">Development mailbox</h1>
      <p>No RESEND_API_KEY is set, so e-mails are kept here instead of being sent. This page does not exist in production.</p>
      {messages.length === 0 ? (
        <p>No e-mails yet. They appear once the sender has run (every few seconds, or `npm run outbox:drain`).</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">To</th>
              <th scope="col">Subject</th>
              <th scope="col">Sent</th>
            </tr>
          </thead>
          <tbody>
            {messages.map((message) => (
              <tr key={message.id}>
                <td>{message.to}</td>
                <td>
                  <Link href={`/dev/mailbox/${message.id}`}>{message.subject}</Link>
                </td>
                <td>
                  <time dateTime={message.sentAt.toISOString()}>{message.sentAt.toISOString().replace("T", " ").slice(0, 19)} UTC</time>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
