// GET /uauth/admin/audit/verify and `npm run audit:verify`, on SQLite and PostgreSQL: the
// landlord gets the report of every chain or of one workspace's; nobody else gets it; the
// script prints a line per chain and exits 1 once a row was edited in the database.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { recordAudit } from "@/lib/audit";
import { db } from "@/lib/db/client";
import { api, makeUser, makeWorkspace, notLandlordCallers, signInViaApi } from "@/lib/testing/fixtures";
import { GET as verifyRoute } from "./route";

const ROOT = path.resolve(import.meta.dirname, "../../../../..");

let landlordToken: string;

beforeAll(async () => {
  landlordToken = (await signInViaApi(await makeUser({ landlord: true, mfa: true }))).token;
});

const verify = (query = "", { token = landlordToken }: { token?: string } = {}) => api.get(verifyRoute, `/uauth/admin/audit/verify${query}`, { token });

/** `npm run audit:verify` against this test file's database. */
function runScript(...args: string[]): { status: number | null; output: string } {
  const register = pathToFileURL(path.join(ROOT, "scripts/lib/server-only-register.mjs")).href;
  const result = spawnSync(process.execPath, ["--import", register, "--import", "tsx", path.join(ROOT, "scripts/audit-verify.ts"), ...args], { cwd: ROOT, env: process.env, encoding: "utf8", timeout: 60_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe("GET /uauth/admin/audit/verify", () => {
  it("answers the landlord every chain's report, or one workspace's", async () => {
    const workspace = await makeWorkspace();
    await recordAudit({ action: "workspace.updated", workspaceId: workspace.id });
    const all = await verify();
    expect(all.status).toBe(200);
    expect(all.json.ok).toBe(true);
    const chains = all.json.chains as Array<{ chain: string; ok: boolean; events: number; head: { seq: number } }>;
    expect(chains.map((chain) => chain.chain)).toEqual(expect.arrayContaining(["platform", `w:${workspace.id}`]));
    expect(chains.every((chain) => chain.ok && chain.events === chain.head.seq)).toBe(true);

    const one = await verify(`?workspace=${workspace.guid.toUpperCase()}`);
    expect(one.json).toEqual({ ok: true, checkedAt: expect.any(String), chains: [expect.objectContaining({ chain: `w:${workspace.id}`, workspaceId: workspace.id, events: 2, broken: null })] });
    expect((await verify("?workspace=00000000-0000-4000-8000-000000000000")).json.error.code).toBe("NOT_FOUND");
    expect((await verify("?workspace=acme")).status).toBe(400);
  });

  // Threat: a tenant (or a stolen landlord password without the second factor) reading the whole platform's audit trail.
  it("refuses everyone but a landlord who passed MFA", async () => {
    const callers = await notLandlordCallers();
    const seen = await Promise.all(Object.entries(callers).map(async ([who, { token }]) => `${who}: ${(await api.get(verifyRoute, "/uauth/admin/audit/verify", { token })).status}`));
    expect(seen).toEqual(Object.entries(callers).map(([who, expected]) => `${who}: ${expected.status}`));
    expect(seen).toContain("a tenant superuser's workspace token: 403");
  });

  it("reports a row edited in the database, and so does npm run audit:verify (exit code 1)", async () => {
    const workspace = await makeWorkspace();
    const intact = runScript();
    expect(intact.output).toMatch(new RegExp(`^w:${workspace.id}: intact, 1 event\\(s\\) from seq 1; head seq 1 [0-9a-f]{64}$`, "m"));
    expect(intact.output).toMatch(/^All \d+ chain\(s\) intact\.$/m);
    expect(intact.status).toBe(0);

    const event = await db().auditEvent.findFirstOrThrow({ where: { chain: `w:${workspace.id}`, seq: 1 } });
    await db().$executeRaw`UPDATE "AuditEvent" SET "metadata" = ${'{"edited":true}'} WHERE "id" = ${event.id}`;
    const answer = await verify(`?workspace=${workspace.guid}`);
    expect(answer.json).toMatchObject({ ok: false, chains: [{ ok: false, broken: { seq: 1, id: event.id, reason: "hash mismatch" } }] });

    const broken = runScript("--workspace", workspace.guid);
    expect(broken.output).toContain(`w:${workspace.id}: BROKEN at seq 1, event id ${event.id}: hash mismatch`);
    expect(broken.output).toContain("1 of 1 chain(s) broken.");
    expect(broken.status).toBe(1);
    expect(runScript("--workspace", "not-a-guid").status).toBe(2);
  }, 120_000);
});
