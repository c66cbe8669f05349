import "server-only";
import { AppError } from "@/lib/errors";
import { guidSchema } from "@/lib/validation";

/** A numeric row id (an invitation's, a member's user id, a role's) from a path segment; anything else is 404 (as an unknown id would be). */
export function rowId(segment: string): number {
  if (!/^[1-9]\d{0,11}$/.test(segment)) throw new AppError("NOT_FOUND");
  return Number(segment);
}

/** An invitation's id from a path segment (404 otherwise). */
export const invitationId = rowId;

/** A user's numeric id from a path segment (404 otherwise). */
export const userId = rowId;

/** A workspace's businessProfileGuid from a path segment (404 otherwise, as an unknown one would be). */
export function workspaceGuid(segment: string): string {
  const parsed = guidSchema.safeParse(segment);
  if (!parsed.success) throw new AppError("NOT_FOUND");
  return parsed.data;
}
