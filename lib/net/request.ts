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
  if (hmacKey?.secret !== secret) hmacKey = { secret, key: crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]) };
  return hmacKey.key;
}

/** The message the proof signs; the label keeps the key from signing anything else. */
const peerMessage = (address: string) => encoder.encode(`gatehouse-peer:${address}`);

/** The proof Gatehouse's HTTP server attaches to `address` (the same computation as its node:crypto one). */
export async function peerProof(address: string, secret: string): Promise<string> {
  const mac = await expectedProof(address, secret);
  return btoa(String.fromCharCode(...mac)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function base64UrlBytes(value: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9_-]{43}$/.test(value)) return null;
  const binary = atob(value.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}

/** Addresses whose proof was computed, with it: a server sees few distinct peers (its clients or its proxies). */
const PROOFS_KEPT = 1024;
const expectedProofs = new Map<string, Promise<Uint8Array>>();

/**
 * The proof for `address` under the peer secret, computed once per address. Verifying by
 * `crypto.subtle.verify` on every request cost ~0.4 ms in Node's runtime (an asynchronous
 * thread-pool job each time) — a third of what an authenticated API request adds to a bare one
 * (bench/http.bench.ts). The MAC of a given address never changes within a process; only the
 * comparison with what a request sent is per request, and {@link sameBytes} keeps it constant-time.
 */
function expectedProof(address: string, secret: string): Promise<Uint8Array> {
  const key = `${secret}\n${address}`;
  let proof = expectedProofs.get(key);
  if (!proof) {
    if (expectedProofs.size >= PROOFS_KEPT) expectedProofs.clear();
    proof = keyFor(secret).then(async (hmac) => new Uint8Array(await crypto.subtle.sign("HMAC", hmac, peerMessage(address))));
    expectedProofs.set(key, proof);
  }
  return proof;
}

/** Whether two MACs are equal, in time that depends only on their length (no early exit). */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a[i]! ^ b[i]!;
  return difference === 0;
}

/**
 * The socket peer's address when Gatehouse's own server in this process vouched for it, else
 * null (an unknown address: IP allow-lists refuse).
 */
export async function provenPeer(headers: Headers): Promise<string | null> {
  const { peerSecret } = peerEnv();
  const address = headers.get(PEER_HEADER);
  const proof = base64UrlBytes(headers.get(PEER_PROOF_HEADER) ?? "");
  // Only an address is ever proven, so only an address gets a proof computed and kept: a client
  // of a host that passes the header through cannot fill the cache with long junk keys.
  const parsed = address ? parseIp(address) : null;
  if (!peerSecret || !address || !parsed || !proof) return null;
  return sameBytes(await expectedProof(address, peerSecret), proof) ? parsed.toString() : null;
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
