// What one authenticated request costs, and whether sign-ins slow it down.
//   1. Token checks: ES256 verification alone, and the whole principal resolution (verification +
//      session, membership and role re-read from the database), against a trivial query.
//   2. Token checks while 16 sign-ins hash passwords at once, against the same checks idle:
//      argon2id is capped at two concurrent hashes so the thread pool stays free for them.
//   3. The credential check for an unknown e-mail against a wrong password for a known one: the
//      same work (a decoy hash), so a ratio near 1 (timing must not tell whether an account exists).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { applyMigrations } from "../scripts/db/migrate.ts";
import { useTestSecrets } from "../lib/testing/secrets.ts";
import { measure, report } from "./lib.ts";

useTestSecrets();
const dir = mkdtempSync(path.join(tmpdir(), "gatehouse-bench-"));
process.env.DATABASE_URL = `file:${path.join(dir, "bench.db")}`;
await applyMigrations(process.env.DATABASE_URL);

const { db } = await import("../lib/db/client.ts");
const { createUser } = await import("../lib/users/index.ts");
const { addMember, createWorkspace } = await import("../lib/workspaces/index.ts");
const { loginWithPassword, selectWorkspace } = await import("../lib/auth/journey/index.ts");
const { resolveAccessToken } = await import("../lib/auth/principal.ts");
const { verifyAccessToken } = await import("../lib/tokens/jwt.ts");
const { hashPassword } = await import("../lib/auth/password.ts");
const { checkCredentials } = await import("../lib/auth/credentials.ts");

const password = "benchmark password of decent length";
const user = await createUser({ email: "bench@gatehouse.test", password });
const workspace = await createWorkspace({ name: "Bench", subdomain: "bench" });
await addMember({ workspaceId: workspace.id, userId: user.id, roleKey: "member" });
const ctx = () => ({ ip: "127.0.0.1", userAgent: "bench", now: new Date() });
const login = await loginWithPassword({ email: user.email, password }, ctx());
const selected = await selectWorkspace(login.sessionId, workspace.guid, ctx());
const token = selected.token;

const trivialQuery = await measure("baseline: SELECT 1 through Prisma", () => db().$queryRawUnsafe("SELECT 1"));
const verifyOnly = await measure("verify ES256 access token (jose)", () => verifyAccessToken(token, ["workspace"]));
const principal = await measure("resolve workspace principal (verify + DB)", () => resolveAccessToken(token, "127.0.0.1", new Date(), "workspace"));
report("Cost of one authenticated request", trivialQuery, [verifyOnly, principal]);

const idle = await measure("baseline: principal resolution, idle", () => resolveAccessToken(token, "127.0.0.1", new Date(), "workspace"));
let hashing = true;
const storm = Array.from({ length: 16 }, async () => {
  while (hashing) await hashPassword("a password being hashed by a sign-in");
});
const underLoad = await measure("principal resolution during 16 parallel sign-ins", () => resolveAccessToken(token, "127.0.0.1", new Date(), "workspace"));
hashing = false;
await Promise.all(storm);
const hash = await measure("one argon2id hash (for scale)", () => hashPassword("a password being hashed by a sign-in"), 1000);
report("Token checks while passwords are hashed", idle, [underLoad, hash]);

let unknownIndex = 0;
const wrongPassword = await measure("credential check: known e-mail, wrong password", () => checkCredentials(user.email, "a wrong password"));
const unknownEmail = await measure("credential check: unknown e-mail", () => checkCredentials(`nobody${unknownIndex++}@gatehouse.test`, "a wrong password"));
report("Account enumeration by timing", wrongPassword, [unknownEmail]);

await db().$disconnect();
rmSync(dir, { recursive: true, force: true });
