// The credential check counted statement by statement, on both databases.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordingClient } from "@/lib/testing/recording-client";
import { disableUser, makeUser, PASSWORD, unique, type TestUser } from "@/lib/testing/fixtures";
import { createUser } from "@/lib/users";
import { checkCredentials } from "./credentials";


let recording: ReturnType<typeof recordingClient>;
let owner: TestUser;
let mfaOwner: TestUser;
let disabled: TestUser;
let invitedEmail: string;

beforeAll(async () => {
  recording = recordingClient();
  owner = await makeUser();
  mfaOwner = await makeUser({ mfa: true });
  disabled = await makeUser();
  await disableUser(disabled);
  invitedEmail = (await createUser({ email: `${unique("invited")}@example.test` })).email;
});

afterAll(() => recording.client.$disconnect());

/** The statements one credential check sends, and its outcome. */
async function statementsOf(email: string, password: string) {
  recording.statements.length = 0;
  const outcome = await checkCredentials(email, password, recording.client);
  return { outcome, statements: [...recording.statements] };
}

describe("checkCredentials", () => {
  // Threat: learning which e-mail addresses have accounts by counting the login's database round trips.
  it("sends the same statements for a hit and for every kind of miss", async () => {
    const hit = await statementsOf(owner.email, PASSWORD);
    const mfaHit = await statementsOf(mfaOwner.email, PASSWORD);
    const misses = {
      wrongPassword: await statementsOf(owner.email, "not the password at all"),
      unknownEmail: await statementsOf(`${unique("nobody")}@example.test`, PASSWORD),
      disabledAccount: await statementsOf(disabled.email, PASSWORD),
      invitedAccount: await statementsOf(invitedEmail, PASSWORD),
    };
    expect(hit.outcome).toEqual({ ok: true, user: { id: owner.id, email: owner.email, mfaEnabled: false } });
    expect(mfaHit.outcome).toMatchObject({ ok: true, user: { mfaEnabled: true } });
    expect(Object.values(misses).map(({ outcome }) => outcome)).toEqual([
      { ok: false, reason: "wrong_password", userId: owner.id },
      { ok: false, reason: "unknown_email", userId: null },
      { ok: false, reason: "account_not_active", userId: disabled.id },
      { ok: false, reason: "wrong_password", userId: expect.any(Number) },
    ]);
    expect(hit.statements.length).toBeGreaterThan(0);
    for (const miss of [mfaHit, ...Object.values(misses)]) expect(miss.statements).toEqual(hit.statements);
  });
});
