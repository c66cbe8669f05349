// The outbox on both databases, through the real Resend SDK against a local stand-in for
// Resend's API (lib/testing/resend-stand-in.ts): an e-mail commits or rolls back with the change
// that causes it, a provider outage, rate limit or timeout loses nothing and delivers exactly
// once later, the last try leaves a visible "delivery failed" that can be resent, and several
// drainers of one database send each row once. Time is an explicit `now`.
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { addSeconds } from "@/lib/clock";
import { encrypt } from "@/lib/crypto";
import { db } from "@/lib/db/client";
import { startResendStandIn } from "@/lib/testing/resend-stand-in";
import { drainOutbox, emailDeliveryStatus, enqueueEmail, MAX_ATTEMPTS, outboxProps, resendEmail, retryDelaySeconds } from "./outbox";

// Before anything reads mailEnv (it is read on first use and cached for the file).
const standIn = await startResendStandIn();
process.env.RESEND_API_KEY = "re_test_stand_in";
process.env.RESEND_BASE_URL = standIn.url;
process.env.EMAIL_FROM = "Gatehouse <no-reply@gatehouse.test>";
process.env.APP_URL = "https://gatehouse.example";

afterAll(() => standIn.close());

const T0 = new Date("2030-03-01T09:00:00Z");
const at = (seconds: number) => addSeconds(T0, seconds);

beforeEach(async () => {
  await db().outboxEmail.deleteMany();
  standIn.requests.length = 0;
  standIn.deliveries.length = 0;
});

function enqueueReset(to = "ada@example.test", now = T0) {
  return db().$transaction((tx) => enqueueEmail(tx, { to, template: "password-reset", props: { token: "tok-123", expiresAt: at(1800).toISOString() }, now }));
}

const row = (id: number) => db().outboxEmail.findUniqueOrThrow({ where: { id } });

