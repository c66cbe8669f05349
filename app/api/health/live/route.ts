// GET /api/health/live — liveness only: the process answers. No auth, no database: a load
// balancer's liveness probe, and the "bare" request the HTTP benchmarks compare everything to.
import { json } from "@/lib/api/handler";

export const dynamic = "force-dynamic";

export const GET = () => json({ status: "ok" }, 200);
