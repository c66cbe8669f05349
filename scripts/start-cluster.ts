// `npm run start:cluster -- --instances 3`: Gatehouse as several processes behind one address on
// one PostgreSQL database. Prepares like `npm start` (migrations, build when the sources changed),
// then runs N workers of Node's cluster module, each the production server
// (scripts/lib/http-server.mjs) on the one shared listening socket; a worker that dies is started
// again, and SIGTERM/SIGINT stop them all gracefully. Everything the instances share (sessions,
// throttle counters, TOTP replay guards, the e-mail outbox's leases) is in the database; the
// secrets and signing keys come from the one environment every worker inherits.
import cluster, { type Worker } from "node:cluster";
import { availableParallelism } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { appEnv, databaseEnv } from "../lib/env.ts";
import { answerClusterMetricsRequests } from "../lib/metrics/cluster.ts";
import { ROOT } from "./db/schema.ts";
import { prepare, StartupError } from "./lib/prepare.ts";
import { buildIfNeeded, ensurePortFree, nextEnv } from "./lib/server.ts";

const MAX_INSTANCES = 64;
/** A worker that dies sooner than this after starting is restarted after a growing pause, so a crash loop does not spin. */
const EARLY_DEATH_MS = 10_000;
const MAX_RESTART_PAUSE_MS = 30_000;
/** Each worker finishes requests for up to 10 s and its e-mail sender for 5 s more; after this the primary kills what is left. */
const STOP_DEADLINE_MS = 20_000;

function instanceCount(): number {
  const { values } = parseArgs({ options: { instances: { type: "string", short: "n" } }, strict: true });
  if (values.instances === undefined) return Math.max(2, availableParallelism());
  const count = Number(values.instances);
  if (!Number.isInteger(count) || count < 1 || count > MAX_INSTANCES) throw new StartupError(`--instances must be a whole number from 1 to ${MAX_INSTANCES}, not ${values.instances}.`);
  return count;
}

/** Resolves once the cluster answers its health check (any worker), or throws when none comes up. */
async function untilServing(port: number): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt++) {
    if (Object.keys(cluster.workers ?? {}).length === 0) break;
    try {
      if ((await fetch(`http://localhost:${port}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new StartupError("Gatehouse did not start; see the lines above.");
}

function runCluster(instances: number, port: number): void {
  // The workers run the plain-JavaScript server under Node itself, not this script's tsx loader.
  cluster.setupPrimary({ exec: path.join(ROOT, "scripts/lib/http-server.mjs"), execArgv: [], cwd: ROOT });
  const env = nextEnv(port);
  const startedAt = new Map<Worker, number>();
  let restartPause = 1_000;
  let stopping = false;

  const fork = () => startedAt.set(cluster.fork(env), Date.now());
  for (let index = 0; index < instances; index++) fork();
  answerClusterMetricsRequests(cluster);

  cluster.on("exit", (worker, code, signal) => {
    const lived = Date.now() - (startedAt.get(worker) ?? 0);
    startedAt.delete(worker);
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    const pause = lived < EARLY_DEATH_MS ? restartPause : 0;
    restartPause = lived < EARLY_DEATH_MS ? Math.min(restartPause * 2, MAX_RESTART_PAUSE_MS) : 1_000;
    console.error(`Gatehouse instance ${worker.id} ended (${signal ?? `exit code ${code}`}); starting another${pause ? ` in ${pause / 1000} s` : ""}.`);
    setTimeout(() => {
      if (!stopping) fork();
    }, pause);
  });

  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`Gatehouse cluster: ${signal} received, stopping ${Object.keys(cluster.workers ?? {}).length} instance(s)…`);
    // Ctrl+C reaches the workers too (one process group); each stops once whoever asks first.
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGTERM");
    if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
    setTimeout(() => {
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGKILL");
      process.exit(1);
    }, STOP_DEADLINE_MS).unref();
  };
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => stop(signal));
}

try {
  const instances = instanceCount();
  if (databaseEnv().provider === "sqlite") {
    throw new StartupError(
      "start:cluster runs several Gatehouse processes on one database: set DATABASE_URL to PostgreSQL (postgres://user@host:5432/gatehouse). SQLite takes one writer at a time, so instances would only queue on its lock; for one instance on the embedded database use npm start.",
    );
  }
  await prepare();
  const { port } = appEnv();
  await ensurePortFree(port);
  buildIfNeeded();
  runCluster(instances, port);
  await untilServing(port);
  console.log(`\nGatehouse is running at http://localhost:${port} as ${instances} instances on PostgreSQL.\nPress Ctrl+C to stop.`);
} catch (error) {
  console.error(error instanceof StartupError ? error.message : `Gatehouse could not start: ${error instanceof Error ? error.message : String(error)}`);
  for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGKILL");
  process.exit(1);
}
