// Next.js calls register() once when a server instance starts. In the Node.js runtime it starts
// the e-mail sender (lib/email/sender.ts), the background purge (lib/purge.ts), the API keys
// usage flush and expiry sweep (lib/api-keys/usage.ts) and the metrics registry; the edge
// runtime gets nothing. NEXT_RUNTIME is not
// configuration but Next's build-time switch, read here literally (not through lib/env.ts) so the
// edge build drops the Node-only import.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { startServerOutboxSender } = await import("./lib/email/server-sender");
    startServerOutboxSender();
    const { startBackgroundPurge } = await import("./lib/purge");
    startBackgroundPurge();
    const { startApiKeyUsageJobs } = await import("./lib/api-keys");
    startApiKeyUsageJobs();
    // Now, not on the first request: a cluster worker answers the primary's metrics collection
    // only once its registry exists (lib/metrics/cluster.ts).
    const { processMetrics } = await import("./lib/metrics/process-metrics");
    processMetrics();
  }
}
