// GET /uauth/admin/audit — audit events filtered by workspace, actor, action and time, newest first, paged; as CSV with format=csv or Accept: text/csv (landlord admins).
import { auditCsvResponse, auditQuerySchema, CSV_EXPORT_LIMIT, listAuditEvents } from "@/lib/admin/audit";
import { apiRoute, parseQuery } from "@/lib/api/handler";

export const GET = apiRoute({ access: "landlord" }, async ({ request }) => {
  const { format, ...filter } = parseQuery(request, auditQuerySchema);
  const csv = format === "csv" || (format === undefined && (request.headers.get("accept") ?? "").toLowerCase().includes("text/csv"));
  if (csv) return auditCsvResponse(await listAuditEvents({ ...filter, limit: CSV_EXPORT_LIMIT, offset: filter.offset }));
  const { items, total } = await listAuditEvents(filter);
  return { items, total, limit: filter.limit, offset: filter.offset };
});
