// Scale data for benchmarks and query plans (`npm run db:seed-scale`, bench/scale.bench.ts): at
// scale 1 100 workspaces, 1,000 users, ~3,000 memberships, 10,000 sessions and 10,000 audit
// events; every figure times the scale (100: 10,000 workspaces … 1,000,000 sessions and events).
//
// Bulk rows go straight to the driver (better-sqlite3, pg) in batched multi-row INSERTs, one
// transaction per batch: Prisma's createMany moves ~2,000 rows/s here (measured), which would
// take eight minutes for the sessions alone. The rows are the ones the domain writes: a seeded
// user signs in with the printed password (and the printed TOTP secret when it has a factor),
// lists and selects its workspaces, and every audit chain verifies (`npm run audit:verify`):
// the chains are hashed in order with lib/audit-chain.ts's own functions.
import { randomUUID } from "node:crypto";
import Database from "better-sqlite3";
import pg from "pg";
import { chainOf, eventHash, GENESIS_HASH, type ChainedEvent } from "../../lib/audit-chain.ts";
import { formatAuthorities, ROLE_TEMPLATES } from "../../lib/auth/authorities.ts";
import { hashPassword } from "../../lib/auth/password.ts";
import { signedInUntil } from "../../lib/auth/sessions.ts";
import { newTotpSecret } from "../../lib/auth/totp.ts";
import { encrypt, randomToken } from "../../lib/crypto.ts";

export const SCALES = [1, 10, 100] as const;
export type Scale = (typeof SCALES)[number];

/** Rows of each table at scale 1. */
const BASE = { workspaces: 100, users: 1_000, auditEvents: 10_000 } as const;
/** Sessions of each user: nine ended ones over the month and a live one. */
const SESSIONS_PER_USER = 10;
/** Each user belongs to this many workspaces (distinct ones). */
const MEMBERSHIPS_PER_USER = 3;
/** Every fifth user has a confirmed TOTP factor; every tenth workspace requires MFA, every tenth (another) an allow-list. */
const TOTP_EVERY = 5;
const POLICY_EVERY = 10;
/** Rows per transaction. */
const BATCH_ROWS = 5_000;
const DAY_MS = 24 * 60 * 60 * 1000;
/** The history covers the last 30 days, well inside AUDIT_RETENTION_DAYS' default of 400. */
const HISTORY_MS = 30 * DAY_MS;
const USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36";
const ROLE_KEYS = Object.keys(ROLE_TEMPLATES) as Array<keyof typeof ROLE_TEMPLATES>;

/** What a caller needs to use the data: the shared password and TOTP secret, and how long each table took. */
export interface ScaleSeedReport {
  scale: Scale;
  password: string;
  totpSecret: string;
  rows: Record<string, number>;
  seconds: number;
  tables: Array<{ table: string; rows: number; seconds: number; rowsPerSecond: number }>;
}

type Value = string | number | boolean | null | Date;

/** A connection that appends rows to a table, one transaction per call. */
interface BulkWriter {
  insert(table: string, columns: readonly string[], rows: Value[][]): Promise<void>;
  count(table: string): Promise<number>;
  /** After rows with explicit ids: the next id the database hands out follows them. */
  syncSequence(table: string): Promise<void>;
  finish(): Promise<void>;
}

