// Test-only: a TCP proxy between Gatehouse and PostgreSQL that a test can cut, as a database
// restart would: every open connection is dropped and the port refuses new ones until `pass()`.
// Plain byte forwarding (node:net pipes), so the client sees exactly what a restart shows it.
import { createServer, connect, type Server, type Socket } from "node:net";

export interface TcpProxy {
  /** host:port to connect to instead of the target. */
  address: string;
  /** Drops every open connection and stops listening (ECONNREFUSED), like a database going down. */
  cut(): Promise<void>;
  /** Listens again and forwards new connections, like the database back up. */
  pass(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy({ port, target }: { port: number; target: { host: string; port: number } }): Promise<TcpProxy> {
  const open = new Set<Socket>();
  let server: Server | null = null;

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const listening = createServer((client) => {
        const upstream = connect(target.port, target.host);
        for (const socket of [client, upstream]) {
          open.add(socket);
          socket.on("close", () => open.delete(socket));
          // A reset on one side ends the other; the error itself is what the client should see.
          socket.on("error", () => {
            client.destroy();
            upstream.destroy();
          });
        }
        client.pipe(upstream).pipe(client);
      });
      listening.once("error", reject);
      listening.listen(port, "127.0.0.1", () => resolve());
      server = listening;
    });

  // The sockets go first: a listener's close() waits for its open connections.
  const stop = async () => {
    const closing = server;
    server = null;
    for (const socket of open) socket.destroy();
    if (closing) await new Promise<void>((resolve) => closing.close(() => resolve()));
  };

  await listen();
  return { address: `127.0.0.1:${port}`, cut: stop, pass: () => (server ? Promise.resolve() : listen()), close: stop };
}
