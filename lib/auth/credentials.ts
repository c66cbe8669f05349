import "server-only";
import { verifyPassword } from "@/lib/auth/password";
import { toDateOrNull, toInt, toText, toTextOrNull } from "@/lib/auth/principal-rows";
import { db, type Db } from "@/lib/db/client";

/** The outcome of an e-mail and password check; `reason` is for the audit log only, never the caller. */
export type CredentialCheck =
  | { ok: true; user: { id: number; email: string; mfaEnabled: boolean } }
  | { ok: false; reason: "unknown_email" | "wrong_password" | "account_not_active"; userId: number | null };

/**
 * Checks an e-mail (normalised) and password. A hit and every kind of miss (unknown e-mail,
 * wrong password, disabled or invited account) issue the same one statement and verify one
 * argon2 hash (a decoy when there is none), so neither the answer, the time nor the number of
 * round trips tells whether the account exists. It is a join written by hand: a nested Prisma
 * select would add the relations' statements only when the user row exists.
 */
export async function checkCredentials(email: string, password: string, client: Db = db()): Promise<CredentialCheck> {
  const [row] = await client.$queryRaw<Array<Record<string, unknown>>>`
    SELECT "u"."id", "u"."email", "u"."status", "p"."hash", "t"."enabledAt"
    FROM "User" AS "u"
    LEFT JOIN "PasswordCredential" AS "p" ON "p"."userId" = "u"."id"
    LEFT JOIN "TotpFactor" AS "t" ON "t"."userId" = "u"."id"
    WHERE "u"."email" = ${email}`;
  const passwordOk = await verifyPassword(toTextOrNull(row?.hash), password);
  if (!row) return { ok: false, reason: "unknown_email", userId: null };
  const userId = toInt(row.id);
  if (!passwordOk) return { ok: false, reason: "wrong_password", userId };
  if (toText(row.status) !== "ACTIVE") return { ok: false, reason: "account_not_active", userId };
  return { ok: true, user: { id: userId, email: toText(row.email), mfaEnabled: toDateOrNull(row.enabledAt) !== null } };
}