describe("enqueueEmail", () => {
  it("writes nothing when the transaction that causes the e-mail rolls back", async () => {
    // Threat: an invitation e-mail sent for an invitation that was never created (or the reverse).
    await expect(
      db().$transaction(async (tx) => {
        await enqueueEmail(tx, { to: "ada@example.test", template: "password-changed", props: { changedAt: T0.toISOString() }, now: T0 });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect(await db().outboxEmail.count()).toBe(0);
  });

  it("refuses bad props and a bad address in the caller's transaction", async () => {
    await expect(db().$transaction((tx) => enqueueEmail(tx, { to: "not an address", template: "password-changed", props: { changedAt: T0.toISOString() } }))).rejects.toThrow();
    // @ts-expect-error a prop of another template
    await expect(db().$transaction((tx) => enqueueEmail(tx, { to: "ada@example.test", template: "password-changed", props: { token: "x" } }))).rejects.toThrow();
    expect(await db().outboxEmail.count()).toBe(0);
  });
});

describe("drainOutbox through the Resend SDK", () => {
  it("sends from, to, subject, HTML and text with the row's idempotency key, and records the message id", async () => {
    const { id } = await enqueueReset();
    expect(await drainOutbox({ now: at(1), owner: "a" })).toEqual({ claimed: 1, sent: 1, retrying: 0, failed: 0 });
    expect(standIn.requests).toHaveLength(1);
    const [request] = standIn.requests;
    const sent = await row(id);
    expect(request!.method).toBe("POST");
    expect(request!.path).toBe("/emails");
    expect(request!.headers.authorization).toBe("Bearer re_test_stand_in");
    expect(request!.headers["idempotency-key"]).toBe(sent.idempotencyKey);
    expect(request!.body).toMatchObject({ from: "Gatehouse <no-reply@gatehouse.test>", to: ["ada@example.test"], subject: "Reset your Gatehouse password" });
    expect(request!.body.html).toContain('href="https://gatehouse.example/reset-password/tok-123"');
    expect(request!.body.text).toContain("https://gatehouse.example/reset-password/tok-123");
    expect(sent).toMatchObject({ status: "SENT", attempts: 1, provider: "resend", leaseOwner: null, leaseUntil: null, sentAt: at(1) });
    expect(sent.providerMessageId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await emailDeliveryStatus(id)).toMatchObject({ status: "SENT", attempts: 1 });
    // Sent rows are not sent again.
    expect((await drainOutbox({ now: at(3600), owner: "a" })).claimed).toBe(0);
  });

  it.each([500, 429] as const)("keeps the row PENDING with backoff when Resend answers %i, and a later drain delivers it exactly once", async (status) => {
    // Threat: a provider outage or rate limit loses an invitation.
    const { id } = await enqueueReset();
    standIn.answerNext(status);
    expect(await drainOutbox({ now: at(1), owner: "a" })).toMatchObject({ claimed: 1, retrying: 1 });
    const waiting = await row(id);
    expect(waiting).toMatchObject({ status: "PENDING", attempts: 1, nextAttemptAt: at(1 + retryDelaySeconds(1)), leaseOwner: null });
    expect(waiting.lastError).toContain(String(status));
    expect(await emailDeliveryStatus(id)).toMatchObject({ status: "QUEUED", nextAttemptAt: at(31) });
    // Not due before the backoff is over.
    expect((await drainOutbox({ now: at(30), owner: "a" })).claimed).toBe(0);
    expect(await drainOutbox({ now: at(31), owner: "a" })).toMatchObject({ sent: 1 });
    expect(standIn.deliveries).toHaveLength(1);
    expect(await row(id)).toMatchObject({ status: "SENT", attempts: 2, lastError: null });
  });

  it("retries after a timeout with the same idempotency key, so the e-mail whose answer was lost is delivered once", async () => {
    // Threat: Resend accepted the e-mail but the answer never came; a blind retry would send it twice.
    const { id } = await enqueueReset();
    standIn.answerNext("accept-and-hang");
    expect(await drainOutbox({ now: at(1), owner: "a", sendTimeoutMs: 200 })).toMatchObject({ retrying: 1 });
    expect(await row(id)).toMatchObject({ status: "PENDING", attempts: 1, nextAttemptAt: at(31) });
    expect((await row(id)).lastError).toContain("no answer");
    expect(await drainOutbox({ now: at(31), owner: "a" })).toMatchObject({ sent: 1 });
    expect(standIn.requests).toHaveLength(2);
    expect(standIn.requests[0]!.headers["idempotency-key"]).toBe(standIn.requests[1]!.headers["idempotency-key"]);
    expect(standIn.deliveries).toHaveLength(1);
  });

  it("backs off exponentially, marks the row FAILED after the last try, and resendEmail makes it deliverable again", async () => {
    const { id } = await enqueueReset();
    standIn.answerNext(...Array<500>(MAX_ATTEMPTS).fill(500));
    let now = at(0);
    const waits: number[] = [];
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      await drainOutbox({ now, owner: "a" });
      const current = await row(id);
      if (current.status === "PENDING") {
        waits.push((current.nextAttemptAt.getTime() - now.getTime()) / 1000);
        now = current.nextAttemptAt;
      }
    }
    expect(waits).toEqual([30, 60, 120, 240, 480, 960, 1920]);
    const failed = await row(id);
    expect(failed).toMatchObject({ status: "FAILED", attempts: MAX_ATTEMPTS, leaseOwner: null });
    expect(await emailDeliveryStatus(id)).toMatchObject({ status: "DELIVERY_FAILED", lastError: expect.stringContaining("internal_server_error") });
    expect((await drainOutbox({ now: addSeconds(now, 86_400), owner: "a" })).claimed).toBe(0);

    expect(await resendEmail(id, addSeconds(now, 100))).toBe(true);
    expect(await resendEmail(id, addSeconds(now, 100))).toBe(false);
    expect(await drainOutbox({ now: addSeconds(now, 100), owner: "a" })).toMatchObject({ sent: 1 });
    const sent = await row(id);
    expect(sent).toMatchObject({ status: "SENT", attempts: 1 });
    expect(sent.idempotencyKey).not.toBe(failed.idempotencyKey);
    expect(standIn.deliveries).toHaveLength(1);
  });

  it("marks a row FAILED at once when Resend refuses it for good (422), without using the retry budget", async () => {
    const { id } = await enqueueReset();
    standIn.answerNext(422);
    expect(await drainOutbox({ now: at(1), owner: "a" })).toMatchObject({ failed: 1 });
    expect(await row(id)).toMatchObject({ status: "FAILED", attempts: 1, lastError: expect.stringContaining("validation_error (422)") });
  });

  it("keeps the one-time link sealed at rest: the raw token is nowhere in the row", async () => {
    const { id } = await enqueueReset();
    const stored = await row(id);
    expect(stored.payload).toMatch(/^v2\./);
    expect(outboxProps(stored)).toMatchObject({ token: "tok-123" });
    expect(JSON.stringify(stored)).not.toContain("tok-123");
  });

  it("retries a row whose payload does not unseal (plain JSON, or copied from a row addressed elsewhere) and never sends it", async () => {
    // Threat: someone who can write the outbox copies a sealed reset link into a row addressed to themselves.
    const { id } = await enqueueReset();
    const other = await db().$transaction((tx) => enqueueEmail(tx, { to: "someone-else@example.com", template: "password-reset", props: { token: "tok-456", expiresAt: at(30 * 60).toISOString() }, now: at(0) }));
    await db().outboxEmail.update({ where: { id: other.id }, data: { payload: (await row(id)).payload } });
    await db().outboxEmail.update({ where: { id }, data: { payload: JSON.stringify({ token: "tok" }) } });
    expect(await drainOutbox({ now: at(1), owner: "a" })).toMatchObject({ retrying: 2 });
    for (const rowId of [id, other.id]) expect(await row(rowId)).toMatchObject({ status: "PENDING", attempts: 1, lastError: expect.stringContaining("render failed") });
    expect(standIn.requests).toHaveLength(0);
  });

  it("retries a row that does not render (stored props of an older template) and never sends it half-made", async () => {
    const { id } = await enqueueReset();
    const stored = await row(id);
    await db().outboxEmail.update({ where: { id }, data: { payload: encrypt(JSON.stringify({ token: "tok" }), "outbox-payload", `${stored.template}:${stored.to}`) } });
    expect(await drainOutbox({ now: at(1), owner: "a" })).toMatchObject({ retrying: 1 });
    expect(await row(id)).toMatchObject({ status: "PENDING", attempts: 1, lastError: expect.stringContaining("render failed") });
    expect(standIn.requests).toHaveLength(0);
  });

  it("sends each row exactly once when two drainers race on one database", async () => {
    // Threat: two Gatehouse processes draining one database deliver every e-mail twice.
    const ids = [];
    for (let i = 0; i < 6; i++) ids.push((await enqueueReset(`user${i}@example.test`)).id);
    const [first, second] = await Promise.all([drainOutbox({ now: at(1), owner: "process-a" }), drainOutbox({ now: at(1), owner: "process-b" })]);
    expect(first.claimed + second.claimed).toBe(6);
    expect(first.sent + second.sent).toBe(6);
    expect(standIn.requests).toHaveLength(6);
    expect(new Set(standIn.requests.map((request) => (request.body.to as string[])[0])).size).toBe(6);
    expect(await db().outboxEmail.count({ where: { id: { in: ids }, status: "SENT" } })).toBe(6);
  });

  it("reclaims a row whose lease ran out (its sender died mid-send), and not before", async () => {
    const { id } = await enqueueReset();
    // A drainer claimed the row and was killed before it recorded anything.
    await db().outboxEmail.update({ where: { id }, data: { leaseOwner: "dead-process:1", leaseUntil: at(60) } });
    expect((await drainOutbox({ now: at(59), owner: "b" })).claimed).toBe(0);
    expect(standIn.requests).toHaveLength(0);
    expect(await drainOutbox({ now: at(60), owner: "b" })).toMatchObject({ claimed: 1, sent: 1 });
    expect(await row(id)).toMatchObject({ status: "SENT", leaseOwner: null });
  });
});
