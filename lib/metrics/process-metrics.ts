import "server-only";
import cluster from "node:cluster";
import { AggregatorRegistry, collectDefaultMetrics, Counter, Histogram, Registry } from "prom-client";
import type { AuditAction } from "@/lib/audit";
import { tokenVerificationCounts } from "@/lib/tokens/verify";

// This process's counters and latency histogram (prom-client). Recording is a synchronous
// in-memory increment: no await and no database on the request path. Kept on globalThis because
// every route bundle of the server has its own copy of this module (as lib/api-keys/usage.ts
// found); one registry per process is what a scrape, or the cluster's aggregation, must see.

interface ProcessMetrics {
  registry: Registry;
  logins: Counter<"outcome">;
  mfa: Counter<"outcome">;
  apiKeyRequests: Counter;
  requestDuration: Histogram<"route" | "method" | "status">;
}

const state = globalThis as unknown as { gatehouseMetrics?: ProcessMetrics };

/** Seconds: from a token check (~1 ms) to a password hash under load (~1 s). */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

function createProcessMetrics(): ProcessMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "gatehouse_" });
  const registers = [registry];
  new Counter({
    name: "gatehouse_token_verifications_total",
    help: "Access tokens verified by the data layer, by outcome (refused: bad signature, expired, wrong audience, …).",
    labelNames: ["outcome"],
    registers,
    // lib/tokens/verify.ts is edge-safe and cannot import this module: it keeps plain counts,
    // read here at scrape.
    collect() {
      const counts = tokenVerificationCounts();
      this.reset();
      this.inc({ outcome: "valid" }, counts.valid);
      this.inc({ outcome: "refused" }, counts.refused);
    },
  });
  // A worker of `npm run start:cluster` answers the primary's collection requests with this
  // registry, so one scrape shows the whole cluster (lib/metrics/cluster.ts).
  if (cluster.isWorker) {
    new AggregatorRegistry();
    AggregatorRegistry.setRegistries([registry]);
  }
  return {
    registry,
    logins: new Counter({ name: "gatehouse_logins_total", help: "Password steps of sign-in, by outcome: succeeded (MFA may follow), failed, throttled.", labelNames: ["outcome"], registers }),
    mfa: new Counter({ name: "gatehouse_mfa_total", help: "Second-factor steps, by outcome: succeeded, recovery_code, failed, throttled.", labelNames: ["outcome"], registers }),
    apiKeyRequests: new Counter({ name: "gatehouse_api_key_requests_total", help: "Requests authenticated by an API key.", registers }),
    requestDuration: new Histogram({
      name: "gatehouse_http_request_duration_seconds",
      help: "API request latency inside the route handler wrapper, by route template, method and status.",
      labelNames: ["route", "method", "status"],
      buckets: LATENCY_BUCKETS,
      registers,
    }),
  };
}

/** The process's metrics, created on first use. */
export function processMetrics(): ProcessMetrics {
  state.gatehouseMetrics ??= createProcessMetrics();
  return state.gatehouseMetrics;
}

/** The audit actions that are sign-in outcomes, and the counter and label each one counts as. */
const OUTCOMES: Partial<Record<AuditAction, ["logins" | "mfa", string]>> = {
  "auth.login.succeeded": ["logins", "succeeded"],
  "auth.login.failed": ["logins", "failed"],
  "auth.login.throttled": ["logins", "throttled"],
  "auth.mfa.succeeded": ["mfa", "succeeded"],
  "auth.mfa.recovery_code_used": ["mfa", "recovery_code"],
  "auth.mfa.failed": ["mfa", "failed"],
  "auth.mfa.throttled": ["mfa", "throttled"],
};

/**
 * Counts an audited event that is a sign-in outcome (lib/audit.ts calls it for every event it
 * appends; the others are ignored). Counted when appended: an event inside a transaction that
 * rolls back afterwards was still an attempt.
 */
export function countAuditedOutcome(action: AuditAction): void {
  const outcome = OUTCOMES[action];
  if (outcome) processMetrics()[outcome[0]].inc({ outcome: outcome[1] });
}

/** Counts one request authenticated by an API key. */
export function countApiKeyRequest(): void {
  processMetrics().apiKeyRequests.inc();
}

/** Records one API request's latency under its route template (`unmatched` for a path the API does not have). */
export function observeApiRequest(route: string | null, method: string, status: number, seconds: number): void {
  processMetrics().requestDuration.observe({ route: route ?? "unmatched", method, status: String(status) }, seconds);
}
