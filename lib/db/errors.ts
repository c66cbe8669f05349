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

/** The AppError a database failure stands for (503 + Retry-After when busy), or null. */
export function appErrorFromDatabase(error: unknown): AppError | null {
  const code = prismaCode(error);
  if (code && BUSY_CODES.has(code)) return new AppError("SERVICE_BUSY", { retryAfter: 1 });
  return null;
}
