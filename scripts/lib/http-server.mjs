// Gatehouse's production HTTP server: Next.js's request handler behind a plain Node server that
// records the socket's peer address in a header only it can set. Plain JavaScript with no
// loader, so Next loads React exactly as `next start` would.
import { createServer } from "node:http";
import next from "next";
import { closeGracefully } from "./graceful-shutdown.mjs";

const PEER_HEADER = "x-gatehouse-peer";
const port = Number(process.env.PORT ?? 3000);
// Loopback unless HOST says otherwise: the embedded demo's published passwords must not be
// reachable from the network by default.
const hostname = process.env.HOST || "127.0.0.1";
/** How long requests in flight may take to finish once a stop is asked for. */
const SHUTDOWN_DEADLINE_MS = 10_000;

const app = next({ dev: false, dir: process.cwd(), port, hostname });
const handle = app.getRequestHandler();
await app.prepare();

/** Paths of the JSON API: never React Server Component requests. */
const API_PATH = /^\/(uauth|api|\.well-known)\//;
/** App Router request headers; on an API path they would only earn a cache-busting redirect. */
const ROUTER_HEADERS = ["rsc", "next-router-prefetch", "next-router-state-tree", "next-router-segment-prefetch", "next-url", "next-hmr-refresh"];

const server = createServer((req, res) => {
  // Overwrite, never append: a client must not choose its own address.
  req.headers[PEER_HEADER] = req.socket.remoteAddress ?? "";
  // The API answers JSON, never a redirect (Next would send an `rsc` request to `?_rsc=…`).
  if (API_PATH.test(req.url ?? "")) for (const name of ROUTER_HEADERS) delete req.headers[name];
  handle(req, res);
});
server.listen(port, hostname, () => {
  console.log(`Gatehouse listening on ${hostname}:${port}`);
});

let stopping = false;
async function stop(signal) {
  // Ctrl+C reaches every process of the group, and the launcher forwards it too: stop once.
  if (stopping) return;
  stopping = true;
  console.log(`Gatehouse: ${signal} received, finishing requests in flight…`);
  await closeGracefully(server, { deadlineMs: SHUTDOWN_DEADLINE_MS });
  // lib/db/client.ts keeps the process's Prisma client here; close its connections cleanly.
  await globalThis.gatehouseDb?.client.$disconnect().catch(() => {});
  process.exit(0);
}
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => void stop(signal));
