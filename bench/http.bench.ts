// Issue 9's HTTP targets against the production build on a fresh database, each scenario
// interleaved with its baseline round by round (the order alternating), ratios the median over
// rounds:
//   1. GET /uauth/me with a workspace token vs the bare GET /api/health/live: throughput at
//      saturation, p50/p99 at a fixed rate of half bare's ceiling; zero errors.
//   2. The same request with an API key vs the workspace token, at that rate.
//   4. Sign-ins/s vs the password-hash ceiling measured in the same run, per hash concurrency;
//      a sign-in with TOTP vs one without (p50 of the whole journey).
//   5. /uauth/me p99 while sign-ins saturate the machine vs idle, per hash concurrency.
//   7. The server's RSS serving bare requests and under the sign-in + request load.
//   8. A session, an API key and a membership revoked through the API while (1) runs: requests
//      sent with them after the revocation was acknowledged, and how many were accepted.
// Target 3 (token verification in process) is bench/auth.bench.ts.
//   node scripts/bootstrap.mjs ../bench/http.bench.ts --database sqlite|postgres [--duration 5] [--rounds 3]
//     [--port 3241] [--hash-concurrency 1,2] [--login-users 100] [--totp-users 150] [--connections 10]
import { randomBytes } from "node:crypto";
import { availableParallelism, cpus } from "node:os";
import { performance } from "node:perf_hooks";
import type autocannon from "autocannon";
import { BenchClient, prepareApp, seedBenchData, startApp, type BenchUser, type RunningServer } from "./gatehouse.ts";
import { benchOptions, median, mib, ms, times } from "./lib.ts";
import { runJourneys, runLoad, runPaced, sampleRss, treeCpuSeconds, type LoadResult } from "./load.ts";
import { writeResult, type TargetResult } from "./result.ts";

const options = benchOptions(["port", "hash-concurrency", "login-users", "totp-users", "connections"]);
const { database, duration, rounds } = options;
const port = Number(options.flags.port ?? 3241);
const connections = Number(options.flags.connections ?? 10);
const cores = availableParallelism();
const concurrencies = (options.flags["hash-concurrency"] ?? Array.from({ length: cores }, (_, i) => i + 1).join(",")).split(",").map(Number);
// This process hashes on every core (the ceiling, and seeding); the server is always given its own value.
process.env.PASSWORD_HASH_CONCURRENCY = String(cores);

const app = await prepareApp(database, options.postgresUrl, port);
const { ARGON2, defaultHashConcurrency, hashPassword } = await import("../lib/auth/password.ts");
const { totpCode, timeStep } = await import("../lib/auth/totp.ts");
const HASH_MEMORY = ARGON2.memoryCost * 1024;
const defaultConcurrency = defaultHashConcurrency();

console.log(`http bench on ${database}: ${rounds} rounds × ${duration} s per scenario, ${connections} connections, ${cores} cores (${cpus()[0]?.model ?? "?"})`);
const data = await seedBenchData({ loginUsers: Number(options.flags["login-users"] ?? 100), totpUsers: Number(options.flags["totp-users"] ?? 150) });

const rows: Array<Array<string | number>> = [];
const targets: TargetResult[] = [];
const notes: string[] = [];
const chart: Array<{ label: string; value: number; target?: number }> = [];
const row = (scenario: string, load: LoadResult | null, result: string) =>
  rows.push([scenario, load ? Math.round(load.rate) : "", load ? ms(load.p50) : "", load ? ms(load.p99) : "", load ? load.errors : "", result]);
const target = (text: string, measured: number, limit: number, atMost: boolean, shown: (value: number) => string, why: string) => {
  const met = atMost ? measured <= limit : measured >= limit;
  targets.push({ target: text, measured: shown(measured), met, ...(!met && { why: `${shown(measured)} vs ${shown(limit)} (${atMost ? "over" : "under"} by ${(Math.abs(measured / limit - 1) * 100).toFixed(0)} %): ${why}` }) });
  console.log(`  ${met ? "met   " : "MISSED"} ${text}: ${shown(measured)}`);
};

const get = (path: string, token?: string): autocannon.Request[] => [{ method: "GET", path, ...(token && { headers: { authorization: `Bearer ${token}` } }) }];
const BARE = get("/api/health/live");

