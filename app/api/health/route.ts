// GET /api/health — liveness and database reachability, for load balancers and `npm start`.
import { checkDatabase } from "@/lib/db/health";

export const dynamic = "force-dynamic";

export async function GET() {
  const database = await checkDatabase();
  return Response.json({ status: database ? "ok" : "degraded", database: database ? "ok" : "unreachable" }, { status: database ? 200 : 503 });
}
