// Without a Resend key, outside production, e-mails are "delivered" to the local mailbox: marked
// SENT with provider "mailbox", nothing leaves the machine, and /dev/mailbox can show them.
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { startResendStandIn } from "@/lib/testing/resend-stand-in";
import { listMailbox, mailboxAvailable, readMailboxMessage } from "./mailbox";
import { drainOutbox, enqueueEmail } from "./outbox";

// Before anything reads mailEnv: no key, but a stand-in where Resend would be, to prove nothing is sent.
const standIn = await startResendStandIn();
delete process.env.RESEND_API_KEY;
process.env.RESEND_BASE_URL = standIn.url;
process.env.APP_URL = "http://localhost:3000";

afterAll(() => standIn.close());

const T0 = new Date("2030-03-01T09:00:00Z");

describe("the local mailbox", () => {
  it("receives drained e-mails without calling Resend, and renders them with links from APP_URL", async () => {
    expect(mailboxAvailable()).toBe(true);
    const { id } = await db().$transaction((tx) =>
      enqueueEmail(tx, { to: "New.Person@Example.test", template: "invitation", props: { inviterName: "Ada", workspaceName: "Acme", token: "tok-1", expiresAt: "2030-03-04T09:00:00Z" }, now: T0 }),
    );
    expect(await drainOutbox({ now: T0, owner: "a" })).toMatchObject({ claimed: 1, sent: 1 });
    expect(standIn.requests).toHaveLength(0);
    expect(await db().outboxEmail.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "SENT", provider: "mailbox", providerMessageId: null, to: "new.person@example.test" });

    expect(await listMailbox()).toEqual([{ id, to: "new.person@example.test", subject: "Ada invited you to Acme on Gatehouse", sentAt: T0 }]);
    const message = await readMailboxMessage(id);
    expect(message?.html).toContain('href="http://localhost:3000/invitations/tok-1"');
    expect(message?.text).toContain("http://localhost:3000/invitations/tok-1");
    expect(message?.links).toEqual(["http://localhost:3000/invitations/tok-1"]);
  });

  it("lists a message it cannot unseal (an older database, another key) instead of failing the whole page", async () => {
    const { id } = await db().$transaction((tx) => enqueueEmail(tx, { to: "b@example.test", template: "password-changed", props: { changedAt: T0.toISOString() }, now: T0 }));
    await drainOutbox({ now: T0, owner: "a" });
    await db().outboxEmail.update({ where: { id }, data: { payload: JSON.stringify({ changedAt: T0.toISOString() }) } });
    expect((await listMailbox()).find((entry) => entry.id === id)?.subject).toMatch(/^\(unreadable/);
    expect(await readMailboxMessage(id)).toMatchObject({ html: "", text: "", links: [] });
  });

  it("shows only what was delivered to it", async () => {
    const { id } = await db().$transaction((tx) => enqueueEmail(tx, { to: "a@example.test", template: "password-changed", props: { changedAt: T0.toISOString() }, now: T0 }));
    expect(await readMailboxMessage(id)).toBeNull();
    expect(await readMailboxMessage(999_999)).toBeNull();
  });
});
