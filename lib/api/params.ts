import "server-only";
import { AppError } from "@/lib/errors";

/** A numeric id from a path segment; anything else is 404 (as an unknown id would be). */
export function invitationId(segment: string): number {
  if (!/^[1-9]\d{0,11}$/.test(segment)) throw new AppError("NOT_FOUND");
  return Number(segment);
}

/** A user's numeric id from a path segment; anything else is 404. */
export const userId = invitationId;
