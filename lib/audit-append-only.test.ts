// Threat: a code path that rewrites or deletes audit events (or moves a chain head), so the log
// no longer says what happened. Only the retention purge deletes events, only lib/audit.ts
// writes chain heads; the scoped client refuses audit writes at run time (lib/db/scoped.ts).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "..");
const SKIP = new Set(["node_modules", ".next", "generated", "testing"]);

function sources(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.join(dir, entry.name);
    if (entry.isDirectory()) return SKIP.has(entry.name) ? [] : sources(relative);
    return /\.(ts|tsx|mjs)$/.test(entry.name) && !/\.test\.ts$/.test(entry.name) ? [relative] : [];
  });
}

/** Every write of audit rows or chain heads in the product's code: `file: the matched text`. */
function auditWrites(): string[] {
  const writes = /auditEvent\s*\.\s*(update\w*|upsert|delete\w*)\b|auditChainHead\s*\.\s*(create\w*|update\w*|upsert|delete\w*)\b|(UPDATE|DELETE\s+FROM|INSERT\s+INTO)\s+"?(AuditEvent|AuditChainHead)\b/gi;
  return ["app", "lib", "scripts", "prisma"].flatMap(sources).flatMap((file) => [...readFileSync(path.join(ROOT, file), "utf8").matchAll(writes)].map((match) => `${file}: ${match[0]}`));
}

describe("the audit log is append-only", () => {
  it("is rewritten by no code path: the purge deletes events, lib/audit.ts moves the heads", () => {
    expect(auditWrites().sort()).toEqual(["lib/audit.ts: auditChainHead.update", "lib/audit.ts: auditChainHead.upsert", "lib/purge.ts: auditEvent.deleteMany"]);
  });
});
