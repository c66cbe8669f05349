// Threat: Node-only code (Prisma, node:*, a `server-only` module) reaching middleware, which
// fails at the edge or carries database access where nothing authorises (STYLE.md §2-3). The lint
// rule is the guard; these tests prove it refuses such imports and lets edge-safe ones through.
import { existsSync } from "node:fs";
import path from "node:path";
import { ESLint } from "eslint";
import { beforeAll, describe, expect, it } from "vitest";

const ROOT = import.meta.dirname;
const CONFIG = path.join(ROOT, "eslint.config.mjs");
const BOUNDARY_RULES = new Set(["no-restricted-imports", "gatehouse/edge-safe-imports", "no-restricted-syntax"]);

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: ROOT, overrideConfigFile: CONFIG });
});

/** The boundary rules that fire on `code` linted as if it were the file at `file`. */
async function boundaryErrors(code: string, file = "middleware.ts"): Promise<Array<{ rule: string | null; message: string }>> {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  return result!.messages.filter((m) => m.ruleId === null || BOUNDARY_RULES.has(m.ruleId)).map((m) => ({ rule: m.ruleId, message: m.message }));
}

describe("the edge boundary lint rule", () => {
  it("refuses the database client, a Node builtin and server-only in middleware.ts", async () => {
    const errors = await boundaryErrors('import { db } from "@/lib/db/client";\nimport { randomUUID } from "node:crypto";\nimport "server-only";\nexport { db, randomUUID };\n');
    expect(errors.filter((e) => e.rule === "no-restricted-imports").map((e) => e.message)).toEqual([
      expect.stringContaining("@/lib/db/client"),
      expect.stringContaining("node:crypto"),
      expect.stringContaining("server-only"),
    ]);
    // The local rule sees that lib/db/client.ts is itself a server-only module.
    expect(errors).toContainEqual({ rule: "gatehouse/edge-safe-imports", message: expect.stringContaining('starts with import "server-only"') });
  });

  it("lets jose and an edge-safe module through", async () => {
    expect(await boundaryErrors('import { jwtVerify } from "jose";\nimport { verifyAccessToken } from "@/lib/tokens/verify";\nexport { jwtVerify, verifyAccessToken };\n')).toEqual([]);
  });

  it("refuses the token signer, the one holder of private signing keys (threat: a private key at the edge)", async () => {
    for (const specifier of ["@/lib/tokens/sign", "@/lib/tokens/jwt"]) {
      expect(await boundaryErrors(`import { signAccessToken } from "${specifier}";\nexport { signAccessToken };\n`), specifier).toEqual([
        { rule: "gatehouse/edge-safe-imports", message: expect.stringContaining('starts with import "server-only"') },
      ]);
    }
  });

  it("refuses Prisma and a bare Node builtin", async () => {
    const errors = await boundaryErrors('import { PrismaClient } from "@prisma/client";\nimport { readFileSync } from "fs";\nexport { PrismaClient, readFileSync };\n');
    expect(errors.map((e) => e.rule)).toEqual(["no-restricted-imports", "no-restricted-imports"]);
  });

  it("follows a local import to a server-only module, however it is spelled", async () => {
    for (const specifier of ["@/lib/auth/dal", "./lib/auth/dal", "./lib/auth/dal.ts"]) {
      expect(await boundaryErrors(`import { requireUser } from "${specifier}";\nexport { requireUser };\n`), specifier).toEqual([
        { rule: "gatehouse/edge-safe-imports", message: expect.stringContaining('starts with import "server-only"') },
      ]);
    }
  });

  it("refuses a local module that is not on the edge-safe list, so middleware's whole import graph is checked", async () => {
    expect(await boundaryErrors('import { addSeconds } from "@/lib/clock";\nexport { addSeconds };\n')).toEqual([
      { rule: "gatehouse/edge-safe-imports", message: expect.stringContaining("is not on EDGE_SAFE_MODULES") },
    ]);
  });

  it("checks the listed modules as it checks middleware.ts", async () => {
    expect(await boundaryErrors('import { db } from "../db/client";\nexport { db };\n', "lib/net/request.ts")).toEqual([
      { rule: "gatehouse/edge-safe-imports", message: expect.stringContaining('starts with import "server-only"') },
    ]);
  });

  it("refuses a dynamic import(), which neither rule could follow", async () => {
    expect(await boundaryErrors('export const load = () => import("@/lib/tokens/jwt");\n')).toEqual([{ rule: "no-restricted-syntax", message: expect.stringContaining("dynamic import()") }]);
  });

  it("allows a type-only import, which the build erases", async () => {
    expect(await boundaryErrors('import type { Principal } from "@/lib/auth/principal";\nexport type { Principal };\n')).toEqual([]);
  });

  it("leaves Node-only modules alone", async () => {
    expect(await boundaryErrors('import "server-only";\nimport { randomUUID } from "node:crypto";\nimport { db } from "@/lib/db/client";\nexport { db, randomUUID };\n', "lib/auth/sessions.ts")).toEqual([]);
  });

  it("lists only modules that exist (a renamed module must be listed under its new name)", async () => {
    const { EDGE_SAFE_MODULES } = (await import(CONFIG)) as { EDGE_SAFE_MODULES: string[] };
    expect(EDGE_SAFE_MODULES.filter((file) => !existsSync(path.join(ROOT, file)))).toEqual([]);
  });
});
