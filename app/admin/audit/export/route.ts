// GET /admin/audit/export — the audit log as CSV with the console page's filters (landlord admins past MFA; 404 for anyone else).
import { auditCsvResponse, CSV_EXPORT_LIMIT, listAuditEvents } from "@/lib/admin/audit";
import { guardPage, requireLandlord } from "@/lib/auth/dal";
import { auditFilterOf } from "../filters";

export async function GET(request: Request) {
  await guardPage(() => requireLandlord());
  const { filter, error } = await auditFilterOf(Object.fromEntries(new URL(request.url).searchParams));
  if (error) return new Response(error, { status: 400, headers: { "content-type": "text/plain; charset=utf-8" } });
  return auditCsvResponse(filter ? await listAuditEvents({ ...filter, limit: CSV_EXPORT_LIMIT, offset: 0 }) : { items: [], total: 0 });
}
