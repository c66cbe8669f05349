import "server-only";
import { auditQuerySchema, type AuditQuery } from "@/lib/admin/audit";
import { workspaceGuidOf } from "@/lib/admin/workspaces";
import { param, type SearchParams } from "../list-parts";

// The audit log page's filters, read from its address: the page and its CSV download read them
// the same way, so the file holds what the page shows.

/** The filters as the form shows them (the workspace by subdomain, times as typed, in UTC). */
export type AuditFilterValues = { workspace?: string; actor?: string; action?: string; from?: string; to?: string };

export type AuditFilter = Omit<AuditQuery, "format" | "limit" | "offset">;

const LOCAL_MINUTE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;

/** A `datetime-local` value has no zone; the console reads it as UTC, as it shows every time. */
function asUtc(value: string | undefined): string | undefined {
  return value && LOCAL_MINUTE.test(value) ? `${value}:00Z` : value;
}

const filterSchema = auditQuerySchema.omit({ limit: true, offset: true, format: true });

/**
 * The filters of the address: `filter` for lib/admin/audit.ts, or null when nothing can match
 * (a workspace that does not exist) or a value is invalid (`error` says which).
 */
export async function auditFilterOf(params: SearchParams): Promise<{ values: AuditFilterValues; filter: AuditFilter | null; error: string | null }> {
  const values: AuditFilterValues = { workspace: param(params, "workspace"), actor: param(params, "actor"), action: param(params, "action"), from: param(params, "from"), to: param(params, "to") };
  const parsed = filterSchema.safeParse({ actor: values.actor, action: values.action, from: asUtc(values.from), to: asUtc(values.to) });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { values, filter: null, error: `${String(issue.path[0] ?? "filter")}: ${issue.message}` };
  }
  if (!values.workspace) return { values, filter: parsed.data, error: null };
  const guid = await workspaceGuidOf(values.workspace);
  return { values, filter: guid ? { ...parsed.data, workspace: guid } : null, error: null };
}
