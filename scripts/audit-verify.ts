// `npm run audit:verify [-- --workspace <guid>]`: walks the audit log's hash chains and prints one
// line per chain (intact, or the first broken link) with its head hash. Keep the head hashes
// somewhere else: a later run showing another hash for the same seq means the chain was
// rewritten. Exit code 0 when every chain is intact, 1 when one is broken, 2 when it could not
// check. Read-only: it applies no migration and seeds nothing.
import { parseArgs } from "node:util";

try {
  const { values } = parseArgs({ options: { workspace: { type: "string" } } });
  const { auditVerifyQuerySchema, verifyAuditLog } = await import("../lib/admin/audit.ts");
  const { formatChainReport } = await import("../lib/audit-verify.ts");
  const query = auditVerifyQuerySchema.safeParse(values);
  if (!query.success) throw new Error("--workspace takes a workspace's businessProfileGuid (a UUID).");
  const result = await verifyAuditLog(query.data, new Date());
  for (const chain of result.chains) console.log(formatChainReport(chain));
  const broken = result.chains.filter((chain) => !chain.ok).length;
  console.log(broken ? `${broken} of ${result.chains.length} chain(s) broken.` : `All ${result.chains.length} chain(s) intact.`);
  const { db } = await import("../lib/db/client.ts");
  await db().$disconnect();
  process.exitCode = broken ? 1 : 0;
} catch (error) {
  // Prisma's messages end with the cause (a missing table, a refused connection).
  const message = error instanceof Error ? error.message.split("\n").findLast((line) => line.trim()) : undefined;
  console.error(`audit:verify failed: ${message?.trim() ?? String(error)}`);
  process.exitCode = 2;
}
