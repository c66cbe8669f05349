// GET /api/health — liveness and database reachability, for load balancers and `npm start`.
import { json } from "@/lib/api/handler";
import { checkDatabase } from "@/lib/db/health";

export const dynamic = "force-dynamic";

export async function GET() {
  const database = await checkDatabase();
  return json({ status: database ? "ok" : "degraded", database: database ? "ok" : "unreachable" }, database ? 200 : 503);
}
