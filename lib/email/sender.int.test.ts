// The background sender drains at start, and stop() waits for the drain in flight, so a server
// shutting down records what it sent before the database disconnects.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { enqueueEmail } from "./outbox";
import { startOutboxSender } from "./sender";

// No key: the local mailbox (NODE_ENV is "test").
delete process.env.RESEND_API_KEY;

describe("startOutboxSender", () => {
  it("drains at once, and stop() resolves after that drain has recorded its outcome", async () => {
    const { id } = await db().$transaction((tx) => enqueueEmail(tx, { to: "ada@example.test", template: "password-changed", props: { changedAt: new Date().toISOString() } }));
    const sender = startOutboxSender({ owner: "test", intervalMs: 60_000 });
    await sender.stop();
    expect(await db().outboxEmail.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "SENT", provider: "mailbox" });
  });
});
