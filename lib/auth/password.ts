import "server-only";
import { availableParallelism } from "node:os";
import { hash, verify } from "@node-rs/argon2";
import { passwordHashEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";

/**
 * argon2id with OWASP's first recommended parameter set (m = 19 MiB, t = 2, p = 1). The PHC
 * string stores them, so raising them later only affects new hashes.
 */
export const ARGON2 = { algorithm: 2 /* Argon2id */, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/**
 * Hashes run on libuv's thread pool, which WebCrypto signing and verification also use, and each
 * keeps a core busy for ~12 ms. One fewer hash than there are cores runs at once (at least one;
 * PASSWORD_HASH_CONCURRENCY overrides it), so a core is always left for token checks; at most 64
 * wait, and past that the caller gets 503 (SERVICE_BUSY) at once. bench/http.bench.ts measures
 * sign-in throughput and token checks during a sign-in burst for each setting.
 */
export function hashConcurrency(): number {
  return passwordHashEnv().hashConcurrency ?? defaultHashConcurrency();
}

export function defaultHashConcurrency(): number {
  return Math.max(1, availableParallelism() - 1);
}
const MAX_WAITING = 64;
let running = 0;
const waiting: Array<() => void> = [];

async function withHashSlot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= hashConcurrency()) {
    if (waiting.length >= MAX_WAITING) throw new AppError("SERVICE_BUSY");
    await new Promise<void>((resolve) => waiting.push(resolve));
  } else {
    running++;
  }
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

export function hashPassword(password: string): Promise<string> {
  return withHashSlot(() => hash(password, ARGON2));
}

/** A hash of a random password: verified against when the account does not exist, so an
 * unknown e-mail costs the same time as a wrong password. */
let decoyHash: Promise<string> | undefined;

/** Verifies `password` against a PHC hash; with `null` it does the same work and returns false. */
export async function verifyPassword(phc: string | null, password: string): Promise<boolean> {
  decoyHash ??= hashPassword("decoy password that never matches anything");
  const target = phc ?? (await decoyHash);
  const ok = await withHashSlot(() => verify(target, password).catch(() => false));
  return ok && phc !== null;
}
