// Test-only: the real `npm run start:cluster` (production build, Node cluster workers on one
// port) as a child process, and HTTP clients each pinned to one of its instances.
import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { Agent, request as httpRequest } from "node:http";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "../..");
const INSTANCE_HEADER = "x-gatehouse-instance";
const REQUEST_TIMEOUT_MS = 15_000;

export interface RunningCluster {
  url: string;
  /** The primary's output so far (a failing test prints it). */
  output(): string;
  /** Pids of the live workers (children of the primary). */
  workerPids(): number[];
  stop(): Promise<number | null>;
}

/** Children of `pid`, read from /proc (Linux, as the CI and the dev machine are). */
function childPids(pid: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Field 4 of /proc/<pid>/stat is the parent; the command name before it may hold spaces.
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      if (Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) === pid) children.push(Number(entry));
    } catch {
      // the process ended meanwhile
    }
  }
  return children;
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
  } catch {
    return "";
  }
}

/**
 * Starts `npm run start:cluster -- --instances <n>` (through scripts/bootstrap.mjs, as npm would)
 * with `env` added; resolves once it prints that it is running. It builds first when the sources
 * changed since the last build, which takes minutes.
 */
export async function startCluster({ instances, port, env, timeoutMs }: { instances: number; port: number; env: Record<string, string>; timeoutMs: number }): Promise<RunningCluster> {
  const child: ChildProcess = spawn(process.execPath, ["scripts/bootstrap.mjs", "start-cluster.ts", "--instances", String(instances)], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the cluster did not start in ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const check = setInterval(() => {
      if (/Gatehouse is running at/.test(output)) {
        clearInterval(check);
        clearTimeout(timer);
        resolve();
      }
    }, 100);
    void exited.then((code) => {
      clearInterval(check);
      clearTimeout(timer);
      reject(new Error(`the cluster exited (${code}) before serving:\n${output}`));
    });
  });
  // bootstrap.mjs → the tsx process running scripts/start-cluster.ts (the primary) → workers.
  const primary = () => childPids(child.pid!)[0];
  return {
    url: `http://localhost:${port}`,
    output: () => output,
    // The primary has other children too (tsx's esbuild service): the workers run the server.
    workerPids: () => {
      const pid = primary();
      return pid === undefined ? [] : childPids(pid).filter((child) => commandLine(child).includes("scripts/lib/http-server.mjs"));
    },
    stop: () => {
      child.kill("SIGTERM");
      return exited;
    },
  };
}

export interface InstanceResponse<T = Record<string, unknown>> {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  json: T;
  instance: string;
}

export interface RequestOptions {
  token?: string;
  json?: unknown;
  headers?: Record<string, string>;
}

/**
 * An HTTP client holding one keep-alive connection: the cluster hands a connection to one
 * worker, so every request of this client reaches the same instance. It checks that on every
 * answer (a connection the server closed would be reopened, perhaps elsewhere).
 */
export interface InstanceClient {
  instance: string;
  request<T = Record<string, unknown>>(method: string, path: string, options?: RequestOptions): Promise<InstanceResponse<T>>;
  close(): void;
}

/** One request on `agent`; `agent: false` for a fresh connection (the cluster picks the next worker). */
export function sendRequest<T = Record<string, unknown>>(url: string, agent: Agent | false, method: string, path: string, { token, json, headers = {} }: RequestOptions = {}): Promise<InstanceResponse<T>> {
  const body = json === undefined ? undefined : JSON.stringify(json);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${url}${path}`,
      {
        method,
        agent,
        headers: {
          ...(token && { authorization: `Bearer ${token}` }),
          ...(body !== undefined && { "content-type": "application/json", "content-length": String(Buffer.byteLength(body)) }),
          ...headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let parsed: unknown = text;
          try {
            parsed = text ? JSON.parse(text) : null;
          } catch {
            // not JSON (the metrics text): kept as text
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, json: parsed as T, instance: String(res.headers[INSTANCE_HEADER] ?? "") });
        });
        res.on("error", reject);
      },
    );
    // A connection handed to a worker that was then killed may never be answered.
    req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error(`no answer to ${method} ${path} in ${REQUEST_TIMEOUT_MS} ms`)));
    req.on("error", reject);
    req.end(body);
  });
}

/** Clients pinned to `count` distinct instances of the cluster at `url`. */
export async function clientsOnEachInstance(url: string, count: number): Promise<InstanceClient[]> {
  const clients = new Map<string, InstanceClient>();
  for (let attempt = 0; attempt < count * 10 && clients.size < count; attempt++) {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const probe = await sendRequest(url, agent, "GET", "/api/health");
    if (!probe.instance || clients.has(probe.instance)) {
      agent.destroy();
      continue;
    }
    const instance = probe.instance;
    clients.set(instance, {
      instance,
      async request(method, path, options) {
        const response = await sendRequest(url, agent, method, path, options);
        if (response.instance !== instance) throw new Error(`expected instance ${instance} to answer ${method} ${path}, got ${response.instance}`);
        return response as never;
      },
      close: () => agent.destroy(),
    });
  }
  if (clients.size < count) throw new Error(`reached only ${clients.size} of ${count} instances`);
  return [...clients.values()];
}
