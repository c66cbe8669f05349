import "server-only";
import cluster from "node:cluster";
import { createHash, timingSafeEqual } from "node:crypto";
import { Registry } from "prom-client";
import { bearerToken, errorResponse } from "@/lib/api/handler";
import { metricsEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { clusterMetricsText } from "./cluster";
import { databaseMetricsText } from "./database-gauges";
import { processMetrics } from "./process-metrics";

/**
 * Whether `Authorization` carries the metrics token. Both sides are hashed first so the
 * comparison is constant-time whatever the lengths (timingSafeEqual needs equal ones).
 */
function holdsMetricsToken(header: string | null, expected: string): boolean {
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(bearerToken(header)), digest(expected));
}

/**
 * Answers a Prometheus scrape: 404 when GATEHOUSE_METRICS_TOKEN is unset (the endpoint is not
 * advertised), 401 without the token, else the counters and histograms of every instance (the
 * cluster's aggregate under `start:cluster`, this process's otherwise) and the database gauges.
 */
export async function answerMetricsScrape(request: Request, now: Date): Promise<Response> {
  try {
    const { metricsToken } = metricsEnv();
    if (metricsToken === null) throw new AppError("NOT_FOUND");
    if (!holdsMetricsToken(request.headers.get("authorization"), metricsToken)) throw new AppError("INVALID_TOKEN");
    const instances = cluster.isWorker ? await clusterMetricsText().catch(() => Promise.reject(new AppError("SERVICE_BUSY", { retryAfter: 1 }))) : await processMetrics().registry.metrics();
    const text = `${instances.trimEnd()}\n\n${await databaseMetricsText(now)}`;
    return new Response(text, { status: 200, headers: { "content-type": Registry.PROMETHEUS_CONTENT_TYPE, "cache-control": "no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}
