// Issue 9, target 6: the hot operations stay flat as the data grows. For each scale (1×, 10×,
// 100×: up to 10,000 workspaces, 100,000 users, 1,000,000 sessions and audit events) a fresh
// database is seeded by scripts/lib/scale-data.ts, then the domain functions run in process on
// the real database for users picked at random across the data: login (the password step),
// list workspaces, select a workspace, and an authenticated request (resolveAccessToken with a
// workspace token). Target: at 100× each within 1.3× of its 1× p50.
//
//   node --conditions=react-server --import tsx bench/scale.bench.ts [--database sqlite|postgres] [--scales 1,10,100] [--rounds 3] [--postgres-url <url>]
//
// Each database's environment is read once per process (lib/env.ts), so every measurement runs
// in a child process of its own (`--worker`); the rounds interleave the scales, so a change in
// the machine's load (two cores, shared) falls on every scale alike. Samples of all rounds are
// pooled per scale.
import { spawnSync } from "node:child_process";
import { randomInt } from "node:crypto";
import { loadavg } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { useTestSecrets } from "../lib/testing/secrets.ts";
import { applyMigrations } from "../scripts/db/migrate.ts";
import { SCALES, seedScaleData, type Scale, type ScaleSeedReport } from "../scripts/lib/scale-data.ts";
import { DEFAULT_POSTGRES_URL, freshDatabase } from "./lib.ts";
import { writeResult, type Database } from "./result.ts";

const OPERATIONS = ["login", "list workspaces", "select workspace", "authenticated request"] as const;
type Operation = (typeof OPERATIONS)[number];
/** Samples per operation and round: logins cost an argon2id hash each (~12 ms of a core). */
const SAMPLES: Record<Operation, number> = { login: 60, "list workspaces": 1000, "select workspace": 300, "authenticated request": 2000 };
const WARM_UP = 20;
const TARGET_RATIO = 1.3;
/** A documentation address (RFC 5737) outside every seeded allow-list. */
const CLIENT_IP = "203.0.113.9";

const { values } = parseArgs({
  options: {
    database: { type: "string" },
    scales: { type: "string", default: SCALES.join(",") },
    rounds: { type: "string", default: "3" },
    "postgres-url": { type: "string", default: DEFAULT_POSTGRES_URL },
    // Accepted because scripts/bench.ts passes it to every bench; this one counts samples, not seconds.
    duration: { type: "string" },
    worker: { type: "boolean", default: false },
    scale: { type: "string" },
  },
});

// ─── The measuring child: one scale, one round ───────────────────────────────────────────────

