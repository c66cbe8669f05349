// Threat: a workspace policy or a landlord's bound that lengthens a lifetime instead of only
// shortening it, or a landlord's lowered bound that the stored policy outlives.
import { describe, expect, it } from "vitest";
import { addSeconds } from "@/lib/clock";
import { platformTokenLimits, sessionEndIn, tokenLifetimes, tokenLimits, type TokenPolicyColumns } from "./token-policy";

const none: TokenPolicyColumns = { accessTokenMinutes: null, sessionHours: null, maxAccessTokenMinutes: null, maxSessionHours: null };
const START = new Date("2030-01-01T08:00:00Z");
const session = { createdAt: START, expiresAt: addSeconds(START, 12 * 3600 + 120) };

describe("the token policy", () => {
  it("is the platform's own without a policy or bound: 10-minute workspace tokens, SESSION_MAX_LIFETIME_HOURS (12)", () => {
    expect(platformTokenLimits()).toEqual({ accessTokenMinutes: 10, sessionHours: 12 });
    expect(tokenLimits(none)).toEqual({ accessTokenMinutes: 10, sessionHours: 12 });
    expect(tokenLifetimes(none)).toEqual({ accessTokenMinutes: 10, sessionHours: 12 });
  });

  it("applies the smallest of the policy, the landlord's bound and the platform's maximum", () => {
    expect(tokenLifetimes({ ...none, accessTokenMinutes: 3, sessionHours: 1 })).toEqual({ accessTokenMinutes: 3, sessionHours: 1 });
    // A bound lowered below the stored policy wins; a bound above the platform's maximum does not raise it.
    expect(tokenLifetimes({ accessTokenMinutes: 8, sessionHours: 10, maxAccessTokenMinutes: 5, maxSessionHours: 2 })).toEqual({ accessTokenMinutes: 5, sessionHours: 2 });
    expect(tokenLimits({ ...none, maxAccessTokenMinutes: 60, maxSessionHours: 48 })).toEqual({ accessTokenMinutes: 10, sessionHours: 12 });
    expect(tokenLifetimes({ ...none, accessTokenMinutes: 60, maxAccessTokenMinutes: 60 })).toEqual({ accessTokenMinutes: 10, sessionHours: 12 });
  });

  it("ends a session entering a workspace with a session policy that many hours after it started, never later than it would", () => {
    expect(sessionEndIn(none, session)).toEqual(session.expiresAt);
    expect(sessionEndIn({ ...none, sessionHours: 1 }, session)).toEqual(addSeconds(START, 3600));
    expect(sessionEndIn({ ...none, maxSessionHours: 2 }, session)).toEqual(addSeconds(START, 7200));
    const ending = { createdAt: START, expiresAt: addSeconds(START, 600) };
    expect(sessionEndIn({ ...none, sessionHours: 1 }, ending)).toEqual(ending.expiresAt);
  });
});
