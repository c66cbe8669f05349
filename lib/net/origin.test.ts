// Threat: cross-site request forgery that passes the origin check: another scheme on the same
// host, a client-sent X-Forwarded-Host naming the attacker's own origin, or no Origin at all.
import { afterEach, describe, expect, it, vi } from "vitest";

const SECRET = "p".repeat(43);

// lib/env caches APP_URL, TRUSTED_PROXIES and the peer secret per module instance.
async function freshOrigin(env: { APP_URL?: string; TRUSTED_PROXIES?: string } = {}) {
  vi.resetModules();
  vi.stubEnv("APP_URL", env.APP_URL);
  vi.stubEnv("TRUSTED_PROXIES", env.TRUSTED_PROXIES);
  vi.stubEnv("PORT", "3000");
  vi.stubEnv("GATEHOUSE_PEER_SECRET", SECRET);
  const [{ isAllowedHost, isSameOrigin }, { peerProof }] = await Promise.all([import("./origin"), import("./request")]);
  /** Headers of a request that reached Gatehouse's server from `peer`. */
  const headers = async (values: Record<string, string>, peer = "127.0.0.1") => new Headers({ ...values, "x-gatehouse-peer": peer, "x-gatehouse-peer-proof": await peerProof(peer, SECRET) });
  const request = async (values: Record<string, string>, peer?: string) => isSameOrigin(await headers(values, peer));
  const hostAllowed = async (values: Record<string, string>, peer?: string) => isAllowedHost(await headers(values, peer));
  return { isSameOrigin, request, hostAllowed };
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("isSameOrigin on the plain-HTTP site without APP_URL", () => {
  it("accepts the page's own origin, whatever host name the browser used", async () => {
    const { request } = await freshOrigin();
    expect(await request({ host: "127.0.0.1:3000", origin: "http://127.0.0.1:3000" })).toBe(true);
    expect(await request({ host: "localhost:3000", origin: "http://localhost:3000" })).toBe(true);
  });

  it("refuses another scheme on the same host and port", async () => {
    const { request } = await freshOrigin();
    expect(await request({ host: "127.0.0.1:3000", origin: "https://127.0.0.1:3000" })).toBe(false);
  });

  it("refuses another port or host", async () => {
    const { request } = await freshOrigin();
    expect(await request({ host: "127.0.0.1:3000", origin: "http://127.0.0.1:3001" })).toBe(false);
    expect(await request({ host: "127.0.0.1:3000", origin: "http://localhost:3000" })).toBe(false);
    expect(await request({ host: "127.0.0.1:3000", origin: "http://127.0.0.1" })).toBe(false);
  });

  it("ignores X-Forwarded-Host and X-Forwarded-Proto from a peer that is not a trusted proxy", async () => {
    const { request } = await freshOrigin();
    expect(await request({ host: "127.0.0.1:3000", origin: "https://evil.test", "x-forwarded-host": "evil.test", "x-forwarded-proto": "https" })).toBe(false);
  });

  it("refuses a missing, null or malformed Origin", async () => {
    const { request } = await freshOrigin();
    for (const origin of [undefined, "null", "evil", "http://127.0.0.1:3000/path", "file:///etc/passwd"]) {
      expect(await request({ host: "127.0.0.1:3000", ...(origin !== undefined && { origin }) }), String(origin)).toBe(false);
    }
  });

  it("refuses a Host that is not a bare host (path or user info smuggled in)", async () => {
    const { request } = await freshOrigin();
    expect(await request({ host: "evil.test/x", origin: "http://evil.test" })).toBe(false);
    expect(await request({ host: "user@evil.test", origin: "http://evil.test" })).toBe(false);
  });
});

describe("isSameOrigin with APP_URL and a trusted proxy", () => {
  it("accepts APP_URL's origin and nothing else that merely shares its host", async () => {
    const { request } = await freshOrigin({ APP_URL: "https://gatehouse.example" });
    expect(await request({ host: "gatehouse.example", origin: "https://gatehouse.example" })).toBe(true);
    expect(await request({ host: "gatehouse.example", origin: "https://gatehouse.example:8443" })).toBe(false);
    expect(await request({ host: "gatehouse.example", origin: "https://evil.test", "x-forwarded-host": "evil.test" })).toBe(false);
  });

  it("believes X-Forwarded-Host and -Proto from a proven peer in TRUSTED_PROXIES (the value it wrote, the last)", async () => {
    const { request } = await freshOrigin({ TRUSTED_PROXIES: "10.0.0.0/8" });
    const forwarded = { host: "10.0.0.2:3000", "x-forwarded-host": "evil.test, gatehouse.example", "x-forwarded-proto": "https" };
    expect(await request({ ...forwarded, origin: "https://gatehouse.example" }, "10.0.0.1")).toBe(true);
    expect(await request({ ...forwarded, origin: "https://evil.test" }, "10.0.0.1")).toBe(false);
  });

  it("ignores X-Forwarded-* from a proxy address nobody proved", async () => {
    const { isSameOrigin } = await freshOrigin({ TRUSTED_PROXIES: "10.0.0.0/8" });
    const headers = new Headers({ host: "10.0.0.2:3000", "x-gatehouse-peer": "10.0.0.1", "x-forwarded-host": "evil.test", "x-forwarded-proto": "https", origin: "https://evil.test" });
    expect(await isSameOrigin(headers)).toBe(false);
  });
});

describe("isSameOrigin with APP_URL naming another host than the request's", () => {
  // Next.js compares Origin with Host itself and answers a mismatch 500: refuse it first, 403.
  it("refuses APP_URL's origin on a request addressed to another host name", async () => {
    const { request } = await freshOrigin({ APP_URL: "http://localhost:3000" });
    expect(await request({ host: "127.0.0.1:3000", origin: "http://localhost:3000" })).toBe(false);
    expect(await request({ host: "localhost:3000", origin: "http://localhost:3000" })).toBe(true);
  });
});

// Threat: DNS rebinding — a page on evil.test whose name now points at 127.0.0.1 drives the
// loopback-only demo (published landlord password and TOTP secret) or an internal deployment.
describe("isAllowedHost", () => {
  it("answers for every loopback name of a local site, on its port", async () => {
    const { hostAllowed } = await freshOrigin();
    for (const host of ["localhost:3000", "127.0.0.1:3000", "[::1]:3000", "LOCALHOST:3000"]) expect(await hostAllowed({ host }), host).toBe(true);
    expect(await hostAllowed({ host: "localhost:3001" })).toBe(false);
  });

  it("refuses any other host name, rebinding ones included", async () => {
    const { hostAllowed } = await freshOrigin();
    for (const host of ["evil.test:3000", "rebind.evil.test:3000", "127.0.0.1.nip.io:3000", "10.0.0.5:3000", "localhost.evil.test:3000"]) expect(await hostAllowed({ host }), host).toBe(false);
    expect(await hostAllowed({})).toBe(false);
    expect(await hostAllowed({ host: "evil.test/x" })).toBe(false);
  });

  it("answers only for APP_URL's host name when it is a public one", async () => {
    const { hostAllowed } = await freshOrigin({ APP_URL: "https://gatehouse.example" });
    expect(await hostAllowed({ host: "gatehouse.example" })).toBe(true);
    expect(await hostAllowed({ host: "gatehouse.example:443" })).toBe(true);
    for (const host of ["localhost:3000", "127.0.0.1", "gatehouse.example:8443", "evil.test"]) expect(await hostAllowed({ host }), host).toBe(false);
  });

  it("reads the host a trusted proxy forwarded, and no one else's", async () => {
    const { hostAllowed } = await freshOrigin({ APP_URL: "https://gatehouse.example", TRUSTED_PROXIES: "10.0.0.0/8" });
    expect(await hostAllowed({ host: "10.0.0.2:3000", "x-forwarded-host": "gatehouse.example" }, "10.0.0.1")).toBe(true);
    expect(await hostAllowed({ host: "gatehouse.example", "x-forwarded-host": "evil.test" }, "10.0.0.1")).toBe(false);
    expect(await hostAllowed({ host: "10.0.0.2:3000", "x-forwarded-host": "gatehouse.example" }, "192.0.2.7")).toBe(false);
  });
});
