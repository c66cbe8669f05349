// Test data for e2e tests: each test builds its own users in the e2e server's database through
// scripts/e2e-fixtures.ts (the domain functions, run under Node with tsx, as the app's own
// scripts are), so no two tests share a TOTP user and its once-only codes.
import { execFileSync } from "node:child_process";
import path from "node:path";
import type { FixtureLink, FixtureRequest, FixtureUser } from "../../scripts/e2e-fixtures";

const ROOT = path.resolve(import.meta.dirname, "../..");
/** The database scripts/e2e-server.ts creates and serves. */
const DATABASE = path.join(ROOT, "test-results/e2e-db/gatehouse.db");

export type { FixtureLink, FixtureUser };

interface FixtureResult {
  users: FixtureUser[];
  links: FixtureLink[];
}

function runFixtures(request: FixtureRequest): FixtureResult {
  // The server holds the same SQLite file; a write of ours that meets one of its transactions
  // fails with SQLITE_BUSY_SNAPSHOT, which no busy timeout waits out. Trying again is safe: every
  // run makes new users with fresh addresses.
  for (let attempt = 1; ; attempt++) {
    try {
      const output = execFileSync(process.execPath, ["--conditions=react-server", "--import", "tsx", path.join(ROOT, "scripts/e2e-fixtures.ts"), JSON.stringify(request)], {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: `file:${DATABASE}`, NODE_OPTIONS: "" },
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
      });
      return JSON.parse(output.trim().split("\n").pop()!) as FixtureResult;
    } catch (error) {
      const stderr = String((error as { stderr?: unknown }).stderr ?? "");
      if (attempt < 5 && /database is locked|SQLITE_BUSY/.test(stderr)) continue;
      throw new Error(`e2e fixtures failed: ${stderr.split("\n").find((line) => /Error|error/.test(line)) ?? stderr.slice(0, 500)}`);
    }
  }
}

/** Creates the users described (with memberships and, on request, TOTP and recovery codes). */
export function makeUsers(request: FixtureRequest): FixtureUser[] {
  return runFixtures(request).users;
}

/** One user; see {@link makeUsers}. */
export function makeUser(spec: FixtureRequest["users"][number]): FixtureUser {
  return makeUsers({ users: [spec] })[0]!;
}

/** An invited account without a password and its set-password link. */
export function makeSetPasswordLink(name: string): FixtureLink {
  return runFixtures({ users: [], setPasswordLinks: [{ name }] }).links[0]!;
}

/** An invited account without a password, its set-password link and the invitation e-mail carrying it (queued in the outbox). */
export function makeMailedSetPasswordLink(spec: { name: string; inviterName: string; workspaceName: string }): FixtureLink {
  return runFixtures({ users: [], mailedSetPasswordLinks: [spec] }).links[0]!;
}

/** Ends every session of a user, as an administrator's revocation would. */
export function revokeSessions(userId: number): void {
  runFixtures({ users: [], revokeSessions: [userId] });
}

/** A new workspace with the users described as members (`memberships` may name its subdomain). */
export function makeWorkspaceWithUsers(workspace: { subdomain: string; name: string }, users: FixtureRequest["users"]): FixtureUser[] {
  return runFixtures({ workspaces: [workspace], users }).users;
}

/** Suspends a workspace as the platform operator would, ending every session inside it. */
export function suspendWorkspace(subdomain: string, reason: string): void {
  runFixtures({ users: [], suspendWorkspaces: [{ subdomain, reason }] });
}

/** The demo accounts of prisma/seed.ts (only the tests named in the brief use them). */
export { DEMO } from "../../prisma/demo-accounts";
