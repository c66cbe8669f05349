import "server-only";
import type { z } from "zod";
import { auditQuerySchema, auditVerifyQuerySchema } from "@/lib/admin/schemas";
import { csvCell } from "@/lib/admin/csv";
import { chainOf } from "@/lib/audit-chain";
import { type AuditVerification, verifyAuditChains } from "@/lib/audit-verify";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";

// The landlord's audit log: every event, filtered by workspace, actor, action and time, newest
// first, the same selection as CSV, and the verification of its hash chains.

/** The most rows one CSV export holds; narrow the filter for more. */
export const CSV_EXPORT_LIMIT = 10_000;

export { auditQuerySchema };
export type AuditQuery = z.infer<typeof auditQuerySchema>;

export interface AdminAuditEvent {
  id: number;
  createdAt: Date;
  action: string;
  businessProfileGuid: string | null;
  actorUserId: number | null;
  actorEmail: string | null;
  actorApiKeyId: number | null;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  userAgent: string | null;
  metadata: unknown;
}

/**
 * The events matching the filter, newest first (ties by id, so pages never repeat or skip a row),
 * and how many match. An unknown workspace or actor matches nothing. `from` is inclusive, `to` exclusive.
 */
export async function listAuditEvents(filter: Omit<AuditQuery, "format">): Promise<{ items: AdminAuditEvent[]; total: number }> {
  const where = await auditWhere(filter);
  if (!where) return { items: [], total: 0 };
  const [rows, total] = await Promise.all([
    db().auditEvent.findMany({
      where,
      select: { id: true, createdAt: true, action: true, actorUserId: true, actorApiKeyId: true, targetType: true, targetId: true, ip: true, userAgent: true, metadata: true, workspace: { select: { guid: true } } },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: filter.limit,
      skip: filter.offset,
    }),
    db().auditEvent.count({ where }),
  ]);
  const actorIds = [...new Set(rows.flatMap((row) => (row.actorUserId === null ? [] : [row.actorUserId])))];
  const actors = new Map((await db().user.findMany({ where: { id: { in: actorIds } }, select: { id: true, email: true } })).map((user) => [user.id, user.email]));
  return {
    items: rows.map(({ workspace, metadata, ...row }) => ({ ...row, businessProfileGuid: workspace?.guid ?? null, actorEmail: row.actorUserId === null ? null : (actors.get(row.actorUserId) ?? null), metadata: parseMetadata(metadata) })),
    total,
  };
}

async function auditWhere(filter: Omit<AuditQuery, "format">) {
  let workspaceId: number | undefined;
  if (filter.workspace) {
    const workspace = await db().workspace.findUnique({ where: { guid: filter.workspace.toLowerCase() }, select: { id: true } });
    if (!workspace) return null;
    workspaceId = workspace.id;
  }
  let actorUserId: number | undefined;
  if (filter.actor) {
    if (/^[1-9]\d{0,11}$/.test(filter.actor)) actorUserId = Number(filter.actor);
    else {
      const actor = await db().user.findUnique({ where: { email: filter.actor.toLowerCase() }, select: { id: true } });
      if (!actor) return null;
      actorUserId = actor.id;
    }
  }
  return {
    ...(workspaceId !== undefined && { workspaceId }),
    ...(actorUserId !== undefined && { actorUserId }),
    ...(filter.action !== undefined && { action: filter.action }),
    ...((filter.from !== undefined || filter.to !== undefined) && { createdAt: { ...(filter.from !== undefined && { gte: new Date(filter.from) }), ...(filter.to !== undefined && { lt: new Date(filter.to) }) } }),
  };
}

function parseMetadata(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}

const CSV_COLUMNS = ["id", "createdAt", "action", "businessProfileGuid", "actorUserId", "actorEmail", "actorApiKeyId", "targetType", "targetId", "ip", "userAgent", "metadata"] as const;

/** The events as CSV with a header row, lines ended by CRLF. */
export function auditCsv(events: AdminAuditEvent[]): string {
  const lines = [CSV_COLUMNS.join(","), ...events.map((event) => CSV_COLUMNS.map((column) => csvCell(event[column])).join(","))];
  return `${lines.join("\r\n")}\r\n`;
}

/** The download of an export: the CSV as an attachment, and how many events matched (`X-Total-Count`; the file holds at most {@link CSV_EXPORT_LIMIT}). */
export function auditCsvResponse({ items, total }: { items: AdminAuditEvent[]; total: number }): Response {
  return new Response(auditCsv(items), {
    status: 200,
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": 'attachment; filename="gatehouse-audit.csv"', "x-total-count": String(total) },
  });
}

/** The actions the log holds, alphabetically: the console's action filter offers these. */
export async function listAuditActions(): Promise<string[]> {
  const rows = await db().auditEvent.groupBy({ by: ["action"], orderBy: { action: "asc" } });
  return rows.map((row) => row.action);
}

/** GET /uauth/admin/audit/verify query: one workspace's chain, or (without it) every chain. */
export { auditVerifyQuerySchema };

/**
 * Verifies the audit log's hash chains (lib/audit-verify.ts): every chain, or the chain of the
 * workspace `workspace` names (its businessProfileGuid; an unknown one is NOT_FOUND).
 */
export async function verifyAuditLog(query: z.infer<typeof auditVerifyQuerySchema>, now: Date): Promise<AuditVerification> {
  if (!query.workspace) return verifyAuditChains({ now });
  const workspace = await db().workspace.findUnique({ where: { guid: query.workspace.toLowerCase() }, select: { id: true } });
  if (!workspace) throw new AppError("NOT_FOUND", { message: "No such workspace." });
  return verifyAuditChains({ chain: chainOf(workspace.id), now });
}
