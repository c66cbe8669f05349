import "server-only";
import { randomUUID } from "node:crypto";
import type { Cluster } from "node:cluster";
import { AggregatorRegistry } from "prom-client";

// One scrape for the whole cluster of `npm run start:cluster`. prom-client's AggregatorRegistry
// collects every worker's registry over the cluster's IPC channel, but only the primary can ask,
// and the primary serves no HTTP (each worker runs Next). So the worker answering GET /metrics
// asks the primary to collect, and the primary answers it with the aggregated text: these two
// messages are the whole protocol.

const REQUEST = "gatehouse:cluster-metrics-request";
const RESPONSE = "gatehouse:cluster-metrics-response";
/** prom-client gives up on a silent worker after 5 s; the asking worker waits a little longer. */
const ANSWER_TIMEOUT_MS = 6_000;

interface MetricsRequest {
  type: typeof REQUEST;
  id: string;
}
interface MetricsResponse {
  type: typeof RESPONSE;
  id: string;
  text?: string;
  error?: string;
}

/** In the cluster's primary: answers every worker's request for the aggregated metrics. */
export function answerClusterMetricsRequests(cluster: Cluster): void {
  const aggregator = new AggregatorRegistry();
  cluster.on("message", (worker, message: Partial<MetricsRequest>) => {
    if (message?.type !== REQUEST || typeof message.id !== "string") return;
    const id = message.id;
    aggregator.clusterMetrics().then(
      (text) => worker.send({ type: RESPONSE, id, text } satisfies MetricsResponse),
      (error: unknown) => worker.send({ type: RESPONSE, id, error: error instanceof Error ? error.message : String(error) } satisfies MetricsResponse),
    );
  });
}

/** In a worker: the metrics of every worker of the cluster, aggregated by the primary. */
export function clusterMetricsText(): Promise<string> {
  return new Promise((resolve, reject) => {
    const id = randomUUID();
    const onMessage = (message: Partial<MetricsResponse>) => {
      if (message?.type !== RESPONSE || message.id !== id) return;
      finish();
      if (typeof message.text === "string") resolve(message.text);
      else reject(new Error(`cluster metrics: ${message.error ?? "no answer"}`));
    };
    const timer = setTimeout(() => {
      finish();
      reject(new Error("cluster metrics: the primary did not answer"));
    }, ANSWER_TIMEOUT_MS);
    const finish = () => {
      clearTimeout(timer);
      process.off("message", onMessage);
    };
    process.on("message", onMessage);
    process.send!({ type: REQUEST, id } satisfies MetricsRequest);
  });
}
