import "server-only";
import { sha256 } from "@/lib/crypto";

// The hash chain of the audit log, shared by the writer (lib/audit.ts) and the verifier
// (lib/audit-verify.ts): which chain an event belongs to, and the canonical encoding its hash covers.

/** The chain of every event outside a workspace (sign-in, MFA, landlord actions). */
export const PLATFORM_CHAIN = "platform";

/** `prevHash` of a chain's first event. */
export const GENESIS_HASH = "0".repeat(64);

/** The chain an event belongs to: one per workspace (`w:<id>`), and the platform's. */
export function chainOf(workspaceId: number | null): string {
  return workspaceId === null ? PLATFORM_CHAIN : `w:${workspaceId}`;
}

/** The columns of an event its hash covers: everything but its id (unknown before the insert) and the hash itself. */
export interface ChainedEvent {
  chain: string;
  seq: number;
  prevHash: string;
  action: string;
  workspaceId: number | null;
  actorUserId: number | null;
  actorApiKeyId: number | null;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  userAgent: string | null;
  /** The stored JSON text, as stored: the hash covers the column, not a re-encoding of it. */
  metadata: string;
  createdAt: Date;
}

/**
 * The canonical encoding of an event: a JSON object with exactly these keys in exactly this
 * order, numbers as JSON integers, an absent value as `null`, `metadata` as the stored JSON text
 * (a string), `createdAt` as ISO 8601 in UTC with milliseconds (`Date.toISOString`). JSON
 * keeps a string's escaping deterministic, so the same columns always give the same bytes (UTF-8).
 */
export function canonicalEncoding(event: ChainedEvent): string {
  return JSON.stringify({
    chain: event.chain,
    seq: event.seq,
    prevHash: event.prevHash,
    action: event.action,
    workspaceId: event.workspaceId,
    actorUserId: event.actorUserId,
    actorApiKeyId: event.actorApiKeyId,
    targetType: event.targetType,
    targetId: event.targetId,
    ip: event.ip,
    userAgent: event.userAgent,
    metadata: event.metadata,
    createdAt: event.createdAt.toISOString(),
  });
}

/** SHA-256 (hex) of the event's canonical encoding; it includes `prevHash`, which links the chain. */
export function eventHash(event: ChainedEvent): string {
  return sha256(canonicalEncoding(event));
}
