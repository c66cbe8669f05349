// The one place that reads process.env. Each section is parsed with zod on first use and then
// cached, so a script that only migrates never needs the signing keys, and a bad value stops
// the process with one line naming the variable. Edge-safe: no Node imports.
import { z } from "zod";
// Relative, not "@/…": prisma.config.ts loads this file outside the app's path aliases.
import { isCidr } from "./net/ip";

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** The environment with empty values dropped: `APP_URL=` in a copied .env.example means unset. */
function environment(): Record<string, string> {
  return Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1].trim() !== ""));
}

function section<T extends z.ZodType>(schema: T): () => z.infer<T> {
  let cached: z.infer<T> | undefined;
  return () => {
    if (cached !== undefined) return cached;
    const parsed = schema.safeParse(environment());
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new ConfigError(`${String(issue.path[0] ?? "environment")}: ${issue.message}`);
    }
    cached = parsed.data;
    return cached;
  };
}

const databaseUrl = z
  .string()
  .trim()
  .default("file:./data/gatehouse.db")
  .refine((url) => /^file:.+/.test(url) || /^postgres(ql)?:\/\/[^\s]+$/.test(url), {
    message: "must be file:<path> (SQLite) or postgres://user@host:port/database (PostgreSQL)",
  })
  .refine((url) => !/^postgres/.test(url) || URL.canParse(url), { message: "is not a valid postgres:// URL" });

/** Database connection: the provider follows the URL's scheme. */
export const databaseEnv = section(
  z.object({ DATABASE_URL: databaseUrl }).transform(({ DATABASE_URL }) => ({
    url: DATABASE_URL,
    provider: DATABASE_URL.startsWith("file:") ? ("sqlite" as const) : ("postgresql" as const),
  })),
);

const base64Key = (bytes: number) =>
  z
    .string({ error: `is not set: give it ${bytes} random bytes, base64-encoded (\`npm run secrets:generate\` prints one)` })
    .trim()
    .refine((value) => /^[A-Za-z0-9+/_-]+={0,2}$/.test(value) && decodedLength(value) === bytes, {
      message: `must be ${bytes} random bytes, base64-encoded`,
    });

function decodedLength(value: string): number {
  const clean = value.replace(/=+$/, "");
  return Math.floor((clean.length * 3) / 4);
}

/** Secrets: cookie secret, column encryption key (the signing keys have their own sections below). */
export const secretsEnv = section(
  z
    .object({
      AUTH_SECRET: z.string({ error: "is not set: `npm run secrets:generate` prints all three secrets for an .env file" }).trim().min(32, "must be at least 32 characters (openssl rand -base64 32)"),
      /** AES-256-GCM key for secrets at rest (TOTP seeds, refresh replay cache). */
      GATEHOUSE_ENCRYPTION_KEY: base64Key(32),
    })
    .transform((env) => ({
      authSecret: env.AUTH_SECRET,
      encryptionKey: env.GATEHOUSE_ENCRYPTION_KEY,
    })),
);

// ---- Signing keys -------------------------------------------------------------------------------
// GATEHOUSE_SIGNING_KEYS is a JSON array of EC P-256 private JWKs, each with a `kid` and, once
// `npm run keys:rotate` has run, `activeFrom` (when it began signing) and `retiredAt` (when it
// stopped), ISO 8601. A key without them has always signed and never stopped. Two sections read
// it: the signer's (private keys, lib/tokens/sign.ts only) and the verifier's, which drops every
// key's private part before anything else sees it (lib/tokens/verify.ts, middleware).

const instant = z.iso.datetime({ offset: true, error: "must be an ISO 8601 date-time such as 2030-01-31T12:00:00Z" }).transform((value) => new Date(value));

const keyShape = {
  kty: z.literal("EC"),
  crv: z.literal("P-256"),
  kid: z.string().min(1),
  x: z.string().min(1),
  y: z.string().min(1),
  activeFrom: instant.optional(),
  retiredAt: instant.optional(),
};
type KeyDates = { activeFrom?: Date; retiredAt?: Date };
const inOrder = (key: KeyDates) => !key.activeFrom || !key.retiredAt || key.activeFrom <= key.retiredAt;
const IN_ORDER = { message: "a key cannot retire before it becomes active" };

