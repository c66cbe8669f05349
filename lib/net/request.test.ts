import { afterEach, describe, expect, it, vi } from "vitest";

const SECRET = "s".repeat(43);

// lib/env caches TRUSTED_PROXIES and the peer secret per module instance, so every case imports a fresh copy.
async function freshRequest(trustedProxies: string | undefined, peerSecret: string | null = SECRET) {
  vi.resetModules();
  vi.stubEnv("TRUSTED_PROXIES", trustedProxies);
  vi.stubEnv("GATEHOUSE_PEER_SECRET", peerSecret ?? undefined);
  return import("./request");
}

async function freshRequestFacts(trustedProxies: string | undefined) {
  return (await freshRequest(trustedProxies)).requestFacts;
}

afterEach(() => {
  vi.unstubAllEnvs();
});

/** Headers as Gatehouse's HTTP server sends them for a connection from `peer`. */
async function fromPeer(peer: string, values: Record<string, string> = {}) {
  const { peerProof } = await import("./request");
  return new Headers({ ...values, "x-gatehouse-peer": peer, "x-gatehouse-peer-proof": await peerProof(peer, SECRET) });
}

const headers = (values: Record<string, string>) => new Headers(values);

describe("requestFacts (threat: a client choosing its own address to pass an IP allow-list)", () => {
  it("takes the socket peer and ignores X-Forwarded-For when no proxy is trusted", async () => {
    const requestFacts = await freshRequestFacts(undefined);
    expect((await requestFacts(await fromPeer("127.0.0.1", { "x-forwarded-for": "10.1.2.3" }))).ip).toBe("127.0.0.1");
  });

  it("ignores X-Forwarded-For sent by a peer that is not a trusted proxy", async () => {
    const requestFacts = await freshRequestFacts("192.168.0.0/16");
    expect((await requestFacts(await fromPeer("203.0.113.7", { "x-forwarded-for": "10.1.2.3" }))).ip).toBe("203.0.113.7");
  });

  it("believes X-Forwarded-For only from a proxy that TRUSTED_PROXIES names", async () => {
    const requestFacts = await freshRequestFacts("127.0.0.1/32");
    expect(await requestFacts(await fromPeer("127.0.0.1", { "x-forwarded-for": "10.1.2.3" }))).toEqual({ ip: "10.1.2.3", userAgent: null });
  });

  it("has no address at all without the peer header (fails closed for allow-lists)", async () => {
    const requestFacts = await freshRequestFacts(undefined);
    expect(await requestFacts(headers({ "x-forwarded-for": "10.1.2.3", "user-agent": "curl/8" }))).toEqual({ ip: null, userAgent: "curl/8" });
  });
});

// Threat: under `next dev`, `next start` or any host but Gatehouse's own server, a client sends
// `x-gatehouse-peer: 10.9.9.9` itself and passes an IP allow-list.
describe("a peer header Gatehouse's server did not vouch for is never believed", () => {
  it("ignores a bare client-sent peer header", async () => {
    const { requestFacts } = await freshRequest(undefined);
    expect((await requestFacts(headers({ "x-gatehouse-peer": "10.9.9.9" }))).ip).toBeNull();
  });

  it("ignores a forged or malformed proof", async () => {
    const { requestFacts } = await freshRequest(undefined);
    for (const proof of ["A".repeat(43), "not-base64!", "", SECRET]) {
      expect((await requestFacts(headers({ "x-gatehouse-peer": "10.9.9.9", "x-gatehouse-peer-proof": proof }))).ip, proof).toBeNull();
    }
  });

  it("ignores a genuine proof moved to another address (a leaked header cannot claim an office)", async () => {
    const { requestFacts } = await freshRequest(undefined);
    const seen = await fromPeer("198.51.100.4");
    expect((await requestFacts(headers({ "x-gatehouse-peer": "10.9.9.9", "x-gatehouse-peer-proof": seen.get("x-gatehouse-peer-proof")! }))).ip).toBeNull();
  });

  it("ignores a peer header that is no address, even with that value's genuine proof", async () => {
    const { requestFacts } = await freshRequest(undefined);
    expect((await requestFacts(await fromPeer("not-an-address".repeat(100)))).ip).toBeNull();
  });

  it("believes nothing when the process has no peer secret (not served by Gatehouse's server)", async () => {
    const { requestFacts } = await freshRequest(undefined, null);
    expect((await requestFacts(await fromPeer("10.9.9.9"))).ip).toBeNull();
  });

  it("ignores a trusted proxy's X-Forwarded-For when the proxy's own address is unproven", async () => {
    const { requestFacts } = await freshRequest("10.0.0.0/8");
    expect((await requestFacts(headers({ "x-gatehouse-peer": "10.0.0.1", "x-forwarded-for": "10.9.9.9" }))).ip).toBeNull();
  });

  it("believes the address the proof was made for", async () => {
    const { requestFacts } = await freshRequest(undefined);
    expect((await requestFacts(await fromPeer("::ffff:10.9.9.9"))).ip).toBe("10.9.9.9");
  });
});
