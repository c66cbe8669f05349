// Gatehouse's production HTTP server: Next.js's request handler behind a plain Node server that
// records the socket's peer address in a header only it can set. Plain JavaScript with no
// loader, so Next loads React exactly as `next start` would.
import { createServer } from "node:http";
import next from "next";

const PEER_HEADER = "x-gatehouse-peer";
const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOST || undefined;

const app = next({ dev: false, dir: process.cwd(), port, hostname: hostname ?? "localhost" });
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
  console.log(`Gatehouse listening on ${hostname ?? "all interfaces"}:${port}`);
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.close(() => process.exit(0)));