/** The entry as the token modules use it: the JWK apart from its id and lifecycle. */
function toSigningKey<J extends object>({ kid, activeFrom, retiredAt, ...jwk }: J & KeyDates & { kid: string }) {
  return { kid, jwk, activeFrom: activeFrom ?? null, retiredAt: retiredAt ?? null };
}

const publicKeyEntry = z.object(keyShape).refine(inOrder, IN_ORDER).transform(toSigningKey);
const privateKeyEntry = z.object({ ...keyShape, d: z.string().min(1) }).refine(inOrder, IN_ORDER).transform(toSigningKey);

/** A signing key as the verifier holds it: the public half, and when it signed (null: always). */
export type PublicSigningKey = z.infer<typeof publicKeyEntry>;
/** A signing key as the signer holds it, private part included. */
export type PrivateSigningKey = z.infer<typeof privateKeyEntry>;

const KEYS_SHAPE = "must be a JSON array of EC P-256 private JWKs, each with a kid";

/**
 * Parses a GATEHOUSE_SIGNING_KEYS value; `keep` is applied to each entry first (the verifier's
 * drops the private part there). Throws a ConfigError naming what is wrong.
 */
function parseKeySet<T extends { kid: string }>(value: string, entry: z.ZodType<T>, keep: (raw: unknown) => unknown = (raw) => raw): T[] {
  let raw: unknown;
  try {
    raw = JSON.parse(value);
  } catch {
    throw new ConfigError(`GATEHOUSE_SIGNING_KEYS: ${KEYS_SHAPE}`);
  }
  const parsed = z.array(entry).min(1).safeParse(Array.isArray(raw) ? raw.map(keep) : raw);
  if (!parsed.success) {
    // A lifecycle mistake is named precisely; anything else gets the shape the value must have.
    const dated = parsed.error.issues.find((issue) => issue.code === "custom" || issue.path.includes("activeFrom") || issue.path.includes("retiredAt"));
    const where = dated && [`key ${String(dated.path[0])}`, ...dated.path.slice(1).map(String)].join(" ");
    throw new ConfigError(`GATEHOUSE_SIGNING_KEYS: ${dated ? `${where}: ${dated.message}` : KEYS_SHAPE}`);
  }
  const kids = parsed.data.map((key) => key.kid);
  const repeated = kids.find((kid, index) => kids.indexOf(kid) !== index);
  if (repeated !== undefined) throw new ConfigError(`GATEHOUSE_SIGNING_KEYS: kid ${repeated} is used by two keys`);
  return parsed.data;
}

/** Parses a GATEHOUSE_SIGNING_KEYS value with its private parts (the signer, `npm run keys:rotate`). */
export function parseSigningKeys(value: string): PrivateSigningKey[] {
  return parseKeySet(value, privateKeyEntry);
}

/** A key's private part, dropped before the verifier's schema sees the entry. */
function withoutPrivatePart(raw: unknown): unknown {
  if (typeof raw !== "object" || raw === null) return raw;
  const { d: _private, ...rest } = raw as Record<string, unknown>;
  return rest;
}

function cachedKeySet<T>(parse: (value: string) => T): () => T {
  let cached: T | undefined;
  return () => {
    if (cached !== undefined) return cached;
    const value = environment().GATEHOUSE_SIGNING_KEYS;
    if (value === undefined) throw new ConfigError(`GATEHOUSE_SIGNING_KEYS: is not set: a JSON array of EC P-256 private JWKs, each with a kid (\`npm run secrets:generate\` prints one)`);
    cached = parse(value.trim());
    return cached;
  };
}

/** The signing keys with their private parts: for lib/tokens/sign.ts only. */
export const signingKeysEnv = cachedKeySet(parseSigningKeys);

/** Parses a GATEHOUSE_SIGNING_KEYS value into the public halves, each private part dropped first. */
export function parseVerificationKeys(value: string): PublicSigningKey[] {
  return parseKeySet(value, publicKeyEntry, withoutPrivatePart);
}

/** The signing keys' public halves and lifecycles: what verifiers (middleware included) hold. */
export const verificationKeysEnv = cachedKeySet(parseVerificationKeys);

/** Hosts whose plain-HTTP origin never leaves the machine. */
const LOOPBACK_HOST = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;

