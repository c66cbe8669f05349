// The caller's address and agent, from a request's headers. Edge-safe.
import { appEnv } from "@/lib/env";
import { clientIp } from "@/lib/net/ip";

/**
 * Set by Gatehouse's HTTP server (scripts/lib/http-server.mjs) to the socket's peer address,
 * overwriting whatever a client sent: Next.js itself does not expose the socket address, and its
 * own X-Forwarded-For default keeps a client-supplied value.
 */
export const PEER_HEADER = "x-gatehouse-peer";

/** Set by middleware (overwriting any inbound value): the page being rendered, for callbackUrl. */
export const PATH_HEADER = "x-gatehouse-path";

export interface RequestFacts {
  ip: string | null;
  userAgent: string | null;
}

export function requestFacts(headers: Headers): RequestFacts {
  return {
    ip: clientIp(headers.get(PEER_HEADER), headers.get("x-forwarded-for"), appEnv().trustedProxies),
    userAgent: headers.get("user-agent"),
  };
}
