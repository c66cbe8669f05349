// `npm run outbox:drain`: one pass of the e-mail sender (the server runs it every few seconds),
// for a cron job or after a long stop; prints what it did. Safe beside running servers: rows are
// claimed with a lease, so no e-mail is sent twice.
import { hostname } from "node:os";
import { prepare, StartupError } from "./lib/prepare.ts";

try {
  await prepare({ seed: false, log: () => {} });
  const { drainOutbox } = await import("../lib/email/outbox.ts");
  const counts = await drainOutbox({ now: new Date(), owner: `outbox-drain@${hostname()}:${process.pid}` });
  console.log(`Claimed ${counts.claimed} e-mail(s): ${counts.sent} sent, ${counts.retrying} to retry later, ${counts.failed} failed (delivery failed; resendable).`);
  const { db } = await import("../lib/db/client.ts");
  await db().$disconnect();
} catch (error) {
  console.error(error instanceof StartupError ? error.message : `outbox:drain failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
