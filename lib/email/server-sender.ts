import "server-only";
import { hostname } from "node:os";
import { startOutboxSender, type OutboxSender } from "./sender";

// On globalThis, like lib/db/client.ts's client: a development reload must not start a second
// sender, and Gatehouse's HTTP server (scripts/lib/http-server.mjs) stops this one on shutdown,
// after the requests in flight and before the database disconnects.
const globalForSender = globalThis as unknown as { gatehouseOutboxSender?: OutboxSender };

/** Starts this process's e-mail sender once; later calls keep the first. */
export function startServerOutboxSender(): void {
  globalForSender.gatehouseOutboxSender ??= startOutboxSender({ owner: `${hostname()}:${process.pid}` });
}
