// Threat: a deploy or Ctrl+C that cuts sign-ins in half (a refresh token spent, its answer
// lost), or a server that never exits because a browser holds a keep-alive connection open.
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { closeGracefully } from "./graceful-shutdown.mjs";

let server: Server | undefined;
afterEach(() => {
  server?.closeAllConnections();
  server?.close();
});

/** A server whose requests to /slow wait until `release()` is called. */
async function serverWithSlowRoute() {
  let release = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  let arrived = () => {};
  const slowArrived = new Promise<void>((resolve) => (arrived = resolve));
  server = createServer(async (req, res) => {
    if (req.url === "/slow") {
      arrived();
      await released;
    }
    res.end("done");
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return { port: (server.address() as AddressInfo).port, release, slowArrived };
}

function get(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, agent: false }, (res) => {
      let body = "";
      res.on("data", (chunk) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("closeGracefully", () => {
  it("finishes the request in flight, refuses new connections, then closes", async () => {
    const { port, release, slowArrived } = await serverWithSlowRoute();
    const inFlight = get(port, "/slow");
    await slowArrived;
    let closed = false;
    const closing = closeGracefully(server!, { deadlineMs: 60_000 }).then(() => (closed = true));

    await expect(get(port, "/")).rejects.toThrow(/ECONNREFUSED/);
    expect(closed).toBe(false);
    release();
    await expect(inFlight).resolves.toEqual({ status: 200, body: "done" });
    await closing;
    expect(closed).toBe(true);
  });

  it("closes idle keep-alive connections at once", async () => {
    const { port } = await serverWithSlowRoute();
    const agent = new (await import("node:http")).Agent({ keepAlive: true });
    await new Promise<void>((resolve, reject) => request({ host: "127.0.0.1", port, path: "/", agent }, (res) => res.resume().on("end", resolve)).on("error", reject).end());
    await closeGracefully(server!, { deadlineMs: 60_000 });
    agent.destroy();
  });

  it("cuts a request that outlives the deadline", async () => {
    const { port, slowArrived } = await serverWithSlowRoute();
    const inFlight = get(port, "/slow");
    await slowArrived;
    await closeGracefully(server!, { deadlineMs: 0 });
    await expect(inFlight).rejects.toThrow(/socket hang up|ECONNRESET/);
  });
});