function sqliteWriter(file: string): BulkWriter {
  const connection = new Database(file);
  connection.pragma("journal_mode = WAL");
  // This connection only: a crash mid-seed loses the seed, never the app's durability.
  connection.pragma("synchronous = OFF");
  // A 256 MiB page cache: the indexes of a million-row table are updated in memory, not re-read.
  connection.pragma("cache_size = -262144");
  const statements = new Map<string, Database.Statement>();
  // Prisma's SQLite DateTime: ISO 8601 text with an explicit UTC offset; Boolean: 0/1.
  const encode = (value: Value) => (value instanceof Date ? value.toISOString().replace("Z", "+00:00") : typeof value === "boolean" ? Number(value) : value);
  return {
    async insert(table, columns, rows) {
      const key = `${table}(${columns.join(",")})`;
      let statement = statements.get(key);
      if (!statement) {
        statement = connection.prepare(`INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`);
        statements.set(key, statement);
      }
      const insertAll = connection.transaction((batch: Value[][]) => {
        for (const row of batch) statement.run(row.map(encode));
      });
      insertAll(rows);
    },
    async count(table) {
      return (connection.prepare(`SELECT COUNT(*) AS n FROM "${table}"`).get() as { n: number }).n;
    },
    // AUTOINCREMENT keeps sqlite_sequence at the largest id inserted, explicit or not.
    async syncSequence() {},
    async finish() {
      connection.close();
    },
  };
}

async function postgresWriter(url: string): Promise<BulkWriter> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  // This session only: a crash may lose the last commits of the seed, never corrupt anything.
  await client.query("SET synchronous_commit = off");
  // TIMESTAMP(3) without time zone, in UTC as Prisma writes it.
  const encode = (value: Value) => (value instanceof Date ? value.toISOString().slice(0, -1) : value);
  const columnTypes = new Map<string, Map<string, string>>();
  const typesOf = async (table: string) => {
    let types = columnTypes.get(table);
    if (!types) {
      const { rows } = await client.query<{ column_name: string; type: string }>("SELECT column_name, format_type(atttypid, atttypmod) AS type FROM information_schema.columns JOIN pg_attribute ON attrelid = format('%I', table_name)::regclass AND attname = column_name WHERE table_schema = current_schema() AND table_name = $1", [table]);
      types = new Map(rows.map((row) => [row.column_name, row.type]));
      columnTypes.set(table, types);
    }
    return types;
  };
  return {
    // One array per column, unnested into rows: a statement of three dozen bind parameters, where
    // a VALUES list of 5,000 rows has 70,000 of them and PostgreSQL spends its time parsing it.
    async insert(table, columns, rows) {
      const types = await typesOf(table);
      const arrays = columns.map((_, c) => rows.map((row) => encode(row[c] ?? null)));
      const unnest = columns.map((column, c) => `$${c + 1}::${types.get(column)}[]`).join(", ");
      await client.query(`INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) SELECT * FROM unnest(${unnest})`, arrays);
    },
    async count(table) {
      return Number((await client.query<{ n: string }>(`SELECT COUNT(*) AS n FROM "${table}"`)).rows[0]!.n);
    },
    async syncSequence(table) {
      await client.query(`SELECT setval(pg_get_serial_sequence('"${table}"', 'id'), (SELECT MAX(id) FROM "${table}"))`);
    },
    async finish() {
      // Autovacuum analyses a bulk-loaded table within a minute or so; a benchmark right after the
      // load would otherwise measure plans made without statistics.
      await client.query("ANALYZE");
      await client.end();
    },
  };
}

type TableReport = ScaleSeedReport["tables"][number];

/** Writes the rows `generate` yields into `table`, a batch (one transaction) at a time, timed. */
async function load(writer: BulkWriter, table: string, columns: readonly string[], generate: () => Iterable<Value[]>): Promise<TableReport> {
  const started = performance.now();
  let rows = 0;
  let batch: Value[][] = [];
  const flush = async () => {
    await writer.insert(table, columns, batch);
    rows += batch.length;
    batch = [];
  };
  for (const row of generate()) {
    batch.push(row);
    if (batch.length === BATCH_ROWS) await flush();
  }
  if (batch.length) await flush();
  const seconds = (performance.now() - started) / 1000;
  return { table, rows, seconds, rowsPerSecond: Math.round(rows / seconds) };
}

/** An instant `fraction` of the way through [from, to). */
function between(from: number, to: number, fraction: number): Date {
  return new Date(Math.floor(from + (to - from) * fraction));
}

