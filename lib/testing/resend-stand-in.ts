// Test-only: a local stand-in for Resend's HTTP API (POST /emails), so tests drive the real
// Resend SDK over real HTTP (RESEND_BASE_URL) and can make it fail the ways the real one does.
// Like Resend, it remembers idempotency keys: a request repeating a key it accepted is answered
// with the first message id and delivers nothing new.
import { randomUUID } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

/** What the stand-in does with the next request: accept it, fail with a status, or accept it and never answer (a lost answer). */
export type StandInAnswer = "accept" | 500 | 429 | 422 | "accept-and-hang";

export interface ResendStandIn {
  url: string;
  /** Every request received, in order. */
  requests: RecordedRequest[];
  /** Messages Resend would have delivered: one per accepted idempotency key. */
  deliveries: RecordedRequest[];
  /** Queues answers for the next requests; when the queue is empty every request is accepted. */
  answerNext(...answers: StandInAnswer[]): void;
  close(): Promise<void>;
}

const ERRORS = {
  500: { name: "internal_server_error", message: "An unexpected error occurred." },
  429: { name: "rate_limit_exceeded", message: "Too many requests. You can only make 2 requests per second." },
  422: { name: "validation_error", message: "Invalid `to` field." },
} as const;

export async function startResendStandIn(): Promise<ResendStandIn> {
  const requests: RecordedRequest[] = [];
  const deliveries: RecordedRequest[] = [];
  const accepted = new Map<string, string>();
  const queue: StandInAnswer[] = [];

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const request: RecordedRequest = { method: req.method ?? "", path: req.url ?? "", headers: req.headers, body: chunks.length ? (JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>) : {} };
      requests.push(request);
      const answer = queue.shift() ?? "accept";
      if (typeof answer === "number") {
        res.writeHead(answer, { "content-type": "application/json" }).end(JSON.stringify({ statusCode: answer, ...ERRORS[answer] }));
        return;
      }
      const key = String(req.headers["idempotency-key"] ?? randomUUID());
      let id = accepted.get(key);
      if (id === undefined) {
        id = randomUUID();
        accepted.set(key, id);
        deliveries.push(request);
      }
      if (answer === "accept-and-hang") return;
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ id }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    deliveries,
    answerNext: (...answers) => void queue.push(...answers),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
