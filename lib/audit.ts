import "server-only";
import { db, type Tx } from "@/lib/db/client";

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

/** The row recordAudit writes. */
interface AuditRow {
  action: AuditAction;
  workspaceId: number | null;
  actorUserId: number | null;
  actorApiKeyId: number | null;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  userAgent: string | null;
  metadata: string;
}

/** Anything that can append the row: the global client or transaction, or a workspace-scoped one. */
export type AuditWriter = Pick<Tx, "auditEvent"> | { auditEvent: { create(args: { data: AuditRow }): PromiseLike<unknown> } };

/** Appends an audit event, inside `tx` when the event belongs to a larger change. */
export async function recordAudit(entry: AuditEntry, tx: AuditWriter = db()): Promise<void> {
  await tx.auditEvent.create({
    data: {
      action: entry.action,
      workspaceId: entry.workspaceId ?? null,
      actorUserId: entry.actorUserId ?? null,
      actorApiKeyId: entry.actorApiKeyId ?? null,
      targetType: entry.targetType ?? null,
      targetId: entry.targetId === undefined ? null : String(entry.targetId),
      ip: entry.ip ?? null,
      userAgent: entry.userAgent?.slice(0, 512) ?? null,
      metadata: JSON.stringify(entry.metadata ?? {}),
    },
  });
}
