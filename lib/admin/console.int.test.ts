// What the landlord console adds over the API, on both databases: its guard refuses every
// caller but a landlord past MFA (the pages turn LANDLORD_ONLY into a 404); a current code
// renews the acting admin's MFA so a reset of someone's MFA goes through without a new sign-in,
// while a wrong one renews nothing; and the read functions its pages use.
import { beforeAll, describe, expect, it } from "vitest";
import { recordAudit } from "@/lib/audit";
import { loginWithPassword, verifyMfa } from "@/lib/auth/journey";
import { hasTotp } from "@/lib/auth/mfa";
import { requireLandlordPrincipal, resolveAccessToken } from "@/lib/auth/principal";
import { confirmSessionMfa } from "@/lib/auth/security-settings";
import { addSeconds } from "@/lib/clock";
import { db } from "@/lib/db/client";
import { isAppError } from "@/lib/errors";
import { codeFor, context, makeUser, makeWorkspace, notLandlordCallers, signInViaApi, type TestUser } from "@/lib/testing/fixtures";
import { isLandlordAdmin } from "@/lib/users";
import { listAuditActions } from "./audit";
import { MFA_RESET_FRESHNESS_SECONDS, resetUserMfa } from "./users";
import { workspaceGuidOf, workspaceLabels } from "./workspaces";

/** What requireLandlord does once it has the cookie's access token; the refusal's code, or "allowed". */
async function landlordGuard(token: string): Promise<string> {
  try {
    requireLandlordPrincipal(await resolveAccessToken(token, "127.0.0.1", new Date(), "session"));
    return "allowed";
  } catch (error) {
    if (isAppError(error)) return error.code;
    throw error;
  }
}

describe("the console's guard", () => {
  // Threat: a tenant (or a landlord's stolen password alone) reaching a console server action.
  it("refuses a tenant's user and workspace tokens, a landlord without MFA this session, an MFA-pending and an ended session", async () => {
    for (const [who, caller] of Object.entries(await notLandlordCallers())) {
      // Without a token the browser has no session at all: middleware and guardPage send it to sign in.
      if (caller.token === undefined) continue;
      expect(await landlordGuard(caller.token), who).toBe(caller.code);
    }
    expect(await landlordGuard((await signInViaApi(await makeUser({ landlord: true, mfa: true }))).token)).toBe("allowed");
  });
});

describe("renewing the acting admin's MFA for a reset", () => {
  // 10 s into a 30 s TOTP step.
  const T0 = new Date("2030-05-01T09:00:10Z");
  const late = addSeconds(T0, MFA_RESET_FRESHNESS_SECONDS + 60);
  let landlord: TestUser;
  let sessionId: string;
  const actor = async () => ({ id: landlord.id, sessionId, mfaPassedAt: (await db().session.findUniqueOrThrow({ where: { id: sessionId }, select: { mfaPassedAt: true } })).mfaPassedAt });

  beforeAll(async () => {
    landlord = await makeUser({ landlord: true, mfa: true });
    const step = await loginWithPassword({ email: landlord.email, password: landlord.password }, context(T0));
    sessionId = (await verifyMfa(step.sessionId, "TOTP_AUTHENTICATOR", await codeFor(landlord, T0), context(T0))).sessionId;
  });

  it("a wrong code renews nothing: the reset stays refused", async () => {
    const target = await makeUser({ mfa: true });
    await expect(confirmSessionMfa(sessionId, landlord.id, "000000", context(late))).rejects.toMatchObject({ code: "INVALID_MFA_CODE" });
    expect((await actor()).mfaPassedAt).toEqual(T0);
    await expect(resetUserMfa(target.id, await actor(), context(late))).rejects.toMatchObject({ code: "MFA_REQUIRED" });
    expect(await hasTotp(target.id)).toBe(true);
  });

  it("a current code makes the session's MFA fresh, and the reset goes through", async () => {
    const target = await makeUser({ mfa: true });
    await confirmSessionMfa(sessionId, landlord.id, await codeFor(landlord, late), context(late));
    expect((await actor()).mfaPassedAt).toEqual(late);
    await resetUserMfa(target.id, await actor(), context(addSeconds(late, 1)));
    expect(await hasTotp(target.id)).toBe(false);
  });
});

describe("the console's read functions", () => {
  it("labels workspaces by guid and finds one by its subdomain", async () => {
    const acme = await makeWorkspace({ name: "Acme Labels", subdomain: "acme-labels" });
    const other = await makeWorkspace({ name: "Other Labels", subdomain: "other-labels" });
    const labels = await workspaceLabels([acme.guid, other.guid, acme.guid, "00000000-0000-4000-8000-000000000000"]);
    expect([...labels.entries()].sort()).toEqual([
      [acme.guid, { name: "Acme Labels", subdomain: "acme-labels" }],
      [other.guid, { name: "Other Labels", subdomain: "other-labels" }],
    ].sort());
    expect(await workspaceGuidOf(" ACME-labels ")).toBe(acme.guid);
    expect(await workspaceGuidOf("nowhere-labels")).toBeNull();
  });

  it("lists the audit log's actions once each, alphabetically", async () => {
    await recordAudit({ action: "user.sessions_ended" });
    await recordAudit({ action: "user.sessions_ended" });
    const actions = await listAuditActions();
    expect(actions.filter((action) => action === "user.sessions_ended")).toHaveLength(1);
    expect(actions).toEqual([...actions].sort());
  });

  it("says whether a user is a landlord admin", async () => {
    expect(await isLandlordAdmin((await makeUser({ landlord: true })).id)).toBe(true);
    expect(await isLandlordAdmin((await makeUser()).id)).toBe(false);
    expect(await isLandlordAdmin(2_000_000_000)).toBe(false);
  });
});
