import "server-only";
import { randomBytes } from "node:crypto";
import { crc32 } from "node:zlib";

// The API key's text: `gh_live_` + 43 random base62 characters (256 bits) + a 6-character base62
// CRC32 of the random part, the layout of GitHub's tokens. The prefix lets people and secret
// scanners recognise a key; the checksum lets a typo or a made-up string be refused without a
// database lookup. Only SHA-256 of the whole key is stored, with its display prefix (`gh_live_`
// + the first 8 random characters, unique: the lookup key) and its last four characters.

export const API_KEY_PREFIX = "gh_live_";
const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
/** ⌈256 / log2(62)⌉: 43 base62 characters hold 256.03 bits. */
const RANDOM_LENGTH = 43;
/** 62^6 > 2^32: any CRC32 fits. */
const CHECKSUM_LENGTH = 6;
const LOOKUP_LENGTH = 8;
export const API_KEY_LENGTH = API_KEY_PREFIX.length + RANDOM_LENGTH + CHECKSUM_LENGTH;
const SHAPE = new RegExp(`^${API_KEY_PREFIX}([0-9A-Za-z]{${RANDOM_LENGTH}})([0-9A-Za-z]{${CHECKSUM_LENGTH}})$`);

/** `length` uniformly random base62 characters (rejection sampling: no modulo bias). */
function randomBase62(length: number): string {
  let out = "";
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      // 248 = 4 × 62: bytes from 248 up would favour the first characters.
      if (byte < 248 && out.length < length) out += ALPHABET[byte % 62];
    }
  }
  return out;
}

function checksum(random: string): string {
  let value = crc32(random);
  let out = "";
  for (let i = 0; i < CHECKSUM_LENGTH; i++) {
    out = ALPHABET[value % 62] + out;
    value = Math.floor(value / 62);
  }
  return out;
}

/** A new key's text with what is stored of it. */
export function generateApiKey(): { key: string; prefix: string; lastFour: string } {
  const random = randomBase62(RANDOM_LENGTH);
  const key = `${API_KEY_PREFIX}${random}${checksum(random)}`;
  return { key, ...displayParts(key) };
}

/** The lookup prefix and last four characters of a key. */
function displayParts(key: string): { prefix: string; lastFour: string } {
  return { prefix: key.slice(0, API_KEY_PREFIX.length + LOOKUP_LENGTH), lastFour: key.slice(-4) };
}

/**
 * The lookup prefix and last four of a well-formed key whose checksum holds; null for anything
 * else (wrong length or alphabet, a typo, a guess), so it costs no database lookup.
 */
export function parseApiKey(key: string): { prefix: string; lastFour: string } | null {
  const match = SHAPE.exec(key);
  if (!match || checksum(match[1]!) !== match[2]) return null;
  return displayParts(key);
}
