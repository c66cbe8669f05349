import { readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { newSecrets } from "@/scripts/lib/secrets";

// lib/env caches each section per module instance, so every case imports a fresh copy.
async function freshEnv(vars: Record<string, string | undefined>) {
  vi.resetModules();
  for (const [name, value] of Object.entries(vars)) vi.stubEnv(name, value);
  return import("./env");
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("databaseEnv", () => {
  it("defaults to the embedded SQLite file", async () => {
    const { databaseEnv } = await freshEnv({ DATABASE_URL: undefined });
    expect(databaseEnv()).toEqual({ url: "file:./data/gatehouse.db", provider: "sqlite" });
  });
  it("recognises PostgreSQL URLs", async () => {
    const { databaseEnv } = await freshEnv({ DATABASE_URL: "postgres://u@db:5432/app" });
    expect(databaseEnv().provider).toBe("postgresql");
  });
  it("names the variable on a malformed URL", async () => {
    const { databaseEnv } = await freshEnv({ DATABASE_URL: "mysql://nope" });
    expect(() => databaseEnv()).toThrow(/^DATABASE_URL: must be file:<path> \(SQLite\) or postgres:\/\//);
  });
});

describe("secretsEnv", () => {
  it("names a missing secret", async () => {
    const { secretsEnv } = await freshEnv({ AUTH_SECRET: undefined });
    expect(() => secretsEnv()).toThrow(/^AUTH_SECRET:/);
  });
  it("refuses an encryption key of the wrong size", async () => {
    const { secretsEnv } = await freshEnv({ GATEHOUSE_ENCRYPTION_KEY: Buffer.alloc(16).toString("base64") });
    expect(() => secretsEnv()).toThrow(/^GATEHOUSE_ENCRYPTION_KEY: must be 32 random bytes/);
  });
});

describe("signing keys", () => {
  const key = () => JSON.parse(newSecrets().GATEHOUSE_SIGNING_KEYS)[0] as Record<string, string>;

  it("names a missing or malformed key set", async () => {
    const unset = await freshEnv({ GATEHOUSE_SIGNING_KEYS: undefined });
    expect(() => unset.signingKeysEnv()).toThrow(/^GATEHOUSE_SIGNING_KEYS: is not set/);
    for (const value of ['[{"kty":"RSA"}]', "[]", "not json", JSON.stringify([{ ...key(), d: undefined }])]) {
      const { signingKeysEnv } = await freshEnv({ GATEHOUSE_SIGNING_KEYS: value });
      expect(() => signingKeysEnv(), value).toThrow(/^GATEHOUSE_SIGNING_KEYS: must be a JSON array of EC P-256 private JWKs/);
    }
  });

  it("reads the lifecycle dates, and keeps a key without them (a set from before rotation) valid", async () => {
    const [dated, plain] = [key(), key()];
    const { signingKeysEnv } = await freshEnv({ GATEHOUSE_SIGNING_KEYS: JSON.stringify([{ ...dated, activeFrom: "2030-01-01T00:00:00Z", retiredAt: "2030-02-01T00:00:00+01:00" }, plain]) });
    expect(signingKeysEnv()).toEqual([
      { kid: dated.kid, jwk: { kty: "EC", crv: "P-256", x: dated.x, y: dated.y, d: dated.d }, activeFrom: new Date("2030-01-01T00:00:00Z"), retiredAt: new Date("2030-01-31T23:00:00Z") },
      { kid: plain.kid, jwk: { kty: "EC", crv: "P-256", x: plain.x, y: plain.y, d: plain.d }, activeFrom: null, retiredAt: null },
    ]);
  });

  it("names a bad date, a retirement before activation and a kid used twice", async () => {
    const one = key();
    const cases: [unknown[], RegExp][] = [
      [[{ ...one, activeFrom: "tomorrow" }], /^GATEHOUSE_SIGNING_KEYS: key 0 activeFrom: must be an ISO 8601 date-time/],
      [[key(), { ...one, activeFrom: "2030-02-01T00:00:00Z", retiredAt: "2030-01-01T00:00:00Z" }], /^GATEHOUSE_SIGNING_KEYS: key 1: a key cannot retire before it becomes active/],
      [[one, { ...key(), kid: one.kid }], new RegExp(`^GATEHOUSE_SIGNING_KEYS: kid ${one.kid} is used by two keys`)],
    ];
    for (const [keys, message] of cases) {
      const { signingKeysEnv } = await freshEnv({ GATEHOUSE_SIGNING_KEYS: JSON.stringify(keys) });
      expect(() => signingKeysEnv()).toThrow(message);
    }
  });

  // Threat: a private key reaching a verifier (middleware) that only needs the public half.
  it("gives verifiers the public halves only", async () => {
    const { verificationKeysEnv } = await freshEnv({ GATEHOUSE_SIGNING_KEYS: JSON.stringify([key(), { ...key(), activeFrom: "2030-01-01T00:00:00Z" }]) });
    const keys = verificationKeysEnv();
    expect(keys).toHaveLength(2);
    for (const entry of keys) expect(Object.keys(entry.jwk).sort()).toEqual(["crv", "kty", "x", "y"]);
    expect(JSON.stringify(keys)).not.toMatch(/"d"/);
  });
});

describe("appEnv", () => {
  it("derives the public URL and cookie security", async () => {
    const { appEnv } = await freshEnv({ APP_URL: undefined, PORT: "4123" });
    expect(appEnv()).toMatchObject({ port: 4123, appUrl: "http://localhost:4123", secureCookies: false });
    const secure = await freshEnv({ APP_URL: "https://auth.example.com/" });
    expect(secure.appEnv()).toMatchObject({ appUrl: "https://auth.example.com", secureCookies: true });
  });
  it("treats an empty value as unset (a copied .env.example)", async () => {
    const { appEnv } = await freshEnv({ APP_URL: "", PORT: "" });
    expect(appEnv()).toMatchObject({ port: 3000, appUrl: "http://localhost:3000" });
  });
  it("refuses trusted proxies that are not IP ranges", async () => {
    const { appEnv } = await freshEnv({ TRUSTED_PROXIES: "10.0.0.0/8, proxy.internal" });
    expect(() => appEnv()).toThrow(/^TRUSTED_PROXIES: must be comma-separated IP ranges/);
  });
  it("refuses a port out of range", async () => {
    const { appEnv } = await freshEnv({ PORT: "70000" });
    expect(() => appEnv()).toThrow(/^PORT:/);
  });
  // Threat: the embedded demo (published passwords, a landlord admin) reachable from the network.
  it("listens on loopback unless HOST says otherwise", async () => {
    expect((await freshEnv({ HOST: undefined })).appEnv().host).toBe("127.0.0.1");
    expect((await freshEnv({ HOST: "0.0.0.0" })).appEnv().host).toBe("0.0.0.0");
    const { appEnv } = await freshEnv({ HOST: "0.0.0.0; rm -rf /" });
    expect(() => appEnv()).toThrow(/^HOST: must be an address or host name/);
  });
  // Threat: a production deployment on plain HTTP, sending cookies and tokens in the clear.
  it("refuses production without an https APP_URL", async () => {
    const missing = await freshEnv({ NODE_ENV: "production", APP_URL: undefined });
    expect(() => missing.appEnv()).toThrow(/^APP_URL: must be set in production/);
    const plain = await freshEnv({ NODE_ENV: "production", APP_URL: "http://auth.example.com" });
    expect(() => plain.appEnv()).toThrow(/^APP_URL: must be https:\/\/ in production/);
    const secure = await freshEnv({ NODE_ENV: "production", APP_URL: "https://auth.example.com" });
    expect(secure.appEnv()).toMatchObject({ appUrl: "https://auth.example.com", secureCookies: true });
    // The local production build (`npm start`) is served on loopback only.
    for (const local of ["http://localhost:3000", "http://127.0.0.1:3000", "http://[::1]:3000"]) {
      expect((await freshEnv({ NODE_ENV: "production", APP_URL: local })).appEnv().appUrl).toBe(local);
    }
  });
});

describe("lib/env.ts itself", () => {
  // prisma.config.ts loads it through Prisma's CLI, which knows nothing of the "@/" alias: one such
  // import and `prisma generate` (every fresh clone's first step) fails.
  it("imports nothing through the app's path alias", () => {
    const source = readFileSync(path.join(import.meta.dirname, "env.ts"), "utf8");
    expect(source.match(/from "@\/[^"]+"/g) ?? []).toEqual([]);
  });
});

describe("sessionEnv and retentionEnv", () => {
  it("defaults to a 60-minute idle timeout, a 12-hour lifetime and 400 days of audit events", async () => {
    const { sessionEnv, retentionEnv } = await freshEnv({ SESSION_IDLE_TIMEOUT_MINUTES: undefined, SESSION_MAX_LIFETIME_HOURS: undefined, AUDIT_RETENTION_DAYS: undefined });
    expect(sessionEnv()).toEqual({ idleTimeoutSeconds: 3600, maxLifetimeSeconds: 12 * 3600 });
    expect(retentionEnv()).toEqual({ auditRetentionDays: 400 });
  });
  it("takes configured values", async () => {
    const { sessionEnv, retentionEnv } = await freshEnv({ SESSION_IDLE_TIMEOUT_MINUTES: "15", SESSION_MAX_LIFETIME_HOURS: "8", AUDIT_RETENTION_DAYS: "90" });
    expect(sessionEnv()).toEqual({ idleTimeoutSeconds: 900, maxLifetimeSeconds: 8 * 3600 });
    expect(retentionEnv()).toEqual({ auditRetentionDays: 90 });
  });
  it("refuses lifetimes beyond NIST SP 800-63B-4 AAL2 (an hour idle, a day overall) and a non-number, naming the variable", async () => {
    // Threat: a configuration that quietly switches the session limits off.
    const cases: Array<[string, string, (env: typeof import("./env")) => unknown]> = [
      ["SESSION_IDLE_TIMEOUT_MINUTES", "600", (env) => env.sessionEnv()],
      ["SESSION_MAX_LIFETIME_HOURS", "48", (env) => env.sessionEnv()],
      ["AUDIT_RETENTION_DAYS", "forever", (env) => env.retentionEnv()],
    ];
    for (const [name, value, read] of cases) {
      vi.unstubAllEnvs();
      const env = await freshEnv({ [name]: value });
      expect(() => read(env)).toThrow(new RegExp(`^${name}: `));
    }
  });
});

describe("mailEnv", () => {
  const noKey = { RESEND_API_KEY: undefined, GATEHOUSE_LOCAL_RUN: undefined };
  it("uses the local mailbox without a key outside production", async () => {
    const { mailEnv } = await freshEnv({ ...noKey, NODE_ENV: "development" });
    expect(mailEnv()).toMatchObject({ resendApiKey: undefined, localMailbox: true });
  });
  it("stops a production start without a key, in one line naming it", async () => {
    // Threat: a deployment that silently keeps every invitation in a mailbox page instead of sending it.
    const { mailEnv } = await freshEnv({ ...noKey, NODE_ENV: "production" });
    expect(() => mailEnv()).toThrow(/^RESEND_API_KEY: must be set in production/);
  });
  it("lets the production build of a local run (the launcher's GATEHOUSE_LOCAL_RUN) use the mailbox", async () => {
    const { mailEnv } = await freshEnv({ ...noKey, NODE_ENV: "production", GATEHOUSE_LOCAL_RUN: "1" });
    expect(mailEnv().localMailbox).toBe(true);
  });
  it("sends through Resend when a key is set, never the mailbox", async () => {
    const { mailEnv } = await freshEnv({ NODE_ENV: "development", RESEND_API_KEY: "re_123", RESEND_BASE_URL: "http://127.0.0.1:9/" });
    expect(mailEnv()).toMatchObject({ resendApiKey: "re_123", resendBaseUrl: "http://127.0.0.1:9", localMailbox: false });
  });
  it("refuses a From header with a line break", async () => {
    const { mailEnv } = await freshEnv({ ...noKey, EMAIL_FROM: "Gatehouse <a@b.test>\r\nBcc: x@y.test" });
    expect(() => mailEnv()).toThrow(/^EMAIL_FROM: /);
  });
});

describe("passwordHashEnv", () => {
  it("leaves the hash concurrency to lib/auth/password.ts unless it is set", async () => {
    expect((await freshEnv({ PASSWORD_HASH_CONCURRENCY: undefined })).passwordHashEnv()).toEqual({ hashConcurrency: null });
    expect((await freshEnv({ PASSWORD_HASH_CONCURRENCY: "2" })).passwordHashEnv()).toEqual({ hashConcurrency: 2 });
  });
  it("refuses no hashing at all, a fraction and more than 64, naming the variable", async () => {
    // Threat: zero would queue every sign-in forever; an unbounded value lets a burst of sign-ins take every core and all memory.
    for (const value of ["0", "1.5", "65", "many"]) {
      vi.unstubAllEnvs();
      const env = await freshEnv({ PASSWORD_HASH_CONCURRENCY: value });
      expect(() => env.passwordHashEnv()).toThrow(/^PASSWORD_HASH_CONCURRENCY: /);
    }
  });
});
