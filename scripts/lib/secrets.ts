// Development secrets: generated once into data/secrets.json (never committed) so an embedded
// Gatehouse runs with no configuration. A real deployment (DATABASE_URL set to PostgreSQL) must
// provide them in the environment; lib/env.ts names any that is missing.
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

export interface GeneratedSecrets {
  AUTH_SECRET: string;
  GATEHOUSE_SIGNING_KEYS: string;
  GATEHOUSE_ENCRYPTION_KEY: string;
}

/** A new ES256 signing key as a private JWK with a `kid`. */
export function newSigningKey(): Record<string, string> {
  const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const jwk = privateKey.export({ format: "jwk" }) as Record<string, string>;
  return { ...jwk, kid: `gh-${randomBytes(6).toString("hex")}` };
}

export function newSecrets(): GeneratedSecrets {
  return {
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    GATEHOUSE_SIGNING_KEYS: JSON.stringify([newSigningKey()]),
    GATEHOUSE_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
  };
}

/**
 * Fills in any secret missing from the environment from `dataDir/secrets.json`, creating the
 * file (mode 0600) on first use. Variables already set always win.
 */
export function loadDevelopmentSecrets(dataDir: string): void {
  const file = path.join(dataDir, "secrets.json");
  let secrets: GeneratedSecrets;
  if (existsSync(file)) {
    secrets = JSON.parse(readFileSync(file, "utf8")) as GeneratedSecrets;
  } else {
    mkdirSync(dataDir, { recursive: true });
    secrets = newSecrets();
    writeFileSync(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  }
  for (const [name, value] of Object.entries(secrets)) process.env[name] ||= value;
}
