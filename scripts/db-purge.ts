// `npm run db:purge`: deletes what Gatehouse no longer needs (ended sessions and their refresh
// tokens, stale throttle counters, audit events past AUDIT_RETENTION_DAYS, expired password-reset
// links) and clears spent
// refresh tokens' replacement pairs. The server does the same in small batches as it runs; this
// is for a cron job or after a long stop.
import { prepare, StartupError } from "./lib/prepare.ts";

try {
  await prepare({ seed: false, log: () => {} });
  const { purgeAll } = await import("../lib/purge.ts");
  const counts = await purgeAll(new Date());
  console.log(
    `Purged ${counts.sessions} ended session(s) with ${counts.refreshTokens} refresh token(s), ${counts.throttleCounters} throttle counter(s), ${counts.auditEvents} audit event(s), ${counts.passwordResetTokens} password-reset link(s), ${counts.sentEmails} sent e-mail(s); cleared ${counts.replacementsCleared} spent refresh pair(s).`,
  );
} catch (error) {
  console.error(error instanceof StartupError ? error.message : `db:purge failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
