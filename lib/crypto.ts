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

function encryptionKey(): Buffer {
  return Buffer.from(secretsEnv().encryptionKey, "base64");
}

/**
 * What an encrypted column holds. Together with the row it belongs to, it is the GCM additional
 * data, so a value copied into another column or another user's row fails to decrypt instead of
 * handing that user someone else's TOTP secret.
 */
export type SealedPurpose = "totp-secret" | "refresh-replacement" | "suspension-notice";

/** GCM's full 128-bit tag; a decipher told no length would accept a truncated, forgeable one. */
const TAG_BYTES = 16;

/** Names the key a value was sealed with, so a value from another key says so instead of failing as tampered. */
function keyId(): string {
  return createHash("sha256").update("gatehouse encryption key id").update(encryptionKey()).digest("base64url").slice(0, 8);
}

function additionalData(purpose: SealedPurpose, owner: string | number): Buffer {
  return Buffer.from(`gatehouse:${purpose}:${owner}`, "utf8");
}

/**
 * AES-256-GCM under GATEHOUSE_ENCRYPTION_KEY, bound to `purpose` and `owner` (the row's id) as
 * additional data; output is `v2.<key id>.<iv>.<tag>.<ciphertext>` (base64url parts).
 */
export function encrypt(plaintext: string, purpose: SealedPurpose, owner: string | number): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", encryptionKey(), iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(additionalData(purpose, owner));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return ["v2", keyId(), iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), ciphertext.toString("base64url")].join(".");
}

/**
 * Reverses {@link encrypt} for the same purpose and owner; throws when the value was tampered
 * with, belongs elsewhere or was sealed under another key. Values of format v1 (before the
 * additional data, written by earlier versions) are still read, with the full tag required.
 */
export function decrypt(sealed: string, purpose: SealedPurpose, owner: string | number): string {
  const parts = sealed.split(".");
  const [format] = parts;
  let iv: string | undefined, tag: string | undefined, ciphertext: string | undefined, aad: Buffer | null;
  if (format === "v2" && parts.length === 5) {
    if (parts[1] !== keyId()) throw new Error(`encrypted under another key (${parts[1]}), not GATEHOUSE_ENCRYPTION_KEY`);
    [, , iv, tag, ciphertext] = parts;
    aad = additionalData(purpose, owner);
  } else if (format === "v1" && parts.length === 4) {
    [, iv, tag, ciphertext] = parts;
    aad = null;
  } else {
    throw new Error("not an encrypted value");
  }
  const tagBytes = Buffer.from(tag!, "base64url");
  if (!iv || tagBytes.length !== TAG_BYTES || ciphertext === undefined) throw new Error("not an encrypted value");
  const decipher = createDecipheriv("aes-256-gcm", encryptionKey(), Buffer.from(iv, "base64url"), { authTagLength: TAG_BYTES });
  if (aad) decipher.setAAD(aad);
  decipher.setAuthTag(tagBytes);
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
}
