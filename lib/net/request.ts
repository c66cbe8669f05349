// The caller's address and agent, from a request's headers. Edge-safe (Web Crypto only).
import { appEnv, peerEnv } from "@/lib/env";
import { clientIp, ipInRanges, parseIp } from "@/lib/net/ip";

/**
 * Set by Gatehouse's HTTP server (scripts/lib/http-server.mjs) to the socket's peer address,
 * overwriting whatever a client sent: Next.js itself does not expose the socket address, and its
 * own X-Forwarded-For default keeps a client-supplied value.
 */
export const PEER_HEADER = "x-gatehouse-peer";

/**
 * Set by the same server beside {@link PEER_HEADER}: HMAC-SHA256 of the address under the
 * server's per-process secret (GATEHOUSE_PEER_SECRET), base64url. Any other host (`next dev`,
 * `next start`, a platform's runtime) passes a client's copy of the peer header through
 * untouched; without this proof the header is never believed.
 */
export const PEER_PROOF_HEADER = "x-gatehouse-peer-proof";

/** Set by middleware (overwriting any inbound value): the page being rendered, for callbackUrl. */
export const PATH_HEADER = "x-gatehouse-path";

export interface RequestFacts {
  ip: string | null;
  userAgent: string | null;
}

const encoder = new TextEncoder();
let hmacKey: { secret: string; key: Promise<CryptoKey> } | null = null;

function keyFor(secret: string): Promise<CryptoKey> {
  if (hmacKey?.secret !== secret) hmacKey = { secret, key: crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]) };
  return hmacKey.key;
}

/** The message the proof signs; the label keeps the key from signing anything else. */
const peerMessage = (address: string) => encoder.encode(`gatehouse-peer:${address}`);

/** The proof Gatehouse's HTTP server attaches to `address` (the same computation as its node:crypto one). */
export async function peerProof(address: string, secret: string): Promise<string> {
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", await keyFor(secret), peerMessage(address)));
  return btoa(String.fromCharCode(...mac)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function base64UrlBytes(value: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9_-]{43}$/.test(value)) return null;
  const binary = atob(value.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}

/**
 * The socket peer's address when Gatehouse's own server in this process vouched for it, else
 * null (an unknown address: IP allow-lists refuse). The MAC is checked by `crypto.subtle.verify`,
 * which compares in constant time.
 */
export async function provenPeer(headers: Headers): Promise<string | null> {
  const { peerSecret } = peerEnv();
  const address = headers.get(PEER_HEADER);
  const proof = base64UrlBytes(headers.get(PEER_PROOF_HEADER) ?? "");
  if (!peerSecret || !address || !proof) return null;
  const genuine = await crypto.subtle.verify("HMAC", await keyFor(peerSecret), proof, peerMessage(address));
  return genuine ? (parseIp(address)?.toString() ?? null) : null;
}

/** True when the proven peer is one of TRUSTED_PROXIES, whose X-Forwarded-* headers are believed. */
export function isTrustedProxy(peer: string | null): boolean {
  const { trustedProxies } = appEnv();
  return peer !== null && trustedProxies.length > 0 && ipInRanges(peer, trustedProxies);
}

/** The caller's address (the proven peer, or what a trusted proxy forwarded) and user agent. */
export async function requestFacts(headers: Headers): Promise<RequestFacts> {
  return {
    ip: clientIp(await provenPeer(headers), headers.get("x-forwarded-for"), appEnv().trustedProxies),
    userAgent: headers.get("user-agent"),
  };
}