/** Runs each scenario once per round, rotating which goes first so a drift of the machine is shared out. */
async function interleaved<K extends string>(scenarios: Record<K, () => Promise<LoadResult>>): Promise<Record<K, LoadResult[]>> {
  const keys = Object.keys(scenarios) as K[];
  const results = Object.fromEntries(keys.map((key) => [key, [] as LoadResult[]])) as Record<K, LoadResult[]>;
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < keys.length; i++) {
      const key = keys[(i + round) % keys.length]!;
      results[key].push(await scenarios[key]());
    }
  }
  return results;
}

/** The median round of a scenario, with its ratios the median of the per-round ratios. */
function summary(results: LoadResult[]): LoadResult {
  return { ...results[0]!, rate: median(results.map((r) => r.rate)), p50: median(results.map((r) => r.p50)), p99: median(results.map((r) => r.p99)), errors: results.reduce((sum, r) => sum + r.errors, 0), requests: results.reduce((sum, r) => sum + r.requests, 0) };
}
const ratio = (of: LoadResult[], to: LoadResult[], field: "rate" | "p50" | "p99") => median(of.map((result, i) => result[field] / to[i]![field]));

let server: RunningServer = await startApp(port);
const client = new BenchClient(server.url);

/** `users` signing in round-robin as fast as `connections` allow (no MFA: one request each). */
function loginRequests(users: BenchUser[]): autocannon.Request[] {
  let next = 0;
  return [
    {
      method: "POST",
      path: "/uauth/auth/login/user",
      headers: { "content-type": "application/json" },
      setupRequest: (request) => {
        const user = users[next++ % users.length]!;
        return { ...request, body: JSON.stringify({ username: user.email, password: user.password }) };
      },
    },
  ];
}

async function warmUp(token: string): Promise<void> {
  for (const requests of [BARE, get("/uauth/me", token), loginRequests(data.loginUsers)]) await runLoad({ label: "warm-up", url: server.url, connections: 2, duration: 1, requests });
}

/** The token the bench's servers expect on /metrics (lib/metrics/scrape.ts). */
const METRICS_TOKEN = randomBytes(24).toString("base64url");

interface ServerMemory {
  heapTotal: number;
  heapUsed: number;
  external: number;
}

