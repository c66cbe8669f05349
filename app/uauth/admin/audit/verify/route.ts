// GET /uauth/admin/audit/verify — walks the audit log's hash chains (every one, or ?workspace=<guid>'s) and reports the first broken link of each (landlord admins).
import { auditVerifyQuerySchema, verifyAuditLog } from "@/lib/admin/audit";
import { apiRoute, parseQuery } from "@/lib/api/handler";

export const GET = apiRoute({ access: "landlord" }, async ({ request, now }) => verifyAuditLog(parseQuery(request, auditVerifyQuerySchema), now));
