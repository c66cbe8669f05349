// GET /metrics — Prometheus text format for a scraper holding GATEHOUSE_METRICS_TOKEN (lib/metrics/).
import { answerMetricsScrape } from "@/lib/metrics/scrape";

export const dynamic = "force-dynamic";

export function GET(request: Request): Promise<Response> {
  return answerMetricsScrape(request, new Date());
}
