// A deployment's secrets are hand-written JSON no more: what `npm run secrets:generate` prints
// must be accepted by lib/env.ts as it is, once an .env parser has read it.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { parseEnv } from "node:util";
import { afterEach, describe, expect, it, vi } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "..");

afterEach(() => vi.unstubAllEnvs());

function generate(): Record<string, string> {
  const result = spawnSync(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts/secrets-generate.ts")], { cwd: ROOT, encoding: "utf8" });
  expect(result.status).toBe(0);
  return parseEnv(result.stdout) as Record<string, string>;
}

describe("npm run secrets:generate", () => {
  it("prints the three secrets as .env lines that lib/env.ts accepts", async () => {
    const secrets = generate();
    expect(Object.keys(secrets).sort()).toEqual(["AUTH_SECRET", "GATEHOUSE_ENCRYPTION_KEY", "GATEHOUSE_SIGNING_KEYS"]);
    vi.resetModules();
    for (const [name, value] of Object.entries(secrets)) vi.stubEnv(name, value);
    const { secretsEnv, signingKeysEnv } = await import("@/lib/env");
    expect(secretsEnv()).toMatchObject({ authSecret: secrets.AUTH_SECRET });
    const signingKeys = signingKeysEnv();
    expect(signingKeys).toHaveLength(1);
    expect(signingKeys[0]!.jwk).toMatchObject({ kty: "EC", crv: "P-256" });
  });

  it("prints new secrets every time", () => {
    const [first, second] = [generate(), generate()];
    for (const name of Object.keys(first)) expect(first[name]).not.toBe(second[name]);
  });
});
