// Threat: the landlord console (every tenant at once) opened by a tenant user, an MFA-pending
// sign-in, or a landlord's password alone. The one rule both requireLandlord and apiRoute access
// "landlord" apply, case by case.
import { describe, expect, it } from "vitest";
import { requireLandlordPrincipal, type UserPrincipal } from "./principal";

const principal = (overrides: { stage?: UserPrincipal["stage"]; isLandlordAdmin?: boolean; mfaPassedAt?: Date | null }): UserPrincipal => ({
  kind: "user",
  stage: overrides.stage ?? "user",
  sessionId: "s1",
  user: { id: 1, email: "op@example.test", name: null, isLandlordAdmin: overrides.isLandlordAdmin ?? true, hasMfa: true },
  mfaPassedAt: overrides.mfaPassedAt === undefined ? new Date("2026-01-01T00:00:00Z") : overrides.mfaPassedAt,
  selectedWorkspaceGuid: null,
});

const refusal = (p: UserPrincipal) => {
  try {
    requireLandlordPrincipal(p);
    return "allowed";
  } catch (error) {
    return (error as { code: string }).code;
  }
};

describe("requireLandlordPrincipal", () => {
  it("allows a landlord admin past MFA in this session, with a user or a workspace token", () => {
    expect(refusal(principal({}))).toBe("allowed");
    expect(refusal(principal({ stage: "workspace" }))).toBe("allowed");
  });

  it("refuses a tenant user LANDLORD_ONLY, even past MFA", () => {
    expect(refusal(principal({ isLandlordAdmin: false }))).toBe("LANDLORD_ONLY");
  });

  it("refuses a landlord without MFA in this session, and an MFA-pending token, MFA_REQUIRED", () => {
    expect(refusal(principal({ mfaPassedAt: null }))).toBe("MFA_REQUIRED");
    expect(refusal(principal({ stage: "mfa" }))).toBe("MFA_REQUIRED");
    expect(refusal(principal({ stage: "mfa", isLandlordAdmin: false }))).toBe("MFA_REQUIRED");
  });
});
