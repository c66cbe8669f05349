import "server-only";
import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";
import { secretsEnv } from "@/lib/env";

/** URL-safe random string of `bytes` random bytes (default 256 bits). */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}

/**
 * SHA-256 hex digest. Used for high-entropy secrets (refresh tokens, API keys, invitation
 * tokens): with 128+ bits of entropy a slow hash adds nothing, and lookups stay indexed.
 */
export function sha256(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

/** Constant-time comparison of two strings of any length. */
export function safeEqual(a: string, b: string): boolean {
  const left = createHash("sha256").update(a).digest();
  const right = createHash("sha256").update(b).digest();
  return timingSafeEqual(left, right);
}

/**
 * What a keyed hash is for: each purpose gets its own sub-key, so a value hashed for one can
 * never be replayed as another.
 */
export type KeyedHashPurpose = "recovery-code" | "device-cookie";

const subKeys = new Map<KeyedHashPurpose, Buffer>();

/** A 256-bit sub-key of GATEHOUSE_ENCRYPTION_KEY for `purpose` (HKDF-SHA-256, RFC 5869). */
function subKey(purpose: KeyedHashPurpose): Buffer {
  let key = subKeys.get(purpose);
  if (!key) {
    key = Buffer.from(hkdfSync("sha256", encryptionKey(), Buffer.alloc(0), `gatehouse keyed hash: ${purpose}`, 32));
    subKeys.set(purpose, key);
  }
  return key;
}

/**
 * HMAC-SHA-256 hex digest under a sub-key of the environment's encryption key (a pepper kept out
 * of the database). For secrets with too little entropy to resist an offline search on their own,
 * such as ~49-bit recovery codes: a copy of the database alone cannot test a single guess.
 */
export function keyedHash(purpose: KeyedHashPurpose, value: string): string {
  return createHmac("sha256", subKey(purpose)).update(value).digest("hex");
}

const FORMAT = "v1";

function encryptionKey(): Buffer {
  return Buffer.from(secretsEnv().encryptionKey, "base64");
}

/** AES-256-GCM; output is `v1.<iv>.<tag>.<ciphertext>` (base64url parts). */
export function encrypt(plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", encryptionKey(), iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [FORMAT, iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), ciphertext.toString("base64url")].join(".");
}

/** Reverses {@link encrypt}; throws when the value was tampered with or the key differs. */
export function decrypt(sealed: string): string {
  const [format, iv, tag, ciphertext] = sealed.split(".");
  if (format !== FORMAT || !iv || !tag || ciphertext === undefined) throw new Error("not an encrypted value");
  const decipher = createDecipheriv("aes-256-gcm", encryptionKey(), Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
}
