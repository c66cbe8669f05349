// Development secrets: generated once into data/secrets.json (never committed) so an embedded
// Gatehouse runs with no configuration. A real deployment (DATABASE_URL set to PostgreSQL) must
// provide them in the environment; lib/env.ts names any that is missing. Signing keys are
// rotated here too (`npm run keys:rotate`), in that file or in a value printed for the environment.
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseSigningKeys } from "../../lib/env.ts";
import { isVerifying, signingKeyAt, verifiesUntil } from "../../lib/tokens/keys.ts";

export interface GeneratedSecrets {
  AUTH_SECRET: string;
  GATEHOUSE_SIGNING_KEYS: string;
  GATEHOUSE_ENCRYPTION_KEY: string;
}

/** A new ES256 signing key as a private JWK with a `kid`. */
export function newSigningKey(): Record<string, string> & { kid: string } {
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

function secretsFile(dataDir: string): string {
  return path.join(dataDir, "secrets.json");
}

/** Writes the file whole or not at all (a crash mid-write must not lose the signing keys), mode 0600. */
function writeSecrets(dataDir: string, secrets: GeneratedSecrets): void {
  mkdirSync(dataDir, { recursive: true });
  const file = secretsFile(dataDir);
  const partial = `${file}.${process.pid}.tmp`;
  writeFileSync(partial, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  renameSync(partial, file);
}

/** The development secrets of `dataDir`, created on first use. */
function developmentSecrets(dataDir: string): GeneratedSecrets {
  const file = secretsFile(dataDir);
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as GeneratedSecrets;
  const secrets = newSecrets();
  writeSecrets(dataDir, secrets);
  return secrets;
}

/**
 * Fills in any secret missing from the environment from `dataDir/secrets.json`, creating the
 * file (mode 0600) on first use. Variables already set always win.
 */
export function loadDevelopmentSecrets(dataDir: string): void {
  for (const [name, value] of Object.entries(developmentSecrets(dataDir))) process.env[name] ||= value;
}

export interface SigningKeyRotation {
  /** The new GATEHOUSE_SIGNING_KEYS value. */
  value: string;
  /** The new key's kid, and when it starts signing. */
  added: string;
  activeFrom: Date;
  /** The key that signed until then, and until when its tokens keep verifying; null if none signed. */
  retired: { kid: string; verifiesUntil: Date } | null;
  /** Keys whose tokens have all expired: they leave the set and the JWKS. */
  dropped: string[];
}

/**
 * Adds a new signing key to a GATEHOUSE_SIGNING_KEYS value that signs from `activeFrom` (now, or
 * later so that every instance can publish it first), retires the key signing now at that moment,
 * and drops keys whose verification window is over. Entries are kept as they are otherwise.
 */
export function rotateSigningKeys(value: string, now: Date, activateInMinutes = 0): SigningKeyRotation {
  const keys = parseSigningKeys(value);
  // A second rotation before the first one's key signs would leave two keys waiting to take over.
  const pending = keys.find((key) => key.activeFrom && key.activeFrom > now);
  if (pending) throw new Error(`Key ${pending.kid} starts signing at ${pending.activeFrom!.toISOString()}: rotate again once it does.`);
  const activeFrom = new Date(now.getTime() + activateInMinutes * 60_000);
  const signer = signingKeyAt(keys, now);
  const entries = JSON.parse(value) as Record<string, unknown>[];
  const kept = entries.flatMap((entry, index) => {
    const key = keys[index]!;
    if (key === signer) return [{ ...entry, retiredAt: activeFrom.toISOString() }];
    return isVerifying(key, now) ? [entry] : [];
  });
  const added = { ...newSigningKey(), activeFrom: activeFrom.toISOString() };
  return {
    value: JSON.stringify([added, ...kept]),
    added: added.kid,
    activeFrom,
    retired: signer && { kid: signer.kid, verifiesUntil: verifiesUntil({ ...signer, retiredAt: activeFrom })! },
    dropped: keys.filter((key) => !isVerifying(key, now)).map((key) => key.kid),
  };
}

/** Rotates the signing keys kept in `dataDir/secrets.json` (embedded mode), creating it if need be. */
export function rotateDevelopmentSigningKeys(dataDir: string, now: Date, activateInMinutes = 0): SigningKeyRotation {
  const secrets = developmentSecrets(dataDir);
  const rotation = rotateSigningKeys(secrets.GATEHOUSE_SIGNING_KEYS, now, activateInMinutes);
  writeSecrets(dataDir, { ...secrets, GATEHOUSE_SIGNING_KEYS: rotation.value });
  return rotation;
}