/** The server's V8 heap (reserved and used) and memory outside it, from its own /metrics (prom-client's process metrics). */
async function memoryOf(target: RunningServer): Promise<ServerMemory> {
  const text = await (await fetch(`${target.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
  const gauge = (name: string) => Number(new RegExp(`^gatehouse_${name} (\\S+)$`, "m").exec(text)?.[1] ?? Number.NaN);
  return { heapTotal: gauge("nodejs_heap_size_total_bytes"), heapUsed: gauge("nodejs_heap_size_used_bytes"), external: gauge("nodejs_external_memory_bytes") };
}

// ─── 1 and 2: the authenticated request vs bare, and an API key vs the workspace token ──────────
const owner = await client.workspaceSession(data.owner, data.workspace.guid);
const ownerKey = await client.createApiKey(owner.token, "bench: requests");
await warmUp(owner.token);

const saturated = await interleaved({
  bare: () => runLoad({ label: "bare", url: server.url, connections, duration, requests: BARE, serverPid: server.pid }),
  token: () => runLoad({ label: "me", url: server.url, connections, duration, requests: get("/uauth/me", owner.token), serverPid: server.pid }),
});
const bareCeiling = summary(saturated.bare).rate;
const fixedRate = bareCeiling / 2;
row(`bare GET /api/health/live, ${connections} connections`, summary(saturated.bare), "baseline");
row(`GET /uauth/me (workspace token), ${connections} connections`, summary(saturated.token), `${times(ratio(saturated.token, saturated.bare, "rate"))} bare's throughput`);

const fixed = await interleaved({
  bare: () => runPaced({ label: "bare", url: server.url, connections, duration, rate: fixedRate, requests: BARE }),
  token: () => runPaced({ label: "me", url: server.url, connections, duration, rate: fixedRate, requests: get("/uauth/me", owner.token) }),
  key: () => runPaced({ label: "me (key)", url: server.url, connections, duration, rate: fixedRate, requests: get("/uauth/me", ownerKey.key) }),
});
const tokenP50 = ratio(fixed.token, fixed.bare, "p50");
const tokenP99 = ratio(fixed.token, fixed.bare, "p99");
const keyP50 = ratio(fixed.key, fixed.token, "p50");
const keyP99 = ratio(fixed.key, fixed.token, "p99");
row("bare GET /api/health/live at a fixed rate (half its ceiling)", summary(fixed.bare), "baseline");
row("GET /uauth/me (workspace token) at the fixed rate", summary(fixed.token), `p50 ${times(tokenP50)} · p99 ${times(tokenP99)} bare`);
row("GET /uauth/me (API key) at the fixed rate", summary(fixed.key), `p50 ${times(keyP50)} · p99 ${times(keyP99)} workspace token`);

// What a request costs the server (every thread) at saturation, and so how busy the fixed rate keeps it.
const cpuPerResponse = (results: LoadResult[]) => median(results.map((r) => r.serverCpuPerResponse ?? Number.NaN));
const [bareCpu, tokenCpu] = [cpuPerResponse(saturated.bare), cpuPerResponse(saturated.token)];
const busy = (cpu: number) => `${Math.round((fixedRate * cpu) / (10 * cores))} %`;
row("server CPU per request at saturation", null, `bare ${ms(bareCpu)} · /uauth/me ${ms(tokenCpu)} (+${ms(tokenCpu - bareCpu)}): at the fixed rate the cores are ${busy(bareCpu)} busy with bare and ${busy(tokenCpu)} with /uauth/me`);
const whyToken =
  `each /uauth/me cost the server ${ms(tokenCpu)} of CPU against bare's ${ms(bareCpu)} (+${ms(tokenCpu - bareCpu)}: the route wrapper, the token (verified once, then from the cache), the session and membership join, a larger JSON answer); ` +
  `at the fixed rate that keeps the ${cores} cores ${busy(tokenCpu)} busy instead of ${busy(bareCpu)}, and a request's wait grows with how busy they are (p50 ${ms(summary(fixed.token).p50)} vs ${ms(summary(fixed.bare).p50)}); bench/auth.bench.ts measures the principal resolution alone in process`;
target("1. workspace token p50 ≤ 1.25× bare (fixed rate)", tokenP50, 1.25, true, times, whyToken);
target("1. workspace token p99 ≤ 1.5× bare (fixed rate)", tokenP99, 1.5, true, times, whyToken);
target("1. workspace token throughput ≥ 0.75× bare (saturation)", ratio(saturated.token, saturated.bare, "rate"), 0.75, false, times, whyToken);
const requestErrors = [...saturated.token, ...fixed.token, ...fixed.key].reduce((sum, r) => sum + r.errors, 0);
target("1. zero errors (token and key requests)", requestErrors, 0, true, String, "non-2xx responses or transport errors; see the status counts printed above");
target("2. API key p50 ≤ 1.1× workspace token", keyP50, 1.1, true, times, "the key path's own reads (throttle counter, key with workspace, creator and role) against the token's");
target("2. API key p99 ≤ 1.1× workspace token", keyP99, 1.1, true, times, "as for p50");
chart.push(
  { label: "me ÷ bare throughput (saturation)", value: ratio(saturated.token, saturated.bare, "rate"), target: 0.75 },
  { label: "me ÷ bare p50 (fixed rate)", value: tokenP50, target: 1.25 },
  { label: "me ÷ bare p99 (fixed rate)", value: tokenP99, target: 1.5 },
  { label: "API key ÷ token p50", value: keyP50, target: 1.1 },
  { label: "API key ÷ token p99", value: keyP99, target: 1.1 },
);

// ─── 8: revocation at load ─────────────────────────────────────────────────────────────────────
interface RevocationProbe {
  accepted: number;
  acceptedAfterAck: number;
  sentAfterAck: number;
  firstStatusAfterAck: number | null;
}

/**
 * Two loops send GET /uauth/me with `credential` back to back (so one request is always in
 * flight); once ten have been answered, `revoke` runs through the API, and after its answer the
 * loops go on for twenty more. A request counts as after the revocation when it was sent after
 * the acknowledgement arrived; one of those accepted is a revocation that did not hold.
 */
async function probeRevocation(credential: string, revoke: () => Promise<unknown>): Promise<RevocationProbe> {
  const answers: Array<{ sentAt: number; status: number }> = [];
  let ackAt = Number.POSITIVE_INFINITY;
  let wake: () => void = () => {};
  const answered = (count: number) => answers.filter((answer) => answer.sentAt > ackAt).length >= count;
  let done = false;
  const loop = async () => {
    while (!done) {
      const sentAt = performance.now();
      const response = await fetch(`${server.url}/uauth/me`, { headers: { authorization: `Bearer ${credential}` } });
      await response.arrayBuffer();
      answers.push({ sentAt, status: response.status });
      wake();
    }
  };
  const loops = [loop(), loop()];
  const until = (predicate: () => boolean) => new Promise<void>((resolve) => (wake = () => predicate() && resolve()));
  await until(() => answers.length >= 10);
  await revoke();
  ackAt = performance.now();
  await until(() => answered(20));
  done = true;
  await Promise.all(loops);
  const after = answers.filter((answer) => answer.sentAt > ackAt).sort((a, b) => a.sentAt - b.sentAt);
  return { accepted: answers.filter((a) => a.status === 200).length, acceptedAfterAck: after.filter((a) => a.status === 200).length, sentAfterAck: after.length, firstStatusAfterAck: after[0]?.status ?? null };
}

const [sessionMember, removedMember] = data.members as [BenchUser, BenchUser];
const doomedSession = await client.workspaceSession(sessionMember, data.workspace.guid);
const doomedKey = await client.createApiKey(owner.token, "bench: revoked at load");
const doomedMembership = await client.workspaceSession(removedMember, data.workspace.guid);
const revocationLoad = runLoad({ label: "me under revocation", url: server.url, connections, duration, requests: get("/uauth/me", owner.token) });
const probes = {
  session: await probeRevocation(doomedSession.token, () => client.call("DELETE", `/uauth/workspace/sessions/${doomedSession.sessionId}`, { token: owner.token, expect: 204 })),
  "API key": await probeRevocation(doomedKey.key, () => client.call("DELETE", `/uauth/api-keys/${doomedKey.id}`, { token: owner.token, expect: 204 })),
  membership: await probeRevocation(doomedMembership.token, () => client.call("DELETE", `/uauth/workspace/members/${removedMember.id}`, { token: owner.token, expect: 204 })),
};
const underRevocation = await revocationLoad;
row(`GET /uauth/me, ${connections} connections, while revoking`, underRevocation, "the load's own token stays valid");
for (const [kind, probe] of Object.entries(probes)) {
  row(`revoked ${kind}: requests after the acknowledgement`, null, `${probe.acceptedAfterAck} of ${probe.sentAfterAck} accepted (first answered ${probe.firstStatusAfterAck}); ${probe.accepted} accepted before`);
}
const acceptedAfter = Object.values(probes).reduce((sum, probe) => sum + probe.acceptedAfterAck, 0);
target("8. revoked session, key, membership: accepted after revocation = 0", acceptedAfter, 0, true, String, "a request sent after the revocation's answer was accepted");

// ─── 4, 5, 7: sign-ins vs the hash ceiling, isolation and memory, per hash concurrency ─────────
/** Every core hashing with the app's own hashPassword and parameters; ceiling = cores ÷ one hash's median time. */
async function hashCeiling(seconds: number): Promise<{ ceiling: number; oneHash: number }> {
  const latencies: number[] = [];
  const until = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: cores }, async () => {
      while (performance.now() < until) {
        const begun = performance.now();
        await hashPassword("a benchmark password being hashed");
        latencies.push(performance.now() - begun);
      }
    }),
  );
  const oneHash = median(latencies);
  return { ceiling: (cores * 1000) / oneHash, oneHash };
}

