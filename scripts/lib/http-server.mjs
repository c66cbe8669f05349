// Gatehouse's production HTTP server: Next.js's request handler behind a plain Node server that
// records the socket's peer address in a header only it can prove it set. Plain JavaScript with
// no loader, so Next loads React exactly as `next start` would.
import cluster from "node:cluster";
import { createHmac, randomBytes } from "node:crypto";
import { createServer } from "node:http";
import next from "next";
import { closeGracefully } from "./graceful-shutdown.mjs";

// The peer address goes with an HMAC under a secret born in this process (lib/net/request.ts
// checks it): under any other server a client's copy of the header carries no valid proof.
// Set before Next loads, so lib/env.ts reads it; never taken from the environment.
const PEER_HEADER = "x-gatehouse-peer";
const PEER_PROOF_HEADER = "x-gatehouse-peer-proof";
const peerSecret = randomBytes(32).toString("base64url");
process.env.GATEHOUSE_PEER_SECRET = peerSecret;
const port = Number(process.env.PORT ?? 3000);
// Loopback unless HOST says otherwise: the embedded demo's published passwords must not be
// reachable from the network by default.
const hostname = process.env.HOST || "127.0.0.1";
/**
 * Under `npm run start:cluster` each worker names itself on every response (its cluster worker
 * id, a small number, new after a restart), so tests and operators see which instance answered.
 * It tells a client nothing beyond how many processes serve; a standalone server sends nothing.
 */
const INSTANCE = cluster.isWorker ? String(cluster.worker.id) : null;
/** How long requests in flight may take to finish once a stop is asked for. */
const SHUTDOWN_DEADLINE_MS = 10_000;

const app = next({ dev: false, dir: process.cwd(), port, hostname });
const handle = app.getRequestHandler();
await app.prepare();

/** Paths of the JSON API: never React Server Component requests. */
const API_PATH = /^\/(uauth|api|\.well-known)\//;
/** App Router request headers; on an API path they would only earn a cache-busting redirect. */
const ROUTER_HEADERS = ["rsc", "next-router-prefetch", "next-router-state-tree", "next-router-segment-prefetch", "next-url", "next-hmr-refresh"];

/** Methods the Fetch API cannot represent: Next.js throws building its Request (500). */
const UNREPRESENTABLE_METHODS = new Set(["CONNECT", "TRACE", "TRACK"]);

/** A request Next.js would answer 500, answered in the API's error shape (lib/errors.ts) instead. */
function refusal(req) {
  if (UNREPRESENTABLE_METHODS.has(req.method ?? "")) return { status: 405, code: "METHOD_NOT_ALLOWED", message: "This method is not allowed here.", headers: { allow: "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS" } };
  try {
    decodeURIComponent((req.url ?? "/").split("?")[0]);
    return null;
  } catch {
    return { status: 400, code: "BAD_REQUEST", message: "The request path is not valid percent-encoding.", headers: {} };
  }
}

/** Each peer address's proof, computed once: the MAC of an address never changes in a process. */
const proofs = new Map();
function proofOf(peer) {
  let proof = proofs.get(peer);
  if (proof === undefined) {
    if (proofs.size >= 1024) proofs.clear();
    proofs.set(peer, (proof = createHmac("sha256", peerSecret).update(`gatehouse-peer:${peer}`).digest("base64url")));
  }
  return proof;
}

const server = createServer((req, res) => {
  if (INSTANCE) res.setHeader("x-gatehouse-instance", INSTANCE);
  const refused = refusal(req);
  if (refused) {
    res.writeHead(refused.status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", "x-content-type-options": "nosniff", ...refused.headers });
    res.end(JSON.stringify({ error: { code: refused.code, message: refused.message } }));
    return;
  }
  // Overwrite, never append: a client must not choose its own address.
  const peer = req.socket.remoteAddress ?? "";
  req.headers[PEER_HEADER] = peer;
  req.headers[PEER_PROOF_HEADER] = proofOf(peer);
  // Node keeps only the first of repeated Authorization headers; pass them all, comma-joined, so
  // the API refuses the ambiguity (lib/api/handler.ts bearerToken) rather than pick one.
  const authorizations = req.headersDistinct.authorization ?? [];
  if (authorizations.length > 1) req.headers.authorization = authorizations.join(", ");
  // The API answers JSON, never a redirect (Next would send an `rsc` request to `?_rsc=…`).
  if (API_PATH.test(req.url ?? "")) for (const name of ROUTER_HEADERS) delete req.headers[name];
  handle(req, res);
});
server.listen(port, hostname, () => {
  console.log(`Gatehouse${INSTANCE ? ` instance ${INSTANCE}` : ""} listening on ${hostname}:${port}`);
});

let stopping = false;
async function stop(signal) {
  // Ctrl+C reaches every process of the group, and the launcher forwards it too: stop once.
  if (stopping) return;
  stopping = true;
  console.log(`Gatehouse: ${signal} received, finishing requests in flight…`);
  await closeGracefully(server, { deadlineMs: SHUTDOWN_DEADLINE_MS });
  // lib/api-keys/usage.ts keeps its flush here: write the last minute's counts (and the alerts they raise) first.
  await globalThis.gatehouseApiKeyUsage?.stop().catch(() => {});
  // lib/email/server-sender.ts keeps the e-mail sender here: let a drain in flight record its outcome.
  await globalThis.gatehouseOutboxSender?.stop().catch(() => {});
  // lib/db/client.ts keeps the process's Prisma client here; close its connections cleanly.
  await globalThis.gatehouseDb?.client.$disconnect().catch(() => {});
  process.exit(0);
}
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => void stop(signal));
