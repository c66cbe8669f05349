// Threat: a route handler, server action or page that forgets to ask the data layer who is
// calling — reachable by anyone who skips middleware. Every entry point of app/ is found on the
// TypeScript AST and must call an auth guard first, or be on the explicit public list with the
// reason it is public. The checker itself is tested in lib/testing/entry-point-guards.test.ts.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { AUTH_GUARDS, entryPointsOf, exportedNames, guardProblems, NOT_AUTH_GUARDS } from "@/lib/testing/entry-point-guards";

const ROOT = path.resolve(import.meta.dirname, "../..");
const APP = path.join(ROOT, "app");

/** Entry points anyone may call, and why. */
const PUBLIC: Record<string, string> = {
  "uauth/auth/login/user/route.ts POST": "the password step itself (throttled)",
  "uauth/auth/refresh/route.ts POST": "authenticated by the refresh token in its body",
  "uauth/auth/password/forgot/route.ts POST": "asks for a reset link: the same answer for every address (throttled per address and e-mail)",
  "uauth/auth/password/reset/route.ts POST": "authenticated by the one-time token of the reset link (guesses throttled)",
  ".well-known/jwks.json/route.ts GET": "public keys",
  "uauth/openapi.json/route.ts GET": "the API's public description",
  "api/health/route.ts GET": "liveness for load balancers; reveals nothing",
  "metrics/route.ts GET": "Prometheus scrape: its own bearer secret (GATEHOUSE_METRICS_TOKEN), 404 when unset",
  "api/health/live/route.ts GET": "liveness only (no database), the benchmarks' bare request; reveals nothing",
  "uauth/invitations/[token]/route.ts GET": "authenticated by the one-time token in its path (throttled per address); never consumes it",
  "uauth/invitations/[token]/accept/route.ts POST": "authenticated by the one-time token in its path (throttled per address); an existing account also proves its sign-in with its own token",
  "auth/refresh/route.ts GET": "authenticated by the refresh token in the session cookie",
  "auth/refresh/route.ts POST": "authenticated by the refresh token in the session cookie",
  "login/actions.ts loginAction": "the password step itself (throttled)",
  "actions.ts signOutAction": "ends the cookie's own session at any step, also one already ended, so no one is stuck signed in",
  "invitations/[token]/actions.ts setPasswordAction": "authenticated by the one-time token of the link (a new account has no sign-in yet); refused while signed in as another account",
  "forgot-password/actions.ts forgotPasswordAction": "asks for a reset link: the same answer for every address (throttled per address and e-mail)",
  "reset-password/[token]/actions.ts resetPasswordAction": "authenticated by the one-time token of the reset link (guesses throttled)",
  "page.tsx": "the welcome page",
  "login/page.tsx": "the sign-in form",
  "invitations/[token]/page.tsx": "authenticated by the one-time token in its path; the invited account's own sign-in is checked where it joins",
  "forgot-password/page.tsx": "the reset request form; reveals nothing about accounts",
  "reset-password/[token]/page.tsx": "authenticated by the one-time token of the reset link in its path (look-ups throttled)",
  "dev/mailbox/page.tsx": "development mailbox; 404 in production",
  "docs/api/page.tsx": "the API reference: the same public document as /uauth/openapi.json",
  "dev/mailbox/[id]/page.tsx": "development mailbox; 404 in production",
};

const sourcesOf = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((file) => /\.tsx?$/.test(file) && !/\.test\.tsx?$/.test(file))
    .map((file) => file.split(path.sep).join("/"));

const entries = sourcesOf(APP).flatMap((file) => entryPointsOf(file, readFileSync(path.join(APP, file), "utf8")));

describe("every entry point asks the data layer first", () => {
  it("finds the entry points (the scan itself works)", () => {
    const ids = entries.map((entry) => entry.id);
    expect(ids).toEqual(expect.arrayContaining(["uauth/me/route.ts GET", "settings/security/actions.ts startTotpSetupAction", "workspaces/page.tsx"]));
    for (const kind of ["route", "action", "page"] as const) expect(entries.filter((entry) => entry.kind === kind).length, kind).toBeGreaterThan(2);
  });

  it("calls an auth guard first, or is on the public list with its reason", () => {
    expect(guardProblems(entries, PUBLIC)).toEqual([]);
  });

  // Threat: a console page, action or download guarded only as "signed in", open to every tenant.
  it("guards every entry point of the landlord console (app/admin) with requireLandlord", () => {
    const console = entries.filter((entry) => entry.id.startsWith("admin/"));
    expect(console.map((entry) => entry.kind)).toEqual(expect.arrayContaining(["page", "action", "route"]));
    expect(console.filter((entry) => !/^(guardPage|runAction)\(requireLandlord\)$/.test(entry.guard ?? "")).map((entry) => `${entry.id}: ${entry.guard}`)).toEqual([]);
  });

  it("knows every require… function of the data layer as a guard or as not one", () => {
    const requireFunctions = exportedNames("dal.ts", readFileSync(path.join(ROOT, "lib/auth/dal.ts"), "utf8")).filter((name) => name.startsWith("require"));
    expect(requireFunctions.sort()).toEqual([...AUTH_GUARDS, ...Object.keys(NOT_AUTH_GUARDS)].sort());
  });
});