const isolationRate = bareCeiling / 4;
const loginConnections = (concurrency: number) => Math.max(4, 2 * concurrency);
interface ConcurrencyOutcome {
  concurrency: number;
  loginsPerCeiling: number;
  loginsPerCore: number;
  isolation: number;
  idleP99: number;
  loadedP99: number;
  loginP50: number;
  oneHash: number;
  cpu: { server: number; generator: number; oneHash: number };
  cpuBound: number;
  ceiling: number;
  steadyRss: number;
  bareRss: number;
  bareMemory: ServerMemory;
  loadedMemory: ServerMemory;
}
const outcomes: ConcurrencyOutcome[] = [];

for (const concurrency of concurrencies) {
  // A fresh server for each setting, so each one's memory starts from the same point.
  await server.stop();
  server = await startApp(port, { PASSWORD_HASH_CONCURRENCY: String(concurrency), GATEHOUSE_METRICS_TOKEN: METRICS_TOKEN });
  const session = await client.workspaceSession(data.owner, data.workspace.guid);
  await warmUp(session.token);
  const rssSampler = sampleRss(server.pid);
  await runLoad({ label: "bare", url: server.url, connections, duration, requests: BARE });
  const appRss = rssSampler.stop();
  const bareMemory = await memoryOf(server);
  const label = `hash concurrency ${concurrency}${concurrency === defaultConcurrency ? " (default)" : ""}`;

  const ceilings: Array<{ ceiling: number; oneHash: number }> = [];
  const logins: LoadResult[] = [];
  // CPU per sign-in, the server's (every thread: the hash's too) and the load generator's: what
  // bounds sign-ins/s on these cores whatever the concurrency.
  const serverCpu: number[] = [];
  const generatorCpu: number[] = [];
  for (let round = 0; round < rounds; round++) {
    ceilings.push(await hashCeiling(Math.min(2, duration)));
    const [serverBefore, generatorBefore] = [treeCpuSeconds(server.pid), process.cpuUsage()];
    const login = await runLoad({ label: "login", url: server.url, connections: loginConnections(concurrency), duration, requests: loginRequests(data.loginUsers) });
    const generatorUsed = process.cpuUsage(generatorBefore);
    const completed = login.requests - login.errors;
    serverCpu.push(((treeCpuSeconds(server.pid) - serverBefore) * 1000) / completed);
    generatorCpu.push((generatorUsed.user + generatorUsed.system) / 1000 / completed);
    logins.push(login);
  }
  const ceiling = median(ceilings.map((c) => c.ceiling));
  const loginsPerCeiling = median(logins.map((login, i) => login.rate / ceilings[i]!.ceiling));
  const loginsPerCore = summary(logins).rate / cores;
  row(`argon2id hash ceiling, ${cores} cores (in this process), beside ${label}`, null, `${ceiling.toFixed(0)} hashes/s (one hash ${ms(median(ceilings.map((c) => c.oneHash)))})`);
  row(`POST /uauth/auth/login/user, ${loginConnections(concurrency)} connections, ${label}`, summary(logins), `${times(loginsPerCeiling)} the ceiling · ${loginsPerCore.toFixed(0)}/s per core`);
  const cpu = { server: median(serverCpu), generator: median(generatorCpu), oneHash: median(ceilings.map((c) => c.oneHash)) };
  const cpuBound = (cores * 1000) / (cpu.server + cpu.generator);
  row(
    `CPU per sign-in, ${label}`,
    null,
    `server ${ms(cpu.server)} (one hash ${ms(cpu.oneHash)}, the rest ${ms(cpu.server - cpu.oneHash)}) + load generator ${ms(cpu.generator)}: ${cores} cores allow at most ${cpuBound.toFixed(0)}/s = ${times(cpuBound / ceiling)} the ceiling`,
  );

  const loadedRss: number[] = [];
  const loadedMemory: ServerMemory[] = [];
  const isolated = await interleaved({
    idle: () => runPaced({ label: "me idle", url: server.url, connections, duration, rate: isolationRate, requests: get("/uauth/me", session.token) }),
    loaded: async () => {
      const sampler = sampleRss(server.pid);
      const [request] = await Promise.all([
        runPaced({ label: "me during sign-ins", url: server.url, connections, duration, rate: isolationRate, requests: get("/uauth/me", session.token) }),
        runLoad({ label: "login", url: server.url, connections: loginConnections(concurrency), duration, requests: loginRequests(data.loginUsers) }),
        // Where the memory is, late in the round (steady, as the RSS samples kept below).
        new Promise((resolve) => setTimeout(resolve, duration * 800)).then(async () => loadedMemory.push(await memoryOf(server))),
      ]);
      // The first fifth of the round is the climb; steady is what follows.
      const samples = sampler.stop();
      loadedRss.push(...samples.slice(Math.floor(samples.length / 5)));
      return request;
    },
  });
  const isolation = ratio(isolated.loaded, isolated.idle, "p99");
  row(`GET /uauth/me at the isolation rate, idle, ${label}`, summary(isolated.idle), "baseline");
  row(`GET /uauth/me at the isolation rate, during sign-ins, ${label}`, summary(isolated.loaded), `p99 ${times(isolation)} idle`);
  const outcome = {
    concurrency,
    loginsPerCeiling,
    loginsPerCore,
    isolation,
    idleP99: summary(isolated.idle).p99,
    loadedP99: summary(isolated.loaded).p99,
    loginP50: summary(logins).p50,
    oneHash: median(ceilings.map((c) => c.oneHash)),
    cpu,
    cpuBound,
    ceiling,
    steadyRss: median(loadedRss),
    bareRss: median(appRss),
    bareMemory,
    loadedMemory: { heapTotal: median(loadedMemory.map((m) => m.heapTotal)), heapUsed: median(loadedMemory.map((m) => m.heapUsed)), external: median(loadedMemory.map((m) => m.external)) },
  };
  const budget = outcome.bareRss + concurrency * HASH_MEMORY + 50 * 2 ** 20;
  const [bm, lm] = [outcome.bareMemory, outcome.loadedMemory];
  row(
    `server RSS, ${label}`,
    null,
    `bare ${mib(outcome.bareRss)} · under load ${mib(outcome.steadyRss)} (max ${mib(Math.max(...loadedRss))}) · budget ${mib(budget)}; V8 heap ${mib(bm.heapTotal)} → ${mib(lm.heapTotal)} (in use ${mib(bm.heapUsed)} → ${mib(lm.heapUsed)}), outside it ${mib(bm.external)} → ${mib(lm.external)}`,
  );
  outcomes.push(outcome);
  chart.push({ label: `sign-ins ÷ hash ceiling (c=${concurrency})`, value: loginsPerCeiling, target: 0.8 }, { label: `me p99 during sign-ins ÷ idle (c=${concurrency})`, value: isolation, target: 3 });

  if (concurrency === defaultConcurrency) {
    // A sign-in with its second factor vs one without, each timed whole, one at a time.
    const lastStep = new Map<number, number>();
    let nextLogin = 0;
    let nextTotp = 0;
    const journeys = await interleaved({
      bare: () => runJourneys("bare", 1, Math.min(3, duration), async () => (await (await fetch(`${server.url}/api/health/live`)).arrayBuffer(), true)),
      login: () => runJourneys("login", 1, Math.min(3, duration), async () => (await client.signIn(data.loginUsers[nextLogin++ % data.loginUsers.length]!), true)),
      totp: () =>
        runJourneys("login + TOTP", 1, Math.min(3, duration), async () => {
          // The replay guard takes one code per user and step: a user whose code of this step is spent waits for the next.
          const now = new Date();
          for (let tried = 0; tried < data.totpUsers.length; tried++) {
            const user = data.totpUsers[nextTotp++ % data.totpUsers.length]!;
            if ((lastStep.get(user.id) ?? -1) >= timeStep(now)) continue;
            lastStep.set(user.id, timeStep(now));
            await client.signIn(user, await totpCode(user.secret!, now));
            return true;
          }
          return false;
        }),
    });
    const totpRatio = ratio(journeys.totp, journeys.login, "p50");
    row("sign-in, password only, 1 at a time", summary(journeys.login), "baseline");
    row("sign-in, password + TOTP, 1 at a time", summary(journeys.totp), `p50 ${times(totpRatio)} password only`);
    const [loginP50, totpP50, bareP50] = [summary(journeys.login).p50, summary(journeys.totp).p50, summary(journeys.bare).p50];
    row("bare GET /api/health/live, 1 at a time", summary(journeys.bare), `${times(bareP50 / (0.05 * loginP50))} the 5 % of a sign-in that 1.05× allows`);
    target(
      "4. sign-in with TOTP p50 ≤ 1.05× without",
      totpRatio,
      1.05,
      true,
      times,
      `the code goes in a second request, p50 ${ms(totpP50 - loginP50)} on top of the password step's ${ms(loginP50)}, where 1.05× allows ${ms(0.05 * loginP50)}; ` +
        `a bare request alone, one at a time, takes ${ms(bareP50)} (p50) before any of the step's work (MFA-token verification, the session and factor reads, the attempt counted and given back, the code's replay guard, the user token signed, the audit event)`,
    );
    chart.push({ label: "sign-in + TOTP ÷ sign-in p50", value: totpRatio, target: 1.05 });
  }
}

