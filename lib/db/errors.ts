import { AppError } from "@/lib/errors";

/**
 * Prisma's error codes that mean "try again shortly" rather than a fault: SQLite's write lock
 * held past the wait budget (P1008, lib/db/sqlite-adapter.ts), PostgreSQL's pool exhausted
 * (P2024) or the server unreachable or gone (P1001, P1017).
 * https://www.prisma.io/docs/orm/reference/error-reference
 */
const BUSY_CODES = new Set(["P1008", "P2024", "P1001", "P1017"]);

/** The AppError a database failure stands for (503 + Retry-After when busy), or null. */
export function appErrorFromDatabase(error: unknown): AppError | null {
  const code = typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined;
  if (typeof code !== "string") return null;
  if (BUSY_CODES.has(code)) return new AppError("SERVICE_BUSY", { retryAfter: 1 });
  return null;
}
