import "server-only";
import { DRAIN_BATCH_SIZE, drainOutbox } from "./outbox";

// The background sender each server process runs (started by instrumentation.ts): a drain at
// start and then every OUTBOX_SENDER_INTERVAL_MS, one at a time, on the process's own clock.
// Several processes may run it against one database; the lease in drainOutbox keeps them apart.

export const OUTBOX_SENDER_INTERVAL_MS = 5_000;

/** How long stop() waits for a drain in flight before letting the process go on shutting down. */
export const SENDER_STOP_DEADLINE_MS = 5_000;

export interface OutboxSender {
  /**
   * Stops the timer and resolves once a drain in flight has recorded its outcome, or after the
   * deadline: rows it still holds stay leased until the lease runs out, and another drain then
   * sends them with the same idempotency key.
   */
  stop(options?: { deadlineMs?: number }): Promise<void>;
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
    async stop({ deadlineMs = SENDER_STOP_DEADLINE_MS } = {}) {
      stopped = true;
      clearInterval(timer);
      if (!running) return;
      let deadline: NodeJS.Timeout | undefined;
      await Promise.race([running, new Promise<void>((resolve) => (deadline = setTimeout(resolve, deadlineMs).unref()))]);
      clearTimeout(deadline);
    },
  };
}