/** How the app is reached and which proxies may tell it the client's address. */
export const appEnv = section(
  z
    .object({
      NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
      PORT: z.coerce.number().int().min(1).max(65535).default(3000),
      /** The interface the server listens on; loopback unless a deployment says otherwise. */
      HOST: z
        .string()
        .trim()
        .default("127.0.0.1")
        .refine((value) => /^[\w.:-]+$/.test(value), { message: "must be an address or host name to listen on, such as 127.0.0.1 or 0.0.0.0" }),
      /** Public origin, used for links in e-mails and the token issuer. */
      APP_URL: z.url({ protocol: /^https?$/ }).optional(),
      /** Comma-separated CIDRs of reverse proxies whose X-Forwarded-For is believed. */
      TRUSTED_PROXIES: z
        .string()
        .default("")
        .refine((value) => value.split(",").map((s) => s.trim()).filter(Boolean).every(isCidr), { message: "must be comma-separated IP ranges such as 10.0.0.0/8,::1/128" }),
    })
    // A production server on plain HTTP sends its cookies and tokens in the clear and marks no
    // cookie Secure; only a loopback origin (the local `npm start`) may do without TLS.
    .refine((env) => env.NODE_ENV !== "production" || env.APP_URL !== undefined, {
      path: ["APP_URL"],
      message: "must be set in production: the https:// origin people reach Gatehouse at",
    })
    .refine((env) => env.NODE_ENV !== "production" || !env.APP_URL || env.APP_URL.startsWith("https://") || LOOPBACK_HOST.test(new URL(env.APP_URL).hostname), {
      path: ["APP_URL"],
      message: "must be https:// in production (plain http is allowed only for localhost)",
    })
    .transform((env) => {
      const appUrl = (env.APP_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, "");
      return {
        nodeEnv: env.NODE_ENV,
        port: env.PORT,
        host: env.HOST,
        appUrl,
        /** APP_URL's origin when it is set: a browser at it may post to the app (lib/net/origin.ts). */
        configuredOrigin: env.APP_URL ? new URL(env.APP_URL).origin : null,
        /** Cookies are Secure everywhere but plain-HTTP localhost development. */
        secureCookies: new URL(appUrl).protocol === "https:",
        trustedProxies: env.TRUSTED_PROXIES.split(",").map((s) => s.trim()).filter(Boolean),
      };
    }),
);

/**
 * Set by Gatehouse's HTTP server (scripts/lib/http-server.mjs) to a random value of its own
 * process at start-up, never configured: the key that proves the peer-address header came from
 * that server (lib/net/request.ts). Without it (`next dev`, `next start`, any other host) no
 * client address is believed.
 */
export const peerEnv = section(
  z
    .object({ GATEHOUSE_PEER_SECRET: z.string().trim().min(32, "must be at least 32 characters").optional() })
    .transform((env) => ({ peerSecret: env.GATEHOUSE_PEER_SECRET ?? null })),
);

/**
 * Outgoing e-mail: Resend when a key is set; without one, outside production, the local mailbox
 * (`/dev/mailbox`), so a newcomer can click the links. In production a missing key stops start-up:
 * invitations would otherwise pile up undelivered.
 *
 * "Production" is what the person starting Gatehouse said (`NODE_ENV=production`). The production
 * build always runs with NODE_ENV=production, so Gatehouse's launcher (scripts/lib/server.ts)
 * sets GATEHOUSE_LOCAL_RUN=1 for a run where nobody said so; it is never configured.
 */
export const mailEnv = section(
  z
    .object({
      NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
      GATEHOUSE_LOCAL_RUN: z.literal("1").optional(),
      RESEND_API_KEY: z.string().trim().optional(),
      /** Override of Resend's API origin (tests point it at a local stand-in). */
      RESEND_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
      EMAIL_FROM: z.string().trim().default("Gatehouse <no-reply@gatehouse.test>"),
    })
    .refine((env) => env.NODE_ENV !== "production" || env.GATEHOUSE_LOCAL_RUN === "1" || env.RESEND_API_KEY !== undefined, {
      path: ["RESEND_API_KEY"],
      message: "must be set in production: Gatehouse sends invitations and security notices through Resend",
    })
    // A From with a line break would let a template's caller add headers.
    .refine((env) => !/[\r\n]/.test(env.EMAIL_FROM), { path: ["EMAIL_FROM"], message: "must be one line, such as Gatehouse <no-reply@example.com>" })
    .transform((env) => ({
      resendApiKey: env.RESEND_API_KEY,
      resendBaseUrl: env.RESEND_BASE_URL?.replace(/\/+$/, ""),
      from: env.EMAIL_FROM,
      /** Without a key, outside production: mail is kept in the database and shown at /dev/mailbox. */
      localMailbox: env.RESEND_API_KEY === undefined && (env.NODE_ENV !== "production" || env.GATEHOUSE_LOCAL_RUN === "1"),
    })),
);

