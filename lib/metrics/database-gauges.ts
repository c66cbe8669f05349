import "server-only";
import { Gauge, Registry } from "prom-client";
import { addSeconds } from "@/lib/clock";
import { db } from "@/lib/db/client";
import { sessionEnv } from "@/lib/env";

// What the database holds, counted at scrape by the instance that answers it (once, not once per
// worker: these are the cluster's numbers, not a process's). A scrape while the database is down
// still answers, with gatehouse_database_up 0 and without these gauges.

/** The database gauges at `now`, in Prometheus text. */
export async function databaseMetricsText(now: Date): Promise<string> {
  const registry = new Registry();
  const registers = [registry];
  const up = new Gauge({ name: "gatehouse_database_up", help: "1 when the database answered this scrape's queries.", registers });
  try {
    const [activeSessions, outbox, retrying] = await Promise.all([
      db().session.count({ where: { revokedAt: null, expiresAt: { gt: now }, lastSeenAt: { gt: addSeconds(now, -sessionEnv().idleTimeoutSeconds) } } }),
      db().outboxEmail.groupBy({ by: ["status"], where: { status: { in: ["PENDING", "FAILED"] } }, _count: { _all: true }, _min: { createdAt: true } }),
      db().outboxEmail.count({ where: { status: "PENDING", attempts: { gt: 0 } } }),
    ]);
    const pending = outbox.find((row) => row.status === "PENDING");
    const failed = outbox.find((row) => row.status === "FAILED");
    new Gauge({ name: "gatehouse_active_sessions", help: "Sessions neither revoked, expired nor idle past the timeout.", registers }).set(activeSessions);
    new Gauge({ name: "gatehouse_outbox_backlog", help: "E-mails waiting to be delivered (PENDING), retries included.", registers }).set(pending?._count._all ?? 0);
    new Gauge({ name: "gatehouse_outbox_retrying", help: "PENDING e-mails whose delivery has failed at least once.", registers }).set(retrying);
    new Gauge({ name: "gatehouse_outbox_oldest_pending_seconds", help: "Age of the oldest PENDING e-mail (0 when none).", registers }).set(
      pending?._min.createdAt ? Math.max(0, (now.getTime() - pending._min.createdAt.getTime()) / 1000) : 0,
    );
    new Gauge({ name: "gatehouse_outbox_failed", help: "E-mails given up on (FAILED) until someone resends them.", registers }).set(failed?._count._all ?? 0);
    up.set(1);
  } catch {
    up.set(0);
  }
  return registry.metrics();
}
