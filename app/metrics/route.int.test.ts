// GET /metrics on one process (no cluster): hidden without GATEHOUSE_METRICS_TOKEN, refused
// without the token, and with it the counters the requests just made and the database gauges.
import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { freshIp, loginViaApi, makeUser } from "@/lib/testing/fixtures";

const TOKEN = randomBytes(32).toString("base64url");

/** The route as a fresh process would load it, with GATEHOUSE_METRICS_TOKEN as given (lib/env.ts reads it once). */
async function metricsRoute(token: string | undefined) {
  vi.resetModules();
  if (token === undefined) delete process.env.GATEHOUSE_METRICS_TOKEN;
  else process.env.GATEHOUSE_METRICS_TOKEN = token;
  return (await import("./route")).GET;
}

const scrape = (GET: (request: Request) => Promise<Response>, authorization?: string) => GET(new Request("http://localhost:3000/metrics", { headers: authorization ? { authorization } : {} }));

afterEach(() => {
  delete process.env.GATEHOUSE_METRICS_TOKEN;
});

describe("GET /metrics", () => {
  it("is not there (404) when no token is configured (threat: an unprotected scrape target)", async () => {
    const GET = await metricsRoute(undefined);
    expect((await scrape(GET, `Bearer ${TOKEN}`)).status).toBe(404);
  });

  it("refuses a missing or wrong token (401)", async () => {
    const GET = await metricsRoute(TOKEN);
    expect((await scrape(GET)).status).toBe(401);
    expect((await scrape(GET, `Bearer ${TOKEN.slice(1)}x`)).status).toBe(401);
    expect((await scrape(GET, `Bearer ${TOKEN}extra`)).status).toBe(401);
  });

  it("counts sign-in outcomes, token verifications and latency, and reads the gauges from the database", async () => {
    const GET = await metricsRoute(TOKEN);
    const value = (text: string, series: string) => Number(new RegExp(`^${series.replace(/[{}"/.]/g, "\\$&")} (\\d+)$`, "m").exec(text)?.[1] ?? 0);
    const before = await (await scrape(GET, `Bearer ${TOKEN}`)).text();
    const user = await makeUser();
    const ip = freshIp();
    expect((await loginViaApi(user, { ip, password: "wrong guess" })).status).toBe(401);
    expect((await loginViaApi(user, { ip })).status).toBe(200);
    const response = await scrape(GET, `Bearer ${TOKEN}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    const after = await response.text();
    expect(value(after, 'gatehouse_logins_total{outcome="failed"}') - value(before, 'gatehouse_logins_total{outcome="failed"}')).toBe(1);
    expect(value(after, 'gatehouse_logins_total{outcome="succeeded"}') - value(before, 'gatehouse_logins_total{outcome="succeeded"}')).toBe(1);
    const logins = 'gatehouse_http_request_duration_seconds_count{route="/uauth/auth/login/user",method="POST",status="401"}';
    expect(value(after, logins) - value(before, logins)).toBe(1);
    expect(after).toMatch(/^gatehouse_database_up 1$/m);
    expect(value(after, "gatehouse_active_sessions")).toBeGreaterThanOrEqual(1);
    expect(after).toMatch(/^gatehouse_outbox_backlog \d+$/m);
    expect(after).toMatch(/^gatehouse_token_verifications_total\{outcome="valid"\} \d+$/m);
  });
});
