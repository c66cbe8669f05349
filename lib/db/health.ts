import "server-only";
import { db } from "@/lib/db/client";

/** True when the database answers a trivial query. */
export async function checkDatabase(): Promise<boolean> {
  try {
    await db().$queryRawUnsafe("SELECT 1");
    return true;
  } catch {
    return false;
  }
}
