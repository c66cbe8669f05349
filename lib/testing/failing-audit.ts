// Test-only: makes the audit write of one client fail inside the database, to show that a change
// and everything written with it (its e-mail above all) commit or roll back together. A trigger,
// not a mock: the product's own code runs unchanged, and the failure is a real failed statement
// that aborts the real transaction, on SQLite and on PostgreSQL.
import { db } from "@/lib/db/client";
import { databaseEnv } from "@/lib/env";

/** The user agent whose audit events fail to insert while the trigger is in place. */
export const FAILING_AUDIT_AGENT = "fail-audit";

const sqlite = () => databaseEnv().provider === "sqlite";

/** From now on inserting an audit event of a request from {@link FAILING_AUDIT_AGENT} fails. */
export async function failAuditWrites(): Promise<void> {
  if (sqlite()) {
    return void (await db().$executeRawUnsafe(`CREATE TRIGGER audit_fails BEFORE INSERT ON "AuditEvent" WHEN NEW."userAgent" = '${FAILING_AUDIT_AGENT}' BEGIN SELECT RAISE(ABORT, 'injected failure'); END`));
  }
  await db().$executeRawUnsafe(`CREATE FUNCTION audit_fails() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW."userAgent" = '${FAILING_AUDIT_AGENT}' THEN RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; END $$`);
  await db().$executeRawUnsafe(`CREATE TRIGGER audit_fails BEFORE INSERT ON "AuditEvent" FOR EACH ROW EXECUTE FUNCTION audit_fails()`);
}

/** Removes the trigger again (afterEach). */
export async function stopFailingAuditWrites(): Promise<void> {
  if (sqlite()) return void (await db().$executeRawUnsafe(`DROP TRIGGER IF EXISTS audit_fails`));
  await db().$executeRawUnsafe(`DROP TRIGGER IF EXISTS audit_fails ON "AuditEvent"`);
  await db().$executeRawUnsafe(`DROP FUNCTION IF EXISTS audit_fails()`);
}
