import "server-only";
import { chainOf, type ChainedEvent, eventHash, GENESIS_HASH } from "@/lib/audit-chain";
import { db, type Db, type Tx } from "@/lib/db/client";
import { countAuditedOutcome } from "@/lib/metrics/process-metrics";

/** Audit actions: a closed list so the log stays queryable. */
export type AuditAction =
  | "auth.login.succeeded"
  | "auth.login.failed"
  | "auth.login.throttled"
  | "auth.mfa.succeeded"
  | "auth.mfa.failed"
  | "auth.mfa.throttled"
  | "auth.mfa.recovery_code_used"
  | "auth.mfa.enabled"
  | "auth.mfa.disabled"
  | "auth.mfa.recovery_codes_regenerated"
  | "auth.workspace.selected"
  | "auth.workspace.refused"
  | "auth.token.refreshed"
  | "auth.token.reuse_detected"
  | "auth.logout"
  | "auth.session.revoked"
  | "auth.session.others_revoked"
  | "auth.password.set"
  | "auth.password.reset_requested"
  | "auth.password.reset"
  | "auth.reauth.succeeded"
  | "auth.reauth.failed"
  | "workspace.created"
  | "workspace.updated"
  | "workspace.settings_changed"
  | "workspace.suspended"
  | "workspace.reactivated"
  | "workspace.member.added"
  | "workspace.member.role_changed"
  | "workspace.member.removed"
  | "workspace.member.sessions_ended"
  | "workspace.role.created"
  | "workspace.role.updated"
  | "workspace.role.deleted"
  | "invitation.created"
  | "invitation.resent"
  | "invitation.revoked"
  | "invitation.accepted"
  | "user.created"
  | "user.sessions_ended"
  | "user.disabled"
  | "user.enabled"
  | "auth.mfa.reset"
  | "api_key.created"
  | "api_key.rotated"
  | "api_key.revoked"
  | "api_key.used_from_new_address"
  | "api_key.rate_jump"
  | "api_key.expiring";

export interface AuditEntry {
  action: AuditAction;
  workspaceId?: number | null;
  actorUserId?: number | null;
  actorApiKeyId?: number | null;
  targetType?: string;
  targetId?: string | number;
  ip?: string | null;
  userAgent?: string | null;
  /** Details for the reader. Never a password, code or token. */
  metadata?: Record<string, unknown>;
}

/** The columns of an event as the caller describes it; recordAudit adds its place in the chain. */
type AuditRow = Omit<ChainedEvent, "chain" | "seq" | "prevHash" | "createdAt">;

/**
 * A workspace-scoped client or transaction (lib/db/scoped.ts): it appends to its own workspace's
 * chain only, through the global client of the same transaction.
 */
export interface WorkspaceAuditWriter {
  auditEvent: { appendToChain(entry: AuditEntry): Promise<void> };
}

/** Where an event is appended: the global client (its own transaction) or transaction, or a workspace-scoped one. */
export type AuditWriter = Db | Tx | WorkspaceAuditWriter;

function isWorkspaceWriter(writer: AuditWriter): writer is WorkspaceAuditWriter {
  return typeof (writer.auditEvent as Partial<WorkspaceAuditWriter["auditEvent"]>).appendToChain === "function";
}

/**
 * Appends an audit event to its chain (the workspace's, or the platform's), inside `tx` when the
 * event belongs to a larger change, else in a transaction of its own. The log is append-only:
 * nothing but the retention purge (lib/purge.ts) updates or deletes an event.
 */
export async function recordAudit(entry: AuditEntry, tx?: AuditWriter): Promise<void> {
  countAuditedOutcome(entry.action);
  if (tx && isWorkspaceWriter(tx)) return tx.auditEvent.appendToChain(entry);
  const row: AuditRow = {
    action: entry.action,
    workspaceId: entry.workspaceId ?? null,
    actorUserId: entry.actorUserId ?? null,
    actorApiKeyId: entry.actorApiKeyId ?? null,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId === undefined ? null : String(entry.targetId),
    ip: entry.ip ?? null,
    userAgent: entry.userAgent?.slice(0, 512) ?? null,
    metadata: JSON.stringify(entry.metadata ?? {}),
  };
  // Nested inside the caller's transaction (a savepoint), or a transaction of its own: the head,
  // the event and the new head commit together or not at all.
  await (tx ?? db()).$transaction((inner) => appendToChain(row, inner));
}

/**
 * Links the event to the end of its chain. The first statement creates the head (seq 1, the
 * genesis hash as predecessor) or advances its seq, in one INSERT … ON CONFLICT DO UPDATE: on
 * PostgreSQL that holds the head row's lock until the transaction ends, so appends to one chain
 * from any number of processes are serialised and each reads the hash its predecessor committed
 * (the returned `hash` is still the predecessor's: only `seq` changed). SQLite has one writer at
 * a time. The unique (chain, seq) key is the backstop: a fork could not be inserted.
 */
async function appendToChain(row: AuditRow, tx: Tx): Promise<void> {
  const chain = chainOf(row.workspaceId);
  const head = await tx.auditChainHead.upsert({ where: { chain }, create: { chain, seq: 1, hash: GENESIS_HASH }, update: { seq: { increment: 1 } } });
  // Time never runs backwards within a chain (another instance's clock may be ahead of this
  // one's), so the retention purge's "older than" is always a prefix of the chain, never a hole.
  // The head keeps its last event's time, so that takes no read of the event.
  const now = new Date();
  const createdAt = head.lastEventAt && head.lastEventAt > now ? head.lastEventAt : now;
  const event: ChainedEvent = { ...row, chain, seq: head.seq, prevHash: head.hash, createdAt };
  const hash = eventHash(event);
  await tx.auditEvent.create({ data: { ...event, hash } });
  await tx.auditChainHead.update({ where: { chain }, data: { hash, lastEventAt: createdAt } });
}