async function runWorker(scale: Scale): Promise<void> {
  const { db } = await import("../lib/db/client.ts");
  const { listWorkspaces } = await import("../lib/workspaces/index.ts");
  const { loginWithPassword, selectWorkspace } = await import("../lib/auth/journey/index.ts");
  const { resolveAccessToken } = await import("../lib/auth/principal.ts");
  const password = process.env.GATEHOUSE_SCALE_PASSWORD!;
  const users = await db().user.count();
  const ctx = () => ({ ip: CLIENT_IP, userAgent: "scale bench", now: new Date() });
  const randomUser = () => randomInt(1, users + 1);
  const samples: Record<Operation, number[]> = { login: [], "list workspaces": [], "select workspace": [], "authenticated request": [] };
  const timed = async <T>(operation: Operation | null, run: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    const result = await run();
    if (operation) samples[operation].push(performance.now() - started);
    return result;
  };

  // Login, for random users (a fifth of them stop at MFA); the signed-in ones are the pool below.
  const signedIn: Array<{ sessionId: string; userId: number }> = [];
  for (let i = 0; i < WARM_UP + SAMPLES.login; i++) {
    const userId = randomUser();
    const step = await timed(i < WARM_UP ? null : "login", () => loginWithPassword({ email: `user${userId}@scale.example`, password }, ctx()));
    if (step.stage === "user") signedIn.push({ sessionId: step.sessionId, userId });
  }
  for (let i = 0; i < WARM_UP + SAMPLES["list workspaces"]; i++) {
    const userId = randomUser();
    await timed(i < WARM_UP ? null : "list workspaces", () => listWorkspaces(userId));
  }

  // Select: a signed-in session of the pool into one of its user's workspaces that admits it here.
  const choices = [];
  for (const session of signedIn) {
    const open = (await listWorkspaces(session.userId)).filter(({ workspace }) => !workspace.mfaRequired && !workspace.ipRestricted);
    if (open.length) choices.push({ ...session, guids: open.map(({ workspace }) => workspace.guid) });
  }
  const tokens = new Map<string, string>();
  for (let i = 0; i < WARM_UP + SAMPLES["select workspace"]; i++) {
    const choice = choices[randomInt(choices.length)]!;
    const selected = await timed(i < WARM_UP ? null : "select workspace", () => selectWorkspace(choice.sessionId, choice.guids[randomInt(choice.guids.length)]!, ctx()));
    // Each selection bumps the session's workspace version: only its latest token works.
    tokens.set(choice.sessionId, selected.token);
  }
  const live = [...tokens.values()];
  for (let i = 0; i < WARM_UP + SAMPLES["authenticated request"]; i++) {
    const token = live[randomInt(live.length)]!;
    await timed(i < WARM_UP ? null : "authenticated request", () => resolveAccessToken(token, CLIENT_IP, new Date(), "workspace"));
  }
  await db().$disconnect();
  process.stdout.write(`${JSON.stringify({ scale, samples })}\n`);
}

// ─── The bench: seed each scale, interleave rounds, write the result ─────────────────────────

interface ScaleDatabase {
  scale: Scale;
  url: string;
  seed: ScaleSeedReport;
  drop: () => Promise<void>;
}

/** A fresh, migrated, seeded database for one scale. */
async function seededDatabase(database: Database, scale: Scale): Promise<ScaleDatabase> {
  const { url, drop } = await freshDatabase(database, values["postgres-url"]!);
  await applyMigrations(url);
  const seed = await seedScaleData(url, scale);
  console.log(`  ${database} ${scale}×: seeded ${Object.values(seed.rows).reduce((a, b) => a + b, 0)} rows in ${seed.seconds.toFixed(1)} s`);
  return { scale, url, seed, drop };
}

