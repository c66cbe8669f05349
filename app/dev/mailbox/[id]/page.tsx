import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { mailboxAvailable, readMailboxMessage } from "@/lib/email/mailbox";

export const metadata: Metadata = { title: "Development mailbox" };

// Public on purpose, like the list (../page.tsx): 404 unless the local mailbox is in use.
export default async function MailboxMessagePage({ params }: { params: Promise<{ id: string }> }) {
  await connection();
  if (!mailboxAvailable()) notFound();
  const { id } = await params;
  const message = /^\d{1,9}$/.test(id) ? await readMailboxMessage(Number(id)) : null;
  if (!message) notFound();
  return (
    <section className="card" aria-labelledby="message-title">
      <p>
        <Link href="/dev/mailbox">Back to the mailbox</Link>
      </p>
      <h1 id="message-title">{message.subject}</h1>
      <p>
        To {message.to}, <time dateTime={message.sentAt.toISOString()}>{message.sentAt.toISOString().replace("T", " ").slice(0, 19)} UTC</time>
      </p>
      <h2>Links</h2>
      <ul>
        {message.links.map((link) => (
          <li key={link}>
            <a href={link}>{link}</a>
          </li>
        ))}
      </ul>
      <h2>HTML part</h2>
      {/* An empty sandbox: the message's markup runs no script and reaches neither this page nor its cookies. */}
      <iframe title={`HTML part of ${message.subject}`} sandbox="" srcDoc={message.html} style={{ width: "100%", height: "36rem", border: "1px solid #d0d4da", background: "#fff" }} />
      <h2>Plain-text part</h2>
      <pre style={{ whiteSpace: "pre-wrap" }}>{message.text}</pre>
    </section>
  );
}