/** The workspaces of user `u` (0-based), each with its role: 30 members a workspace, the first of each round a superuser. */
function membershipsOf(u: number, workspaces: number): Array<{ workspace: number; roleKey: keyof typeof ROLE_TEMPLATES }> {
  return Array.from({ length: MEMBERSHIPS_PER_USER }, (_, j) => {
    const slot = u * MEMBERSHIPS_PER_USER + j;
    return { workspace: slot % workspaces, roleKey: slot < workspaces ? "superuser" : slot % 2 ? "analyst" : "member" };
  });
}

const roleId = (w: number, key: keyof typeof ROLE_TEMPLATES) => w * ROLE_KEYS.length + ROLE_KEYS.indexOf(key) + 1;
const clientIp = (u: number) => `198.51.100.${(u % 254) + 1}`;
const ALLOW_LIST = ["10.0.0.0/8", "192.168.0.0/16"];
const mfaRequired = (w: number) => w % POLICY_EVERY === 1;
const ipRestricted = (w: number) => w % POLICY_EVERY === 2;
const hasTotp = (u: number) => u % TOTP_EVERY === 0;

/**
 * Seeds scale data into the empty, migrated database at `url` (`file:` or `postgres://`) and
 * reports rows/s per table. Refuses a database that already has users or workspaces: ids and
 * audit chains start from nothing. `now` anchors the history (the last 30 days) and the live
 * sessions (last seen minutes before it).
 */
