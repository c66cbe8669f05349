import "server-only";
import { DRAIN_BATCH_SIZE, drainOutbox } from "./outbox";

// The background sender each server process runs (started by instrumentation.ts): a drain at
// start and then every OUTBOX_SENDER_INTERVAL_MS, one at a time, on the process's own clock.
// Several processes may run it against one database; the lease in drainOutbox keeps them apart.

export const OUTBOX_SENDER_INTERVAL_MS = 5_000;

export interface OutboxSender {
  /** Stops the timer and resolves once a drain in flight has recorded its outcome. */
  stop(): Promise<void>;
}

export function startOutboxSender({ owner, intervalMs = OUTBOX_SENDER_INTERVAL_MS }: { owner: string; intervalMs?: number }): OutboxSender {
  let stopped = false;
  let running: Promise<void> | null = null;

  async function drainUntilIdle(): Promise<void> {
    // A full batch means more may be due: go on at once rather than wait an interval.
    while (!stopped && (await drainOutbox({ now: new Date(), owner })).claimed === DRAIN_BATCH_SIZE);
  }

  function tick(): void {
    if (stopped || running) return;
    running = drainUntilIdle()
      .catch((error: unknown) => {
        // The rows stay PENDING (or leased until the lease runs out) and the next tick tries again.
        console.error("gatehouse: e-mail sender failed:", error instanceof Error ? error.name : typeof error);
      })
      .finally(() => {
        running = null;
      });
  }

  const timer = setInterval(tick, intervalMs);
  // Never what keeps the process alive: the server's shutdown decides when it ends.
  timer.unref();
  tick();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
