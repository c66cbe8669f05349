// Gatehouse as three instances on one PostgreSQL database (`npm run start:cluster`, the
// production build): they behave as one (revocation, throttling, TOTP replay, the outbox, one
// metrics scrape), and they ride out faults (PostgreSQL restarting, an instance killed
// mid-request, the e-mail provider down). PostgreSQL only: the cluster refuses SQLite.
import { randomBytes } from "node:crypto";
import { setTimeout as pause } from "node:timers/promises";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { drainOutbox, enqueueEmail } from "@/lib/email/outbox";
import { clientsOnEachInstance, sendRequest, startCluster, type InstanceClient, type InstanceResponse, type RunningCluster } from "@/lib/testing/cluster";
import { codeFor, freshIp, LOGIN_PATH, makeUser, MFA_PATH, type TestUser } from "@/lib/testing/fixtures";
import { startResendStandIn, type ResendStandIn } from "@/lib/testing/resend-stand-in";
import { startTcpProxy, type TcpProxy } from "@/lib/testing/tcp-proxy";

const onPostgres = process.env.GATEHOUSE_TEST_DATABASE === "postgres";
if (!onPostgres) console.log("start-cluster.int.test.ts: skipped on SQLite (the cluster runs on PostgreSQL only)");

const INSTANCES = 3;
const PORT = 3221;
const PROXY_PORT = 55432;
const METRICS_TOKEN = randomBytes(32).toString("base64url");
/** Starting may include `next build` on two shared cores. */
const START_TIMEOUT_MS = 15 * 60_000;

let cluster: RunningCluster;
let proxy: TcpProxy;
let standIn: ResendStandIn;
let clients: InstanceClient[];
const base = `http://127.0.0.1:${PORT}`;

/** One request over a fresh connection: the cluster hands it to the next worker. */
const fresh = <T = Record<string, unknown>>(method: string, path: string, options?: Parameters<typeof sendRequest>[4]) => sendRequest<T>(base, false, method, path, options);

/** Each client's address, believed from the trusted proxy's header (the load balancer's job), so throttle tests do not share one. */
const from = (ip: string) => ({ "x-forwarded-for": ip });

async function signIn(user: TestUser, client: InstanceClient, ip: string): Promise<{ token: string; refreshToken: string }> {
  const login = await client.request<{ token: string; refreshToken: string }>("POST", LOGIN_PATH, { json: { username: user.email, password: user.password }, headers: from(ip) });
  expect(login.status).toBe(200);
  return login.json;
}

