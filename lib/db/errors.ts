import "server-only";

/**
 * Whether a Prisma error is a unique-key violation (P2002). Checked by code: each provider's
 * generated client has its own error class, so `instanceof` would miss the other database's.
 */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}
