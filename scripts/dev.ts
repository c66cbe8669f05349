// `npm run dev`: prepare the embedded database (and demo data) like `npm start`, then `next dev`
// with hot reload. `next dev` is not Gatehouse's HTTP server, so no request carries a peer address
// that server vouched for (lib/net/request.ts): every client, even one that sends
// x-gatehouse-peer itself, counts as an unknown address, and IP-restricted workspaces refuse.
import { spawn } from "node:child_process";
import path from "node:path";
import { appEnv } from "../lib/env.ts";
import { ROOT } from "./db/schema.ts";
import { prepare, StartupError } from "./lib/prepare.ts";
import { ensurePortFree } from "./lib/server.ts";

try {
  await prepare();
  const { port } = appEnv();
  await ensurePortFree(port);
  const child = spawn(process.execPath, [path.join(ROOT, "node_modules/next/dist/bin/next"), "dev", "--port", String(port)], {
    cwd: ROOT,
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "development", NEXT_TELEMETRY_DISABLED: "1" },
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
  child.on("exit", (code) => process.exit(code ?? 0));
} catch (error) {
  console.error(error instanceof StartupError ? error.message : `Gatehouse could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
