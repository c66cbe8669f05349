// Load against a running server, and what it costs the server: autocannon for saturating load,
// an evenly paced open loop for a fixed rate (runPaced), a closed loop of sign-ins for
// per-journey latency, and the server's RSS and CPU time.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import http from "node:http";
import { performance } from "node:perf_hooks";
import autocannon from "autocannon";
import { percentile } from "./lib.ts";

export interface LoadResult {
  label: string;
  /** Completed responses per second over the run. */
  rate: number;
  p50: number;
  p99: number;
  /** Non-2xx responses plus transport errors and timeouts: every one is a failed request. */
  errors: number;
  requests: number;
  statuses: Record<string, number>;
  /** CPU milliseconds the server (every thread, its children too) used per response, when its pid was given. */
  serverCpuPerResponse?: number;
}

export interface LoadSpec {
  label: string;
  url: string;
  connections: number;
  /** Seconds. */
  duration: number;
  /** One request (method, path, headers, body) or a per-request builder (`setupRequest`). */
  requests: autocannon.Request[];
  /** The server's pid: its CPU time over the run is divided among the responses. */
  serverPid?: number;
}

/**
 * Runs autocannon and summarises it from every response's own time. autocannon's histogram
 * rounds to whole milliseconds, coarser than a bare request here, so the latencies are taken from
 * its per-response events (float ms, measured from when the request was written).
 */
export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let failures = 0;
  const cpuBefore = spec.serverPid === undefined ? 0 : treeCpuSeconds(spec.serverPid);
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const options = { url: spec.url, connections: spec.connections, duration: spec.duration, requests: spec.requests };
    const instance = autocannon(options, (error, done) => (error ? reject(error as Error) : resolve(done)));
    instance.on("response", (_client, statusCode, _bytes, responseTime) => {
      statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
      else failures++;
    });
  });
  const elapsed = (result.finish.getTime() - result.start.getTime()) / 1000;
  const requests = Object.values(statuses).reduce((sum, count) => sum + count, 0);
  return {
    label: spec.label,
    rate: requests / elapsed,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    errors: failures + result.errors + result.timeouts,
    requests,
    statuses,
    ...(spec.serverPid !== undefined && requests > 0 && { serverCpuPerResponse: ((treeCpuSeconds(spec.serverPid) - cpuBefore) * 1000) / requests }),
  };
}

/**
 * Open-loop load at a steady rate: request i is sent at start + i ÷ rate whatever the answers
 * before it, over at most `connections` kept-alive sockets (more wait their turn), and each is
 * timed from when it was due, so a server that falls behind is charged for the wait (no
 * coordinated omission). Hand-written: autocannon's rate limit (lib/httpClient.js in 9.0.0,
 * `reqsMadeThisSecond`) lets every connection send its quota for the second at once on each
 * tick — a burst at saturation, then silence — so its "fixed rate" times the burst's queue, not
 * a steady rate; the other load generators on npm pace the same way or per connection.
 */
export async function runPaced(spec: LoadSpec & { /** Requests per second over all connections. */ rate: number }): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: spec.connections });
  const target = new URL(spec.url);
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let failures = 0;
  const cpuBefore = spec.serverPid === undefined ? 0 : treeCpuSeconds(spec.serverPid);
  const total = Math.max(1, Math.round(spec.rate * spec.duration));
  const start = performance.now() + 10;
  let finished = start;
  const send = (i: number) =>
    new Promise<void>((resolve) => {
      const due = start + (i * 1000) / spec.rate;
      const { method = "GET", path = "/", headers = {}, body } = spec.requests[i % spec.requests.length]!;
      const done = (status: number | null) => {
        finished = Math.max(finished, performance.now());
        if (status !== null) statuses[status] = (statuses[status] ?? 0) + 1;
        if (status !== null && status >= 200 && status < 300) latencies.push(performance.now() - due);
        else failures++;
        resolve();
      };
      setTimeout(() => {
        const request = http.request({ agent, host: target.hostname, port: target.port, method, path, headers, timeout: 10_000 }, (response) => {
          response.resume();
          response.on("end", () => done(response.statusCode ?? null));
        });
        request.on("timeout", () => request.destroy(new Error("timeout")));
        request.on("error", () => done(null));
        request.end(body as string | undefined);
      }, Math.max(0, due - performance.now()));
    });
  await Promise.all(Array.from({ length: total }, (_, i) => send(i)));
  agent.destroy();
  const requests = Object.values(statuses).reduce((sum, count) => sum + count, 0);
  return {
    label: spec.label,
    rate: requests / ((finished - start) / 1000),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    errors: failures,
    requests,
    statuses,
    ...(spec.serverPid !== undefined && requests > 0 && { serverCpuPerResponse: ((treeCpuSeconds(spec.serverPid) - cpuBefore) * 1000) / requests }),
  };
}

/**
 * `workers` loops, each repeating `journey` (one or more requests) back to back for `duration`
 * seconds, timing each whole journey: a sign-in with its second factor is two requests, which
 * autocannon times apart. `journey` returns false when it could not run (no user left), which
 * ends that loop early.
 */
export async function runJourneys(label: string, workers: number, duration: number, journey: () => Promise<boolean>): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  const start = performance.now();
  const until = start + duration * 1000;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (performance.now() < until) {
        const begun = performance.now();
        try {
          if (!(await journey())) return;
          latencies.push(performance.now() - begun);
        } catch {
          errors++;
        }
      }
    }),
  );
  const elapsed = (performance.now() - start) / 1000;
  return { label, rate: latencies.length / elapsed, p50: percentile(latencies, 50), p99: percentile(latencies, 99), errors, requests: latencies.length + errors, statuses: {} };
}

/** Resident memory of a process and its descendants, bytes (Linux /proc). */
export function treeRss(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const rss = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0) * 1024;
  let children: number[] = [];
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    // no children file: a kernel without CONFIG_PROC_CHILDREN
  }
  return rss + children.reduce((sum, child) => sum + treeRss(child), 0);
}

/** Clock ticks per second of /proc's CPU times. */
const CLOCK_TICKS = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout.trim()) || 100;

/** CPU seconds (user + system, every thread) a process and its descendants have used so far (Linux /proc). */
export function treeCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after the command name, which may hold spaces: utime and stime are the 12th and 13th.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const own = (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  let children: number[] = [];
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    // no children file: a kernel without CONFIG_PROC_CHILDREN
  }
  return own + children.reduce((sum, child) => sum + treeCpuSeconds(child), 0);
}

/** Samples `treeRss(pid)` every `intervalMs` until stopped; returns the samples. */
export function sampleRss(pid: number, intervalMs = 200): { stop: () => number[] } {
  const samples: number[] = [];
  const timer = setInterval(() => samples.push(treeRss(pid)), intervalMs);
  return {
    stop: () => {
      clearInterval(timer);
      return samples;
    },
  };
}
