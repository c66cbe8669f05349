import { describe, expect, it } from "vitest";
import { clientIp, ipInRanges, isCidr, normaliseCidr } from "./ip";

describe("ipInRanges", () => {
  it("matches IPv4 inside and outside a range", () => {
    expect(ipInRanges("10.1.2.3", ["10.0.0.0/8"])).toBe(true);
    expect(ipInRanges("11.0.0.1", ["10.0.0.0/8"])).toBe(false);
  });
  it("treats IPv4-mapped IPv6 as the IPv4 address", () => {
    expect(ipInRanges("::ffff:10.9.8.7", ["10.0.0.0/8"])).toBe(true);
    expect(ipInRanges("::ffff:127.0.0.1", ["10.0.0.0/8"])).toBe(false);
  });
  it("matches IPv6 ranges and single addresses", () => {
    expect(ipInRanges("2001:db8::5", ["2001:db8::/32"])).toBe(true);
    expect(ipInRanges("2001:db9::5", ["2001:db8::/32"])).toBe(false);
    expect(ipInRanges("192.168.1.10", ["192.168.1.10"])).toBe(true);
  });
  it("never matches garbage, empty input or mixed families", () => {
    expect(ipInRanges("not-an-ip", ["0.0.0.0/0"])).toBe(false);
    expect(ipInRanges(null, ["0.0.0.0/0"])).toBe(false);
    expect(ipInRanges("10.0.0.1", [])).toBe(false);
    expect(ipInRanges("2001:db8::1", ["0.0.0.0/0"])).toBe(false);
  });
});

describe("isCidr / normaliseCidr", () => {
  it("accepts ranges and addresses, refuses nonsense", () => {
    expect(isCidr("10.0.0.0/8")).toBe(true);
    expect(isCidr("2001:db8::/32")).toBe(true);
    expect(isCidr("10.0.0.1")).toBe(true);
    expect(isCidr("10.0.0.0/33")).toBe(false);
    expect(isCidr("10.0.0")).toBe(false);
  });
  it("gives a bare address its host prefix", () => {
    expect(normaliseCidr("10.0.0.1")).toBe("10.0.0.1/32");
    expect(normaliseCidr("::1")).toBe("::1/128");
  });
});

describe("clientIp (threat: a client forging X-Forwarded-For to pass an allow-list)", () => {
  it("ignores X-Forwarded-For when no proxy is trusted", () => {
    expect(clientIp("203.0.113.9", "10.0.0.1", [])).toBe("203.0.113.9");
  });
  it("ignores X-Forwarded-For from a peer that is not a trusted proxy", () => {
    expect(clientIp("203.0.113.9", "10.0.0.1", ["127.0.0.1/32"])).toBe("203.0.113.9");
  });
  it("takes the right-most untrusted hop behind a trusted proxy", () => {
    expect(clientIp("127.0.0.1", "10.0.0.1, 198.51.100.4", ["127.0.0.1/32"])).toBe("198.51.100.4");
    expect(clientIp("::ffff:127.0.0.1", "10.0.0.1", ["127.0.0.0/8"])).toBe("10.0.0.1");
  });
  it("skips further trusted proxies in the chain", () => {
    expect(clientIp("127.0.0.1", "10.2.3.4, 192.168.0.2", ["127.0.0.1/32", "192.168.0.0/16"])).toBe("10.2.3.4");
  });
  it("knows no address behind a trusted proxy that sent nothing usable, never the proxy's own (threat: a private-range proxy passing an allow-list for everyone)", () => {
    expect(clientIp("10.0.0.5", "garbage", ["10.0.0.0/8"])).toBeNull();
    expect(clientIp("10.0.0.5", null, ["10.0.0.0/8"])).toBeNull();
    expect(clientIp("10.0.0.5", "10.0.0.7", ["10.0.0.0/8"])).toBeNull();
  });
  it("reads hops written with a port", () => {
    expect(clientIp("127.0.0.1", "203.0.113.9:5123", ["127.0.0.1/32"])).toBe("203.0.113.9");
    expect(clientIp("127.0.0.1", "[2001:db8::1]:443", ["127.0.0.1/32"])).toBe("2001:db8::1");
  });
});