export async function seedScaleData(url: string, scale: Scale, now = new Date()): Promise<ScaleSeedReport> {
  const started = performance.now();
  const writer = url.startsWith("file:") ? sqliteWriter(url.slice("file:".length)) : await postgresWriter(url);
  try {
    if ((await writer.count("User")) + (await writer.count("Workspace")) > 0) throw new Error("seed-scale writes into an empty database: this one already has users or workspaces.");
    const workspaces = BASE.workspaces * scale;
    const users = BASE.users * scale;
    const start = now.getTime() - HISTORY_MS;
    // argon2id is slow by design (~12 ms a hash, lib/auth/password.ts): one hash, shared by every
    // seeded user, instead of 100,000 hashes (20 minutes of both cores).
    const password = randomToken(18);
    const passwordHash = await hashPassword(password);
    const totpSecret = newTotpSecret();
    const tables: ScaleSeedReport["tables"] = [];

    // Tenancy: workspaces (created on day one), their allow-lists and built-in roles. One table at
    // a time, parents first, so every batch's foreign keys are already in.
    const guids = Array.from({ length: workspaces }, () => randomUUID());
    const workspaceCreatedAt = (w: number) => between(start, start + DAY_MS / 2, w / workspaces);
    tables.push(
      await load(writer, "Workspace", ["id", "guid", "name", "subdomain", "mfaRequired", "ipRestricted", "createdAt"], function* () {
        for (let w = 0; w < workspaces; w++) yield [w + 1, guids[w]!, `Scale Workspace ${w + 1}`, `scale-${w + 1}`, mfaRequired(w), ipRestricted(w), workspaceCreatedAt(w)];
      }),
      await load(writer, "WorkspaceIpRange", ["workspaceId", "cidr"], function* () {
        for (let w = 0; w < workspaces; w++) if (ipRestricted(w)) for (const cidr of ALLOW_LIST) yield [w + 1, cidr];
      }),
      await load(writer, "Role", ["id", "workspaceId", "key", "name", "authorities", "builtIn", "createdAt"], function* () {
        for (let w = 0; w < workspaces; w++) {
          for (const key of ROLE_KEYS) yield [roleId(w, key), w + 1, key, ROLE_TEMPLATES[key].name, formatAuthorities(ROLE_TEMPLATES[key].authorities), ROLE_TEMPLATES[key].builtIn, workspaceCreatedAt(w)];
        }
      }),
    );

    // Identity: users with the shared password hash, every fifth with a confirmed factor.
    const userCreatedAt = (u: number) => between(start + DAY_MS / 2, start + DAY_MS, u / users);
    tables.push(
      await load(writer, "User", ["id", "email", "name", "status", "isLandlordAdmin", "createdAt", "updatedAt"], function* () {
        for (let u = 0; u < users; u++) yield [u + 1, `user${u + 1}@scale.example`, `Scale User ${u + 1}`, "ACTIVE", false, userCreatedAt(u), userCreatedAt(u)];
      }),
      await load(writer, "PasswordCredential", ["userId", "hash", "updatedAt"], function* () {
        for (let u = 0; u < users; u++) yield [u + 1, passwordHash, userCreatedAt(u)];
      }),
      await load(writer, "TotpFactor", ["userId", "secretEncrypted", "enabledAt", "createdAt"], function* () {
        for (let u = 0; u < users; u++) if (hasTotp(u)) yield [u + 1, encrypt(totpSecret, "totp-secret", u + 1), userCreatedAt(u), userCreatedAt(u)];
      }),
      await load(writer, "Membership", ["workspaceId", "userId", "roleId", "createdAt"], function* () {
        for (let u = 0; u < users; u++) for (const { workspace, roleKey } of membershipsOf(u, workspaces)) yield [workspace + 1, u + 1, roleId(workspace, roleKey), userCreatedAt(u)];
      }),
    );
    for (const table of ["Workspace", "Role", "User"]) await writer.syncSequence(table);

    // Sessions: per user, nine ended ones over the month (logged out, or left to expire) and a live
    // one; every other one selected into the first workspace that admits the user from anywhere.
    const sessionIds = Array.from({ length: users }, () => Array.from({ length: SESSIONS_PER_USER }, () => randomToken(24)));
    tables.push(
      await load(writer, "Session", ["id", "userId", "stage", "workspaceId", "workspaceVersion", "mfaPassedAt", "ip", "userAgent", "createdAt", "lastSeenAt", "expiresAt", "revokedAt", "revokedReason"], function* () {
        for (let u = 0; u < users; u++) {
          const mfa = hasTotp(u);
          const open = membershipsOf(u, workspaces).find(({ workspace }) => !ipRestricted(workspace) && (mfa || !mfaRequired(workspace)));
          for (let k = 0; k < SESSIONS_PER_USER; k++) {
            const live = k === SESSIONS_PER_USER - 1;
            const createdAt = live ? new Date(now.getTime() - 30 * 60_000) : between(start + DAY_MS, now.getTime() - DAY_MS, (k * users + u) / (SESSIONS_PER_USER * users));
            const lastSeenAt = live ? new Date(now.getTime() - 5 * 60_000) : new Date(createdAt.getTime() + 20 * 60_000);
            const inWorkspace = open !== undefined && k % 2 === 1;
            const loggedOut = !live && k % 3 !== 0;
            yield [
              sessionIds[u]![k]!,
              u + 1,
              inWorkspace ? "WORKSPACE" : "USER",
              inWorkspace ? open.workspace + 1 : null,
              inWorkspace ? 1 : 0,
              mfa ? createdAt : null,
              clientIp(u),
              USER_AGENT,
              createdAt,
              lastSeenAt,
              signedInUntil(createdAt),
              loggedOut ? lastSeenAt : null,
              loggedOut ? "LOGOUT" : null,
            ];
          }
        }
      }),
    );

    tables.push(await seedAudit(writer, { workspaces, users, guids, sessionIds, start, now, target: BASE.auditEvents * scale }));
    const report: ScaleSeedReport = { scale, password, totpSecret, rows: Object.fromEntries(tables.map((t) => [t.table, t.rows])), seconds: 0, tables };
    await writer.finish();
    report.seconds = (performance.now() - started) / 1000;
    return report;
  } catch (error) {
    await writer.finish().catch(() => {});
    throw error;
  }
}

type AuditColumns = Omit<ChainedEvent, "chain" | "seq" | "prevHash">;