const chosen = outcomes.find((o) => o.concurrency === defaultConcurrency) ?? outcomes[0]!;
const meetsBoth = outcomes.filter((o) => o.loginsPerCeiling >= 0.8 && o.loginsPerCore >= 30 && o.isolation <= 3).map((o) => o.concurrency);
const whyLogin =
  `each sign-in cost the server ${ms(chosen.cpu.server)} of CPU, of which one hash ${ms(chosen.cpu.oneHash)} and the rest (the framework's request, the journey's reads and writes, the token signed) ${ms(chosen.cpu.server - chosen.cpu.oneHash)}, ` +
  `and the load generator on the same cores ${ms(chosen.cpu.generator)}: ${cores} cores allow at most ${chosen.cpuBound.toFixed(0)} sign-ins/s = ${times(chosen.cpuBound / chosen.ceiling)} the ceiling, ` +
  `and with at most ${chosen.concurrency} hash(es) at once, ${((chosen.concurrency * 1000) / chosen.oneHash).toFixed(0)}/s; 0.8× would need the rest at most a quarter of a hash (${ms(chosen.cpu.oneHash / 4)})`;
target(`4. sign-ins ≥ 0.8× hash ceiling (concurrency ${chosen.concurrency})`, chosen.loginsPerCeiling, 0.8, false, times, whyLogin);
target(`4. sign-ins ≥ 30/s per core (concurrency ${chosen.concurrency})`, chosen.loginsPerCore, 30, false, (v) => `${v.toFixed(0)}/s`, whyLogin);
target(`5. me p99 during sign-ins ≤ 3× idle (concurrency ${chosen.concurrency})`, chosen.isolation, 3, true, times, `p99 ${ms(chosen.loadedP99)} during sign-ins vs ${ms(chosen.idleP99)} idle: hashes, WebCrypto and the event loop share the cores, and a request waits behind a hash of ${ms(chosen.oneHash)}`);
target(
  `7. steady RSS ≤ bare + ${chosen.concurrency} × ${mib(HASH_MEMORY)} + 50 MiB`,
  chosen.steadyRss / 2 ** 20,
  (chosen.bareRss + chosen.concurrency * HASH_MEMORY + 50 * 2 ** 20) / 2 ** 20,
  true,
  (v) => `${v.toFixed(0)} MiB`,
  `RSS grew ${mib(chosen.steadyRss - chosen.bareRss)} under load: the V8 heap it reserves by ${mib(chosen.loadedMemory.heapTotal - chosen.bareMemory.heapTotal)} (what is in use in it by ${mib(chosen.loadedMemory.heapUsed - chosen.bareMemory.heapUsed)}: requests and sign-ins in flight, and garbage not yet collected), ` +
    `memory outside it (buffers, native) by ${mib(chosen.loadedMemory.external - chosen.bareMemory.external)}, and the rest (the hashes' ${mib(chosen.concurrency * HASH_MEMORY)}, the allocator's free pages) by ${mib(chosen.steadyRss - chosen.bareRss - (chosen.loadedMemory.heapTotal - chosen.bareMemory.heapTotal) - (chosen.loadedMemory.external - chosen.bareMemory.external))}`,
);
notes.push(
  `Hash concurrencies meeting targets 4 and 5 together: ${meetsBoth.length ? meetsBoth.join(", ") : "none"} (tried ${concurrencies.join(", ")}; the default is ${defaultConcurrency}, cores − 1).`,
  "Latencies are each response's own time from autocannon's per-response events (its histogram rounds to whole milliseconds); errors count non-2xx answers, transport errors and timeouts.",
  "The load generator runs on the same machine and cores as the server.",
);

await server.stop();
await app.cleanup();
const file = writeResult({
  bench: "http",
  database,
  title: "HTTP: authenticated requests, API keys, sign-ins, isolation, memory, revocation",
  parameters: {
    rounds,
    "seconds per round": duration,
    connections,
    "fixed rate (half bare's ceiling)": Math.round(fixedRate),
    "isolation rate (a quarter of bare's ceiling)": Math.round(isolationRate),
    "hash concurrencies": concurrencies.join(", "),
    "sign-in users": data.loginUsers.length,
    "TOTP users": data.totpUsers.length,
    "argon2id": `m = ${ARGON2.memoryCost} KiB, t = ${ARGON2.timeCost}, p = ${ARGON2.parallelism}`,
  },
  columns: ["scenario", "req/s", "p50", "p99", "errors", "result"],
  rows,
  targets,
  notes,
  chart: { title: "HTTP ratios (bars) and their targets (ticks)", unit: "×", series: chart },
});
console.log(`\n${rows.map((r) => `  ${String(r[0]).padEnd(72)} ${String(r[1]).padStart(6)} ${String(r[2]).padStart(9)} ${String(r[3]).padStart(9)} ${String(r[4]).padStart(4)}  ${r[5]}`).join("\n")}\n→ ${file}`);
