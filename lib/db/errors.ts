import { AppError } from "@/lib/errors";

// Prisma errors are recognised by code: each provider's generated client has its own error
// classes, so `instanceof` would miss the other database's.
// https://www.prisma.io/docs/orm/reference/error-reference

function prismaCode(error: unknown): string | undefined {
  const code = typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === "string" ? code : undefined;
}

/** Whether a Prisma error is a unique-key violation (P2002). */
export function isUniqueViolation(error: unknown): boolean {
  return prismaCode(error) === "P2002";
}

/**
 * Whether a Prisma error is a foreign-key violation: a row the statement points at was deleted
 * meanwhile, or a delete found a row still pointing at it. A model query reports P2003; raw SQL
 * reports P2010 carrying the driver adapter's error, whose kind is the same on SQLite
 * (SQLITE_CONSTRAINT_FOREIGNKEY, or _TRIGGER for a refused delete) and PostgreSQL (23503).
 */
export function isForeignKeyViolation(error: unknown): boolean {
  const meta = typeof error === "object" && error !== null ? (error as { meta?: { driverAdapterError?: { cause?: { kind?: unknown } } } }).meta : undefined;
  return prismaCode(error) === "P2003" || meta?.driverAdapterError?.cause?.kind === "ForeignKeyConstraintViolation";
}

/**
 * For `.catch` on a statement that can race a delete (a role granted while it is deleted): a
 * foreign-key violation becomes `conflict`, anything else is rethrown as it is.
 */
export function foreignKeyConflict(conflict: AppError): (error: unknown) => never {
  return (error) => {
    throw isForeignKeyViolation(error) ? conflict : error;
  };
}

/**
 * Codes that mean "try again shortly" rather than a fault: SQLite's write lock held past the
 * wait budget (P1008, lib/db/sqlite-adapter.ts), PostgreSQL's pool exhausted (P2024) or the
 * server unreachable or gone (P1001, P1017).
 */
const BUSY_CODES = new Set(["P1008", "P2024", "P1001", "P1017"]);

/**
 * What the PostgreSQL driver adapter reports (`meta.driverAdapterError.cause.kind`, raw SQL's
 * P2010 among them) when the server cannot be reached, dropped the connection or has no slot.
 */
const UNAVAILABLE_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);

/**
 * SQLSTATEs of a server going away or not ready: class 08 (connection exception), 57P01–57P03
 * (terminated by an administrator or a crash, cannot connect now: a restart), 53300 (too many
 * connections).
 */
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[123]|53300)$/;

/**
 * node-postgres reports a connection lost mid-query, a client left broken by that, or a connect
 * that timed out with a plain Error and no code, and Prisma passes it through as it is: only the
 * message tells them apart (pg's lib/client.js and pg-pool's index.js).
 */
const LOST_CONNECTION_MESSAGE = /^(Connection terminated( unexpectedly| due to connection timeout)?|Client has encountered a connection error and is not queryable|timeout exceeded when trying to connect)$/;

function isDatabaseUnavailable(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const code = prismaCode(error);
  if (code && BUSY_CODES.has(code)) return true;
  const cause = (error as { meta?: { driverAdapterError?: { cause?: { kind?: unknown; code?: unknown } } } }).meta?.driverAdapterError?.cause;
  if (typeof cause?.kind === "string" && UNAVAILABLE_KINDS.has(cause.kind)) return true;
  if (cause?.kind === "postgres" && typeof cause.code === "string" && UNAVAILABLE_SQLSTATE.test(cause.code)) return true;
  return error instanceof Error && code === undefined && LOST_CONNECTION_MESSAGE.test(error.message);
}

/** The AppError a database failure stands for (503 + Retry-After when busy or unreachable), or null. */
export function appErrorFromDatabase(error: unknown): AppError | null {
  return isDatabaseUnavailable(error) ? new AppError("SERVICE_BUSY", { retryAfter: 1 }) : null;
}