describe.skipIf(!onPostgres)("Gatehouse as a cluster of three instances on PostgreSQL", () => {
  beforeAll(async () => {
    standIn = await startResendStandIn();
    const target = new URL(process.env.DATABASE_URL!);
    proxy = await startTcpProxy({ port: PROXY_PORT, target: { host: target.hostname, port: Number(target.port || 5432) } });
    const proxied = new URL(target);
    proxied.host = proxy.address;
    // This process drains too (the provider-outage test, at an injected `now`), with the same provider.
    process.env.RESEND_API_KEY = "re_cluster_test";
    process.env.RESEND_BASE_URL = standIn.url;
    cluster = await startCluster({
      instances: INSTANCES,
      port: PORT,
      timeoutMs: START_TIMEOUT_MS,
      env: { DATABASE_URL: proxied.toString(), RESEND_API_KEY: "re_cluster_test", RESEND_BASE_URL: standIn.url, GATEHOUSE_METRICS_TOKEN: METRICS_TOKEN, TRUSTED_PROXIES: "127.0.0.1/32" },
    });
  }, START_TIMEOUT_MS + 60_000);

  // Per test: the server closes a connection idle for 5 s, and a reopened one may land elsewhere.
  beforeEach(async () => {
    clients = await clientsOnEachInstance(base, INSTANCES);
  });
  afterEach(() => {
    for (const client of clients) client.close();
  });

  afterAll(async () => {
    const code = await cluster?.stop();
    await proxy?.close();
    await standIn?.close();
    // A clean stop: every worker finished and the primary exited 0.
    expect(code, cluster?.output()).toBe(0);
  }, 60_000);

  it("refuses a session revoked through one instance on every instance's next request (threat: a stale instance honouring a logout)", async () => {
    const user = await makeUser();
    const [a, b, c] = clients as [InstanceClient, InstanceClient, InstanceClient];
    const { token } = await signIn(user, a, freshIp());
    for (const client of clients) expect((await client.request("GET", "/uauth/business-profile/", { token })).status).toBe(200);
    expect((await a.request("POST", "/uauth/auth/logout", { token })).status).toBe(204);
    for (const client of [b, c, a]) {
      const refused = await client.request<{ error: { code: string } }>("GET", "/uauth/business-profile/", { token });
      expect([refused.instance, refused.status, refused.json.error.code]).toEqual([client.instance, 401, "SESSION_ENDED"]);
    }
  });

  it("adds up failed sign-ins answered by different instances to one block (threat: guessing spread over the instances)", async () => {
    const user = await makeUser();
    const ip = freshIp();
    // Five free failures, round-robin over the three instances; the sixth guess is blocked wherever it lands.
    for (let attempt = 0; attempt < 5; attempt++) {
      const guess = await clients[attempt % INSTANCES]!.request("POST", LOGIN_PATH, { json: { username: user.email, password: "wrong guess" }, headers: from(ip) });
      expect(guess.status).toBe(401);
    }
    for (const client of clients) {
      const blocked = await client.request<{ error: { code: string } }>("POST", LOGIN_PATH, { json: { username: user.email, password: user.password }, headers: from(ip) });
      expect([blocked.status, blocked.json.error.code]).toEqual([429, "TOO_MANY_REQUESTS"]);
      expect(Number(blocked.headers["retry-after"])).toBeGreaterThan(0);
    }
  });

  it("refuses on instance B a TOTP code already accepted on instance A (threat: replaying an observed code elsewhere)", async () => {
    const user = await makeUser({ mfa: true });
    const [a, b] = clients as [InstanceClient, InstanceClient];
    const code = await codeFor(user);
    const first = await signIn(user, a, freshIp());
    expect((await a.request("POST", MFA_PATH, { token: first.token, json: { verificationCode: code } })).status).toBe(200);
    const second = await signIn(user, b, freshIp());
    const replayed = await b.request<{ error: { code: string } }>("POST", MFA_PATH, { token: second.token, json: { verificationCode: code } });
    expect([replayed.status, replayed.json.error.code]).toEqual([401, "INVALID_MFA_CODE"]);
  });

  it("delivers every e-mail exactly once while all instances drain the outbox", { timeout: 60_000 }, async () => {
    const before = standIn.requests.length;
    const ids = await db().$transaction((tx) =>
      Promise.all(Array.from({ length: 30 }, (_, index) => enqueueEmail(tx, { to: `cluster-${index}@example.test`, template: "password-changed", props: { changedAt: new Date().toISOString() } }))),
    );
    // Each instance's sender drains every 5 s on its own clock: wait for the rows, not for time.
    while ((await db().outboxEmail.count({ where: { id: { in: ids.map((row) => row.id) }, status: "SENT" } })) < ids.length) await pause(200);
    // Other tests' e-mails (security notices) may go out meanwhile: count these addresses only.
    const sent = standIn.requests.slice(before).filter((request) => (request.body.to as string[])[0]!.startsWith("cluster-"));
    expect(sent).toHaveLength(ids.length);
    expect(new Set(sent.map((request) => request.headers["idempotency-key"])).size).toBe(ids.length);
    expect(new Set(sent.map((request) => (request.body.to as string[])[0])).size).toBe(ids.length);
  });

  it("answers one scrape of /metrics with the counters of all instances and the database gauges", async () => {
    const user = await makeUser();
    const ip = freshIp();
    const scrape = () => fresh<string>("GET", "/metrics", { token: METRICS_TOKEN });
    const failed = (text: string) => Number(/^gatehouse_logins_total\{outcome="failed"\} (\d+)$/m.exec(text)?.[1] ?? 0);
    const earlier = failed((await scrape()).json);
    for (const client of clients) expect((await client.request("POST", LOGIN_PATH, { json: { username: user.email, password: "wrong guess" }, headers: from(ip) })).status).toBe(401);
    const metrics = await scrape();
    expect(metrics.status).toBe(200);
    expect(metrics.headers["content-type"]).toMatch(/^text\/plain; version=0\.0\.4/);
    // One failure per instance, all in the one answer: the primary aggregated the workers.
    expect(failed(metrics.json) - earlier).toBe(INSTANCES);
    expect(metrics.json).toMatch(/^gatehouse_database_up 1$/m);
    expect(metrics.json).toMatch(/^gatehouse_active_sessions \d+$/m);
    expect(metrics.json).toMatch(/^gatehouse_outbox_backlog \d+$/m);
    expect(metrics.json).toMatch(/^gatehouse_http_request_duration_seconds_count\{route="\/uauth\/auth\/login\/user",method="POST",status="401"\} \d+$/m);
    expect((await fresh("GET", "/metrics")).status).toBe(401);
    expect((await fresh("GET", "/metrics", { token: "x".repeat(43) })).status).toBe(401);
  });

  describe("faults", () => {
    it("answers 503 with Retry-After while PostgreSQL is down, never 500, 401 or 429, and recovers by itself", { timeout: 90_000 }, async () => {
      const user = await makeUser();
      const { token } = await signIn(user, clients[0]!, freshIp());
      const answers: Array<{ phase: "before" | "down" | "after"; status: number; retryAfter?: string; instance: string }> = [];
      let phase: "before" | "down" | "after" = "before";
      let loading = true;
      // Light load: one request at a time per instance, each over a fresh connection.
      const load = Promise.all(
        Array.from({ length: INSTANCES }, async () => {
          while (loading) {
            const answer = await fresh("GET", "/uauth/business-profile/", { token });
            answers.push({ phase, status: answer.status, retryAfter: answer.headers["retry-after"] as string | undefined, instance: answer.instance });
          }
        }),
      );
      await pause(1_000);
      await proxy.cut();
      phase = "down";
      // Until every instance has noticed (each has a pool of its own), then a little longer.
      while (new Set(answers.filter((a) => a.phase === "down" && a.status === 503).map((a) => a.instance)).size < INSTANCES) await pause(100);
      const health = await fresh<{ database: string }>("GET", "/api/health");
      expect([health.status, health.json.database]).toEqual([503, "unreachable"]);
      await pause(2_000);
      await proxy.pass();
      phase = "after";
      const recovered = Date.now();
      while (answers.filter((a) => a.phase === "after" && a.status === 200).length < 3 * INSTANCES) {
        expect(Date.now() - recovered, "recovered without a restart").toBeLessThan(30_000);
        await pause(100);
      }
      loading = false;
      await load;
      const statuses = new Set(answers.map((a) => a.status));
      expect([...statuses].sort(), cluster.output().split("\n").filter((line) => /error/i.test(line)).join("\n")).toEqual([200, 503]);
      for (const answer of answers.filter((a) => a.status === 503)) expect(answer.retryAfter).toBe("1");
      expect(answers.filter((a) => a.phase === "before").every((a) => a.status === 200)).toBe(true);
      // The session outlived the outage: the same token works again.
      expect(answers.at(-1)!.status).toBe(200);
    });

    it("keeps no half-written sign-in or refresh when an instance is killed mid-request, and every acknowledged one", { timeout: 90_000 }, async () => {
      const users = await Promise.all(Array.from({ length: 12 }, () => makeUser()));
      const ip = freshIp();
      const sessions = await Promise.all(users.slice(0, 6).map((user) => signIn(user, clients[users.indexOf(user) % INSTANCES]!, ip)));
      const victim = cluster.workerPids()[0]!;
      type Outcome = { kind: "login" | "refresh"; index: number; answer?: InstanceResponse<{ token: string; refreshToken: string }>; error?: unknown };
      // Hashing logins and refreshes in flight on every instance, over fresh connections.
      const inFlight: Array<Promise<Outcome>> = [
        ...users.slice(6).map((user, index) =>
          fresh<{ token: string; refreshToken: string }>("POST", LOGIN_PATH, { json: { username: user.email, password: user.password }, headers: from(ip) }).then(
            (answer): Outcome => ({ kind: "login", index, answer }),
            (error: unknown): Outcome => ({ kind: "login", index, error }),
          ),
        ),
        ...sessions.map((session, index) =>
          fresh<{ token: string; refreshToken: string }>("POST", "/uauth/auth/refresh", { json: { refreshToken: session.refreshToken }, headers: from(ip) }).then(
            (answer): Outcome => ({ kind: "refresh", index, answer }),
            (error: unknown): Outcome => ({ kind: "refresh", index, error }),
          ),
        ),
      ];
      await pause(30);
      process.kill(victim, "SIGKILL");
      const outcomes = await Promise.all(inFlight);
      const lost = outcomes.filter((outcome) => outcome.error !== undefined || outcome.answer!.status !== 200);
      // Every answer is a success or a cut connection: a failure answered by a live instance would be a fault.
      for (const outcome of outcomes) if (outcome.answer) expect(outcome.answer.status, JSON.stringify(outcome.answer.json)).toBe(200);
      expect(lost.length, "some requests were in flight on the killed instance").toBeGreaterThan(0);

      // Acknowledged: the new token pair works on a live instance.
      for (const outcome of outcomes.filter((o) => o.answer?.status === 200)) {
        expect((await fresh("GET", "/uauth/business-profile/", { token: outcome.answer!.json.token })).status).toBe(200);
        expect((await fresh("POST", "/uauth/auth/refresh", { json: { refreshToken: outcome.answer!.json.refreshToken }, headers: from(ip) })).status).toBe(200);
      }
      // All or nothing: every session of these users has exactly one unspent refresh token (a
      // sign-in cut half-way would leave a session without one, a rotation cut half-way a
      // session with none or two).
      const rows = await db().session.findMany({ where: { userId: { in: users.map((user) => user.id) } }, select: { id: true, refreshTokens: { where: { usedAt: null }, select: { id: true } } } });
      expect(rows.length).toBeGreaterThanOrEqual(6 + outcomes.filter((o) => o.kind === "login" && o.answer?.status === 200).length);
      for (const row of rows) expect(row.refreshTokens, `session ${row.id}`).toHaveLength(1);

      // The primary started another instance: three answer again.
      const restarted = Date.now();
      for (;;) {
        const pids = cluster.workerPids();
        if (pids.length === INSTANCES && !pids.includes(victim) && (await fresh("GET", "/api/health").catch(() => null))?.status === 200) break;
        expect(Date.now() - restarted, cluster.output()).toBeLessThan(60_000);
        await pause(200);
      }
    });

    it("loses no e-mail while the provider is down and delivers each once afterwards", { timeout: 60_000 }, async () => {
      const before = standIn.requests.length;
      const count = 5;
      // The stand-in fails the next requests whoever sends them: let earlier tests' e-mails go first.
      while ((await db().outboxEmail.count({ where: { status: "PENDING" } })) > 0) await pause(200);
      standIn.answerNext(...Array.from({ length: count }, () => 500 as const));
      const ids = (
        await db().$transaction((tx) => Promise.all(Array.from({ length: count }, (_, index) => enqueueEmail(tx, { to: `outage-${index}@example.test`, template: "password-changed", props: { changedAt: new Date().toISOString() } }))))
      ).map((row) => row.id);
      // The instances try, get 500 and schedule a retry 30 s ahead on their clocks.
      while ((await db().outboxEmail.count({ where: { id: { in: ids }, attempts: 1 } })) < count) await pause(200);
      expect(await db().outboxEmail.count({ where: { id: { in: ids }, status: "PENDING" } })).toBe(count);
      // The provider is back; the retry comes due (an injected `now` past the backoff) and one drain delivers them.
      const drained = await drainOutbox({ now: new Date(Date.now() + 60 * 60_000), owner: "cluster-test" });
      expect(drained).toMatchObject({ sent: count, retrying: 0, failed: 0 });
      expect(await db().outboxEmail.count({ where: { id: { in: ids }, status: "SENT" } })).toBe(count);
      const delivered = standIn.deliveries.filter((request) => (request.body.to as string[])[0]?.startsWith("outage-"));
      expect(delivered).toHaveLength(count);
      expect(standIn.requests.slice(before).filter((request) => (request.body.to as string[])[0]!.startsWith("outage-"))).toHaveLength(2 * count);
    });
  });
});
