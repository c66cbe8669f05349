// Recovery codes at rest, from the side of someone holding a copy of the database.
import { describe, expect, it } from "vitest";
import { keyedHash, sha256 } from "@/lib/crypto";
import { db } from "@/lib/db/client";
import { makeUser } from "@/lib/testing/fixtures";
import { consumeRecoveryCode } from "./mfa";

const T0 = new Date("2030-04-01T10:00:00Z");

describe("recovery codes at rest", () => {
  // Threat: a stolen database copy searched offline for ~49-bit codes under an unkeyed hash.
  it("stores only a keyed hash, so hashing guesses without the environment's secret matches no row", async () => {
    const user = await makeUser({ mfa: true });
    const stored = (await db().recoveryCode.findMany({ where: { userId: user.id }, select: { codeHash: true } })).map((row) => row.codeHash);
    const normalised = user.recoveryCodes.map((code) => code.replace("-", ""));
    expect(stored).toHaveLength(10);
    for (const code of normalised) expect(stored).not.toContain(sha256(code));
    expect(stored.sort()).toEqual(normalised.map((code) => keyedHash("recovery-code", code)).sort());
    // The owner's code still works once, typed in capitals with the dash.
    expect(await consumeRecoveryCode(user.id, user.recoveryCodes[0]!.toUpperCase(), T0)).toBe(true);
    expect(await consumeRecoveryCode(user.id, user.recoveryCodes[0]!, T0)).toBe(false);
  });
});
