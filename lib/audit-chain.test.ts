// The canonical encoding is a published format (docs/ARCHITECTURE.md, "Audit chain"): anyone may
// re-check a chain with their own tools, so a change to it must fail here, not slip through.
import { describe, expect, it } from "vitest";
import { canonicalEncoding, chainOf, type ChainedEvent, eventHash, GENESIS_HASH } from "./audit-chain";

const event: ChainedEvent = {
  chain: "w:7",
  seq: 2,
  prevHash: GENESIS_HASH,
  action: "workspace.member.added",
  workspaceId: 7,
  actorUserId: 3,
  actorApiKeyId: null,
  targetType: "user",
  targetId: "12",
  ip: "198.51.100.7",
  userAgent: "curl/8.5 \"quoted\" ünïcode",
  metadata: '{"role":"member"}',
  createdAt: new Date("2030-01-02T03:04:05.678Z"),
};

describe("the audit chain's canonical encoding", () => {
  it("is JSON with the documented keys in the documented order", () => {
    expect(canonicalEncoding(event)).toBe(
      '{"chain":"w:7","seq":2,"prevHash":"0000000000000000000000000000000000000000000000000000000000000000","action":"workspace.member.added","workspaceId":7,"actorUserId":3,"actorApiKeyId":null,"targetType":"user","targetId":"12","ip":"198.51.100.7","userAgent":"curl/8.5 \\"quoted\\" ünïcode","metadata":"{\\"role\\":\\"member\\"}","createdAt":"2030-01-02T03:04:05.678Z"}',
    );
    // The same digest as `printf %s '<that JSON>' | sha256sum`.
    expect(eventHash(event)).toBe("9c231927de848881f5022aa62dbc5c815d99ddd61403118b06205d642ac77c38");
  });

  it("changes the hash when any covered column changes", () => {
    const changed: Partial<ChainedEvent>[] = [
      { chain: "w:8" },
      { seq: 3 },
      { prevHash: "1".repeat(64) },
      { action: "workspace.member.removed" },
      { workspaceId: 8 },
      { actorUserId: null },
      { actorApiKeyId: 1 },
      { targetType: null },
      { targetId: "13" },
      { ip: null },
      { userAgent: "curl/8.6" },
      { metadata: '{"role":"superuser"}' },
      { createdAt: new Date("2030-01-02T03:04:05.679Z") },
    ];
    const hashes = new Set(changed.map((change) => eventHash({ ...event, ...change })));
    expect(hashes.size).toBe(changed.length);
    expect(hashes.has(eventHash(event))).toBe(false);
  });

  it("names one chain per workspace and one for the platform", () => {
    expect([chainOf(7), chainOf(null)]).toEqual(["w:7", "platform"]);
  });
});
