// Usage accounting and monitoring with an injected clock and a direct flush: counts reach the
// database only at the flush, a new address and a jump in the hourly rate alert the workspace's
// superusers (audit and outbox), and the expiry notice goes out once.
import { beforeAll, describe, expect, it } from "vitest";
import { resolveAccessToken } from "@/lib/auth/principal";
import { db } from "@/lib/db/client";
import { outboxProps } from "@/lib/email/outbox";
import { makeApiKey, makeUser, makeWorkspace, type TestUser, type TestWorkspace } from "@/lib/testing/fixtures";
import { flushApiKeyUsage, isRateJump, sendApiKeyExpiryNotices } from ".";

const use = (key: string, ip: string, now: Date) => resolveAccessToken(key, ip, now, "workspace");
const alertsFor = async (keyId: number, alert: string) => {
  const rows = await db().outboxEmail.findMany({ where: { template: "api-key-alert" }, select: { to: true, template: true, payload: true } });
  return rows.map((row) => ({ to: row.to, props: outboxProps(row) as { alert: string; keyPrefix: string; ipAddress: string | null; requests: number | null } })).filter((row) => row.props.alert === alert && row.props.keyPrefix === keyPrefix.get(keyId));
};
const keyPrefix = new Map<number, string>();

let owner: TestUser;
let workspace: TestWorkspace;

beforeAll(async () => {
  owner = await makeUser();
  workspace = await makeWorkspace({ members: [[owner, "superuser"]] });
});

async function newKey() {
  const made = await makeApiKey(owner, workspace, { authorities: ["ROLE_API_SHOW"] });
  keyPrefix.set(made.id, made.prefix);
  return made;
}

describe("usage accounting", () => {
  it("writes nothing per request; one flush records the hour's N requests and the last use", async () => {
    const made = await newKey();
    const now = new Date("2031-05-01T10:20:00Z");
    for (let i = 0; i < 7; i++) await use(made.key, "198.51.100.1", new Date(now.getTime() + i * 1000));
    expect(await db().apiKeyUsage.count({ where: { apiKeyId: made.id } })).toBe(0);
    expect((await db().apiKey.findUniqueOrThrow({ where: { id: made.id } })).lastUsedAt).toBeNull();

    await flushApiKeyUsage(new Date(now.getTime() + 60_000));
    const rows = await db().apiKeyUsage.findMany({ where: { apiKeyId: made.id } });
    expect(rows).toEqual([{ apiKeyId: made.id, hour: new Date("2031-05-01T10:00:00Z"), requests: 7 }]);
    expect(await db().apiKey.findUniqueOrThrow({ where: { id: made.id }, select: { lastUsedAt: true, lastUsedIp: true } })).toEqual({ lastUsedAt: new Date(now.getTime() + 6000), lastUsedIp: "198.51.100.1" });

    // A later flush adds to the hour rather than replacing it.
    await use(made.key, "198.51.100.1", new Date(now.getTime() + 120_000));
    await flushApiKeyUsage(new Date(now.getTime() + 180_000));
    expect((await db().apiKeyUsage.findFirstOrThrow({ where: { apiKeyId: made.id } })).requests).toBe(8);
  });

  it("alerts the superusers when a key is used from an address it never used (its first address is the baseline)", async () => {
    const made = await newKey();
    const now = new Date("2031-05-02T08:00:00Z");
    await use(made.key, "198.51.100.10", now);
    await flushApiKeyUsage(now);
    expect(await alertsFor(made.id, "new_address")).toEqual([]);

    await use(made.key, "198.51.100.10", new Date(now.getTime() + 1000));
    await use(made.key, "198.51.100.99", new Date(now.getTime() + 2000));
    await flushApiKeyUsage(new Date(now.getTime() + 60_000));
    const alerts = await alertsFor(made.id, "new_address");
    expect(alerts).toEqual([{ to: owner.email, props: expect.objectContaining({ ipAddress: "198.51.100.99" }) }]);
    const event = await db().auditEvent.findFirstOrThrow({ where: { action: "api_key.used_from_new_address", targetId: String(made.id) } });
    expect(event).toMatchObject({ workspaceId: workspace.id, actorApiKeyId: made.id, ip: "198.51.100.99" });
    expect(await db().apiKeyAddress.count({ where: { apiKeyId: made.id } })).toBe(2);
  });

  it("alerts once an hour when the hourly rate jumps far above the week's mean", async () => {
    expect(isRateJump(100, 0)).toBe(false);
    expect(isRateJump(101, 0)).toBe(true);
    expect(isRateJump(500, 168 * 60)).toBe(false);
    expect(isRateJump(601, 168 * 60)).toBe(true);

    const made = await newKey();
    const hour = new Date("2031-05-03T12:00:00Z");
    for (let i = 0; i < 101; i++) await use(made.key, "198.51.100.20", new Date(hour.getTime() + i * 1000));
    await flushApiKeyUsage(new Date(hour.getTime() + 200_000));
    expect(await alertsFor(made.id, "rate_jump")).toEqual([{ to: owner.email, props: expect.objectContaining({ requests: 101 }) }]);

    // Still climbing within the same hour: no second alert.
    for (let i = 0; i < 50; i++) await use(made.key, "198.51.100.20", new Date(hour.getTime() + 300_000 + i * 1000));
    await flushApiKeyUsage(new Date(hour.getTime() + 400_000));
    expect(await alertsFor(made.id, "rate_jump")).toHaveLength(1);
    expect(await db().auditEvent.count({ where: { action: "api_key.rate_jump", targetId: String(made.id) } })).toBe(1);
  });

  it("sends the 'expires in 7 days' notice once per key", async () => {
    const expiresAt = new Date(Date.now() + 10 * 24 * 3600 * 1000);
    const made = await makeApiKey(owner, workspace, { authorities: ["ROLE_API_SHOW"], expiresAt: expiresAt.toISOString() });
    keyPrefix.set(made.id, made.prefix);
    await sendApiKeyExpiryNotices(new Date());
    expect(await alertsFor(made.id, "expiring")).toEqual([]);

    const weekBefore = new Date(expiresAt.getTime() - 6 * 24 * 3600 * 1000);
    expect(await sendApiKeyExpiryNotices(weekBefore)).toBeGreaterThanOrEqual(1);
    expect(await sendApiKeyExpiryNotices(new Date(weekBefore.getTime() + 3600_000))).toBe(0);
    expect(await alertsFor(made.id, "expiring")).toEqual([{ to: owner.email, props: expect.objectContaining({ alert: "expiring" }) }]);
    expect(await db().auditEvent.count({ where: { action: "api_key.expiring", targetId: String(made.id) } })).toBe(1);
  });
});