/**
 * How long a signed-in session lasts. NIST SP 800-63B-4 at AAL2: re-authenticate after at most
 * an hour without activity and at most 24 hours overall; Gatehouse ends sessions after 60 idle
 * minutes and 12 hours by default. Applies to sessions signed in after a change.
 */
export const sessionEnv = section(
  z
    .object({
      SESSION_IDLE_TIMEOUT_MINUTES: z.coerce.number({ error: "must be a whole number of minutes" }).int().min(1).max(60, "must be at most 60 minutes (NIST SP 800-63B-4, AAL2)").default(60),
      SESSION_MAX_LIFETIME_HOURS: z.coerce.number({ error: "must be a whole number of hours" }).int().min(1).max(24, "must be at most 24 hours (NIST SP 800-63B-4, AAL2)").default(12),
    })
    .transform((env) => ({ idleTimeoutSeconds: env.SESSION_IDLE_TIMEOUT_MINUTES * 60, maxLifetimeSeconds: env.SESSION_MAX_LIFETIME_HOURS * 3600 })),
);

/** How long records are kept: audit events are deleted by the purge once older than this. */
export const retentionEnv = section(
  z
    .object({ AUDIT_RETENTION_DAYS: z.coerce.number({ error: "must be a whole number of days" }).int().min(1).max(36_500).default(400) })
    .transform((env) => ({ auditRetentionDays: env.AUDIT_RETENTION_DAYS })),
);

/**
 * How long a workspace invitation link works (default 72 hours, at most 30 days). A resent
 * invitation gets the full time again; links already sent keep their own expiry.
 */
export const invitationEnv = section(
  z
    .object({ INVITATION_TTL_HOURS: z.coerce.number({ error: "must be a whole number of hours" }).int().min(1).max(720, "must be at most 720 hours (30 days)").default(72) })
    .transform((env) => ({ invitationTtlSeconds: env.INVITATION_TTL_HOURS * 3600 })),
);

/**
 * The bearer secret of `GET /metrics` (Prometheus). Unset, the endpoint answers 404: a scrape
 * target nobody configured is not advertised. At least 32 characters, compared in constant time.
 */
export const metricsEnv = section(
  z
    .object({ GATEHOUSE_METRICS_TOKEN: z.string().trim().min(32, "must be at least 32 characters (openssl rand -base64 32)").optional() })
    .transform((env) => ({ metricsToken: env.GATEHOUSE_METRICS_TOKEN ?? null })),
);

/**
 * The PostgreSQL connection pool of each process (lib/db/client.ts). Every instance opens up to
 * `max` connections, so N instances need N × max under the server's max_connections. A
 * connection attempt gives up after `connectTimeoutMs` (pg's default, 0, waits forever: a server
 * that accepts and never answers would hold every request), and the request answers 503.
 */
export const databasePoolEnv = section(
  z
    .object({
      DATABASE_POOL_MAX: z.coerce.number({ error: "must be a whole number of connections" }).int().min(1).max(500).default(10),
      DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number({ error: "must be a whole number of milliseconds" }).int().min(100).max(60_000).default(5_000),
    })
    .transform((env) => ({ max: env.DATABASE_POOL_MAX, connectTimeoutMs: env.DATABASE_CONNECT_TIMEOUT_MS })),
);

/**
 * How many password hashes (argon2id, ~19 MiB and a core each) run at once in this process; unset:
 * one fewer than the cores (at least one), which bench/http.bench.ts measured as the setting that
 * keeps token checks fast while sign-ins saturate the machine (docs/benchmarks.md). Read by
 * lib/auth/password.ts, which computes the default (this file has no Node imports).
 */
export const passwordHashEnv = section(
  z
    .object({ PASSWORD_HASH_CONCURRENCY: z.coerce.number({ error: "must be a whole number of hashes" }).int().min(1).max(64).optional() })
    .transform((env) => ({ hashConcurrency: env.PASSWORD_HASH_CONCURRENCY ?? null })),
);
