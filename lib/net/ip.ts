// Client addresses and allow-lists. Edge-safe (no Node imports).
import ipaddr from "ipaddr.js";

/** Dotted-quad IPv4 or IPv6 only: no classful shorthands such as `10.1` or `0x0a.0.0.1`. */
function isStrictIp(value: string): boolean {
  return ipaddr.IPv4.isValidFourPartDecimal(value) || ipaddr.IPv6.isValid(value);
}

/** Parses an address, turning IPv4-mapped IPv6 (`::ffff:10.0.0.1`) into plain IPv4. */
export function parseIp(value: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  const trimmed = value.trim().replace(/^\[|\]$/g, "");
  if (!isStrictIp(trimmed)) return null;
  const parsed = ipaddr.parse(trimmed);
  return parsed.kind() === "ipv6" && (parsed as ipaddr.IPv6).isIPv4MappedAddress() ? (parsed as ipaddr.IPv6).toIPv4Address() : parsed;
}

/** True when `cidr` is a valid IPv4 or IPv6 range (`10.0.0.0/8`, `2001:db8::/32`) or address. */
export function isCidr(cidr: string): boolean {
  const [address = "", bits, ...rest] = cidr.trim().split("/");
  if (rest.length || !isStrictIp(address)) return false;
  if (bits === undefined) return true;
  try {
    ipaddr.parseCIDR(cidr.trim());
    return true;
  } catch {
    return false;
  }
}

/** Normalised form of a range (`10.1.2.3/8` stays as written; a bare address gets /32 or /128). */
export function normaliseCidr(cidr: string): string {
  const trimmed = cidr.trim();
  if (trimmed.includes("/")) return trimmed;
  const ip = parseIp(trimmed);
  if (!ip) return trimmed;
  return `${ip.toString()}/${ip.kind() === "ipv4" ? 32 : 128}`;
}

/** Whether `ip` lies inside any of `cidrs`. Unparseable input is never inside. */
export function ipInRanges(ip: string | null | undefined, cidrs: readonly string[]): boolean {
  if (!ip) return false;
  const address = parseIp(ip);
  if (!address) return false;
  return cidrs.some((cidr) => {
    try {
      const [range, bits] = ipaddr.parseCIDR(normaliseCidr(cidr));
      const rangeAddress = range.kind() === "ipv6" && (range as ipaddr.IPv6).isIPv4MappedAddress() ? (range as ipaddr.IPv6).toIPv4Address() : range;
      return address.kind() === rangeAddress.kind() && address.match(rangeAddress, rangeAddress.kind() === range.kind() ? bits : bits - 96);
    } catch {
      return false;
    }
  });
}

/**
 * The client's address: the socket peer, or — only when that peer is a trusted proxy — the
 * right-most X-Forwarded-For entry that is not itself a trusted proxy. An X-Forwarded-For from
 * anyone else is ignored, so a client cannot choose its own address. Behind a trusted proxy that
 * sent no usable header the address is unknown (null), never the proxy's own: an allow-list
 * containing the proxy's network would otherwise admit everyone behind it.
 */
export function clientIp(socketIp: string | null | undefined, forwardedFor: string | null | undefined, trustedProxies: readonly string[]): string | null {
  const peer = socketIp ? (parseIp(socketIp)?.toString() ?? null) : null;
  if (!peer || trustedProxies.length === 0 || !ipInRanges(peer, trustedProxies)) return peer;
  const hops = (forwardedFor ?? "").split(",").map((hop) => hop.trim()).filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = parseIp(withoutPort(hops[i]!));
    if (!hop) return null;
    if (!ipInRanges(hop.toString(), trustedProxies)) return hop.toString();
  }
  return null;
}

/** Some proxies write `203.0.113.9:5123` or `[2001:db8::1]:443`. */
function withoutPort(hop: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(hop);
  if (bracketed) return bracketed[1]!;
  const v4WithPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(hop);
  return v4WithPort ? v4WithPort[1]! : hop;
}
