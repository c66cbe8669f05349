// Threat: `npm start` on a fresh clone crashing because the launcher imports, before prepare()
// has generated them, a module that needs the Prisma clients (it happened: start.ts imported the
// seed for its demo sign-ins). The launcher's static import graph must stop short of lib/db.
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "..");

function resolve(from: string, specifier: string): string | null {
  const base = specifier.startsWith("@/") ? path.join(ROOT, specifier.slice(2)) : specifier.startsWith(".") ? path.resolve(path.dirname(from), specifier) : null;
  if (!base) return null; // a package: installed before the launcher runs
  const candidates = [base, `${base}.ts`, `${base}.tsx`, `${base}.mjs`, path.join(base, "index.ts")];
  return candidates.find((file) => existsSync(file) && statSync(file).isFile()) ?? null;
}

/** Every project file `entry` loads through static imports and re-exports (dynamic `import()` excluded). */
function staticImportGraph(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest);
    for (const statement of source.statements) {
      const specifier = (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) && statement.moduleSpecifier;
      if (!specifier || !ts.isStringLiteral(specifier)) continue;
      if (ts.isImportDeclaration(statement) && statement.importClause?.isTypeOnly) continue;
      const target = resolve(file, specifier.text);
      if (target) visit(target);
    }
  };
  visit(entry);
  return seen;
}

const relative = (files: Set<string>) => [...files].map((file) => path.relative(ROOT, file)).sort();

describe("the launchers load nothing that needs the generated Prisma clients", () => {
  for (const launcher of ["scripts/start.ts", "scripts/start-cluster.ts", "scripts/dev.ts", "scripts/test.ts", "scripts/e2e-server.ts"]) {
    it(launcher, () => {
      const graph = relative(staticImportGraph(path.join(ROOT, launcher)));
      expect(graph).toContain(launcher);
      expect(graph.filter((file) => file.startsWith("lib/db/") || file === "prisma/seed.ts")).toEqual([]);
    });
  }

  it("sees an import of the database client when there is one", () => {
    expect(relative(staticImportGraph(path.join(ROOT, "prisma/seed.ts")))).toContain("lib/db/client.ts");
  });
});
