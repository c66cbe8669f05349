import "server-only";
import { verifyPassword } from "@/lib/auth/password";
import { db, type Db } from "@/lib/db/client";

/** The outcome of an e-mail and password check; `reason` is for the audit log only, never the caller. */
export type CredentialCheck =
  | { ok: true; user: { id: number; email: string; mfaEnabled: boolean } }
  | { ok: false; reason: "unknown_email" | "wrong_password" | "account_not_active"; userId: number | null };

/**
 * Checks an e-mail (normalised) and password. A hit and every kind of miss (unknown e-mail,
 * wrong password, disabled or invited account) issue the same three statements in the same order
 * and verify one argon2 hash (a decoy when there is none), so neither the answer, the time nor
 * the number of round trips tells whether the account exists. Each read is keyed by the e-mail
 * on its own: a nested select would add the relations' statements only when the user row exists.
 */
export async function checkCredentials(email: string, password: string, client: Db = db()): Promise<CredentialCheck> {
  const user = await client.user.findUnique({ where: { email }, select: { id: true, email: true, status: true } });
  const credential = await client.passwordCredential.findFirst({ where: { user: { email } }, select: { hash: true } });
  const totp = await client.totpFactor.findFirst({ where: { user: { email } }, select: { enabledAt: true } });
  const passwordOk = await verifyPassword(credential?.hash ?? null, password);
  if (!user) return { ok: false, reason: "unknown_email", userId: null };
  if (!passwordOk) return { ok: false, reason: "wrong_password", userId: user.id };
  if (user.status !== "ACTIVE") return { ok: false, reason: "account_not_active", userId: user.id };
  return { ok: true, user: { id: user.id, email: user.email, mfaEnabled: Boolean(totp?.enabledAt) } };
}