function measureRound(target: ScaleDatabase): Record<Operation, number[]> {
  const child = spawnSync(process.execPath, ["--conditions=react-server", "--import", "tsx", import.meta.filename, "--worker", "--scale", String(target.scale)], {
    env: { ...process.env, DATABASE_URL: target.url, GATEHOUSE_SCALE_PASSWORD: target.seed.password },
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (child.status !== 0) throw new Error(`The ${target.scale}× worker failed:\n${child.stderr}`);
  return (JSON.parse(child.stdout.trim().split("\n").at(-1)!) as { samples: Record<Operation, number[]> }).samples;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

const ms = (value: number) => Number(value.toFixed(value < 1 ? 3 : 2));
const ratio = (value: number) => Number(value.toFixed(2));

async function benchDatabase(database: Database, scales: Scale[], rounds: number): Promise<void> {
  const started = performance.now();
  const load = loadavg()[0]!;
  console.log(`\nscale bench on ${database}: scales ${scales.join(", ")}, ${rounds} rounds`);
  const targets: ScaleDatabase[] = [];
  try {
    for (const scale of scales) targets.push(await seededDatabase(database, scale));
    const pooled = new Map(targets.map((target) => [target.scale, Object.fromEntries(OPERATIONS.map((op) => [op, [] as number[]])) as Record<Operation, number[]>]));
    for (let round = 1; round <= rounds; round++) {
      for (const target of targets) {
        const samples = measureRound(target);
        for (const op of OPERATIONS) pooled.get(target.scale)![op].push(...samples[op]);
      }
      console.log(`  round ${round} of ${rounds} done`);
    }
    const stats = new Map(
      scales.map((scale) => [scale, Object.fromEntries(OPERATIONS.map((op) => { const sorted = pooled.get(scale)![op].sort((a, b) => a - b); return [op, { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), n: sorted.length }]; })) as Record<Operation, { p50: number; p99: number; n: number }>]),
    );
    const smallest = scales[0]!;
    const largest = scales.at(-1)!;
    const rows = OPERATIONS.map((op) => [
      op,
      ...scales.flatMap((scale) => [ms(stats.get(scale)![op].p50), ms(stats.get(scale)![op].p99)]),
      ratio(stats.get(largest)![op].p50 / stats.get(smallest)![op].p50),
      ratio(stats.get(largest)![op].p99 / stats.get(smallest)![op].p99),
    ]);
    const seconds = (performance.now() - started) / 1000;
    const result = writeResult({
      bench: "scale",
      database,
      title: "Scale: hot operations at 1×, 10× and 100× data",
      parameters: {
        scales: scales.map((s) => `${s}×`).join(", "),
        rounds,
        "samples per round": OPERATIONS.map((op) => `${op} ${SAMPLES[op]}`).join(", "),
        ...Object.fromEntries(targets.map((t) => [`rows at ${t.scale}×`, Object.entries(t.seed.rows).map(([table, n]) => `${table} ${n}`).join(", ")])),
        "load average at start": ratio(load),
        "total seconds (seeding included)": Math.round(seconds),
      },
      columns: ["operation", ...scales.flatMap((s) => [`${s}× p50 ms`, `${s}× p99 ms`]), `${largest}×/${smallest}× p50`, `${largest}×/${smallest}× p99`],
      rows,
      targets: OPERATIONS.map((op) => {
        const measured = stats.get(largest)![op].p50 / stats.get(smallest)![op].p50;
        const met = measured <= TARGET_RATIO;
        return {
          target: `${op}: p50 at ${largest}× ≤ ${TARGET_RATIO}× its ${smallest}× p50`,
          measured: `${ratio(measured)}×`,
          met,
          ...(!met && { why: `${ms(stats.get(largest)![op].p50)} ms against ${ms(stats.get(smallest)![op].p50)} ms (p99 ${ratio(stats.get(largest)![op].p99 / stats.get(smallest)![op].p99)}×); see the query plans in lib/db/query-plans.int.test.ts and the notes` }),
        };
      }),
      notes: [
        ...targets.map((t) => `Seeding ${t.scale}×: ${t.seed.seconds.toFixed(1)} s; ${t.seed.tables.map((table) => `${table.table} ${table.rowsPerSecond} rows/s`).join(", ")}.`),
        "Users are picked at random across the data; a fifth of them have TOTP and stop at MFA on login (they are left out of selection). Select and request use sessions the login samples opened.",
        `Two shared cores: the load average was ${ratio(load)} when the bench started; rounds interleave the scales so load changes fall on all of them.`,
      ],
      chart: { title: `${database}: p50 at ${largest}× ÷ p50 at ${smallest}× (target ≤ ${TARGET_RATIO})`, unit: "×", series: OPERATIONS.map((op, i) => ({ label: op, value: rows[i]!.at(-2) as number })) },
    });
    for (const row of rows) console.log(`  ${String(row[0]).padEnd(24)} ${row.slice(1).join("  ")}`);
    console.log(`  wrote ${path.relative(process.cwd(), result)} in ${Math.round(seconds)} s`);
  } finally {
    for (const target of targets) await target.drop();
  }
}

async function runBench(): Promise<void> {
  useTestSecrets();
  const scales = values.scales.split(",").map(Number) as Scale[];
  if (!scales.length || scales.some((s) => !SCALES.includes(s))) throw new Error(`--scales takes a list of ${SCALES.join(", ")}`);
  const databases: Database[] = values.database ? [values.database as Database] : ["sqlite", "postgres"];
  if (databases.some((d) => d !== "sqlite" && d !== "postgres")) throw new Error("--database takes sqlite or postgres");
  for (const database of databases) await benchDatabase(database, scales, Number(values.rounds));
}

if (values.worker) await runWorker(Number(values.scale) as Scale);
else await runBench();