/**
 * The audit log of that history, `target` events in time order: on day one each workspace's
 * creation, each user's creation (platform chain) and memberships (the workspace's chain); then
 * three sign-ins a user (platform chain, naming three of its sessions) and workspace selections
 * until the target is reached. Each event is linked to its chain's previous one as lib/audit.ts
 * links it, and the heads are written last.
 */
async function seedAudit(
  writer: BulkWriter,
  data: { workspaces: number; users: number; guids: string[]; sessionIds: string[][]; start: number; now: Date; target: number },
): Promise<TableReport> {
  const { workspaces, users, guids, start } = data;
  const heads = new Map<string, { seq: number; hash: string; lastEventAt: ChainedEvent["createdAt"] }>();
  const link = (columns: AuditColumns): Value[] => {
    const chain = chainOf(columns.workspaceId);
    const previous = heads.get(chain) ?? { seq: 0, hash: GENESIS_HASH };
    const event: ChainedEvent = { ...columns, chain, seq: previous.seq + 1, prevHash: previous.hash };
    const hash = eventHash(event);
    heads.set(chain, { seq: event.seq, hash, lastEventAt: event.createdAt });
    return [event.workspaceId, event.actorUserId, event.actorApiKeyId, event.action, event.targetType, event.targetId, event.ip, event.userAgent, event.metadata, event.createdAt, chain, event.seq, event.prevHash, hash];
  };
  const bare = { actorUserId: null, actorApiKeyId: null, ip: null, userAgent: null, metadata: "{}" };
  const dayOne = workspaces + users * (1 + MEMBERSHIPS_PER_USER);
  const later = Math.max(0, data.target - dayOne);
  const from = start + DAY_MS;
  const to = data.now.getTime() - 60 * 60_000;

  const loaded = await load(writer, "AuditEvent", ["workspaceId", "actorUserId", "actorApiKeyId", "action", "targetType", "targetId", "ip", "userAgent", "metadata", "createdAt", "chain", "seq", "prevHash", "hash"], function* () {
    for (let w = 0; w < workspaces; w++) {
      yield link({ ...bare, action: "workspace.created", workspaceId: w + 1, targetType: "workspace", targetId: guids[w]!, createdAt: between(start, start + DAY_MS / 2, w / workspaces) });
    }
    for (let u = 0; u < users; u++) {
      const createdAt = between(start + DAY_MS / 2, start + DAY_MS, u / users);
      yield link({ ...bare, action: "user.created", workspaceId: null, targetType: "user", targetId: String(u + 1), createdAt });
      for (const { workspace, roleKey } of membershipsOf(u, workspaces)) {
        yield link({ ...bare, action: "workspace.member.added", workspaceId: workspace + 1, targetType: "user", targetId: String(u + 1), metadata: JSON.stringify({ role: roleKey }), createdAt });
      }
    }
    // The rest of the month, in rounds over the users: a sign-in, then a selection, until the target.
    for (let n = 0; n < later; n++) {
      const u = Math.floor(n / 2) % users;
      const round = Math.floor(n / (2 * users));
      const actor = { actorUserId: u + 1, actorApiKeyId: null, ip: clientIp(u), userAgent: USER_AGENT, createdAt: between(from, to, n / later) };
      if (n % 2 === 0) {
        const sessionId = data.sessionIds[u]![round % SESSIONS_PER_USER]!;
        yield link({ ...actor, action: "auth.login.succeeded", workspaceId: null, targetType: "session", targetId: sessionId, metadata: JSON.stringify({ mfaPending: hasTotp(u), newDevice: false }) });
      } else {
        const { workspace } = membershipsOf(u, workspaces)[round % MEMBERSHIPS_PER_USER]!;
        yield link({ ...actor, action: "auth.workspace.selected", workspaceId: workspace + 1, targetType: "workspace", targetId: guids[workspace]!, metadata: "{}" });
      }
    }
  });
  await load(writer, "AuditChainHead", ["chain", "seq", "hash", "lastEventAt"], function* () {
    for (const [chain, head] of heads) yield [chain, head.seq, head.hash, head.lastEventAt];
  });
  return loaded;
}
