// `npm run keys:rotate` with the keys in the environment (a deployment): it prints the new value
// to set and writes nothing. The embedded case (data/secrets.json) is scripts/lib/secrets.test.ts.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { parseEnv } from "node:util";
import { describe, expect, it } from "vitest";
import { parseSigningKeys } from "@/lib/env";
import { newSigningKey } from "./lib/secrets";

const ROOT = path.resolve(import.meta.dirname, "..");

function rotate(env: Record<string, string>, args: string[] = []) {
  return spawnSync(process.execPath, ["--import", path.join(ROOT, "scripts/lib/server-only-register.mjs"), "--import", "tsx", path.join(ROOT, "scripts/keys-rotate.ts"), ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { PATH: process.env.PATH, NODE_ENV: "test", ...env },
  });
}

describe("npm run keys:rotate", () => {
  it("prints the rotated GATEHOUSE_SIGNING_KEYS as an .env line when the keys come from the environment", () => {
    const old = newSigningKey();
    const before = Date.now();
    const result = rotate({ GATEHOUSE_SIGNING_KEYS: JSON.stringify([old]), DATABASE_URL: "postgres://nobody@127.0.0.1:1/none" }, ["--activate-in", "10"]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/restart them/);
    const keys = parseSigningKeys(parseEnv(result.stdout).GATEHOUSE_SIGNING_KEYS!);
    expect(keys.map((key) => key.kid)).toEqual([expect.stringMatching(/^gh-/), old.kid]);
    expect(keys[0]!.activeFrom!.getTime()).toBeGreaterThanOrEqual(before + 10 * 60_000);
    expect(keys[1]!.retiredAt).toEqual(keys[0]!.activeFrom);
  });

  it("refuses a bad --activate-in", () => {
    const result = rotate({ GATEHOUSE_SIGNING_KEYS: JSON.stringify([newSigningKey()]) }, ["--activate-in", "soon"]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/usage: npm run keys:rotate/);
  });

  it("says where the keys must come from on PostgreSQL without them", () => {
    const result = rotate({ DATABASE_URL: "postgres://nobody@127.0.0.1:1/none" });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/GATEHOUSE_SIGNING_KEYS is not set/);
  });
});
