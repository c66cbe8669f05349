import { afterEach, describe, expect, it, vi } from "vitest";

// lib/env caches TRUSTED_PROXIES per module instance, so every case imports a fresh copy.
async function freshRequestFacts(trustedProxies: string | undefined) {
  vi.resetModules();
  vi.stubEnv("TRUSTED_PROXIES", trustedProxies);
  return (await import("./request")).requestFacts;
}

afterEach(() => {
  vi.unstubAllEnvs();
});

const headers = (values: Record<string, string>) => new Headers(values);

describe("requestFacts (threat: a client choosing its own address to pass an IP allow-list)", () => {
  it("takes the socket peer and ignores X-Forwarded-For when no proxy is trusted", async () => {
    const requestFacts = await freshRequestFacts(undefined);
    expect(requestFacts(headers({ "x-gatehouse-peer": "127.0.0.1", "x-forwarded-for": "10.1.2.3" })).ip).toBe("127.0.0.1");
  });

  it("ignores X-Forwarded-For sent by a peer that is not a trusted proxy", async () => {
    const requestFacts = await freshRequestFacts("192.168.0.0/16");
    expect(requestFacts(headers({ "x-gatehouse-peer": "203.0.113.7", "x-forwarded-for": "10.1.2.3" })).ip).toBe("203.0.113.7");
  });

  it("believes X-Forwarded-For only from a proxy that TRUSTED_PROXIES names", async () => {
    const requestFacts = await freshRequestFacts("127.0.0.1/32");
    expect(requestFacts(headers({ "x-gatehouse-peer": "127.0.0.1", "x-forwarded-for": "10.1.2.3" }))).toEqual({ ip: "10.1.2.3", userAgent: null });
  });

  it("has no address at all without the peer header (fails closed for allow-lists)", async () => {
    const requestFacts = await freshRequestFacts(undefined);
    expect(requestFacts(headers({ "x-forwarded-for": "10.1.2.3", "user-agent": "curl/8" }))).toEqual({ ip: null, userAgent: "curl/8" });
  });
});
