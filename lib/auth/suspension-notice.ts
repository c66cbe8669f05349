import "server-only";
import { decrypt, encrypt } from "@/lib/crypto";
import { db } from "@/lib/db/client";

// The sign-in page's word to a member whose session ended because its workspace was suspended.
// The page is public, so the workspace and reason it shows come only from a reference Gatehouse
// sealed for that ended session: a crafted link can neither put words on the sign-in page nor
// ask about another tenant. A reference dies with its session row (purged a day after it ended).

/** Sealed values are bound to this owner as well as to their purpose. */
const OWNER = "sign-in-notice";
/** Longer input is not a reference: nothing is decrypted. */
const MAX_REF_LENGTH = 200;

/** A reference to a session its workspace's suspension ended, for the sign-in page's `ref`. */
export function suspensionNoticeRef(sessionId: string): string {
  return encrypt(sessionId, "suspension-notice", OWNER);
}

/**
 * The workspace and reason behind a reference, while the session it names was ended by the
 * suspension and the workspace is still suspended; null for anything else (forged, purged,
 * reactivated since).
 */
export async function readSuspensionNotice(ref: string): Promise<{ workspaceName: string; reason: string } | null> {
  if (ref.length > MAX_REF_LENGTH) return null;
  let sessionId: string;
  try {
    sessionId = decrypt(ref, "suspension-notice", OWNER);
  } catch {
    return null;
  }
  const session = await db().session.findUnique({ where: { id: sessionId }, select: { revokedReason: true, workspace: { select: { name: true, suspendedAt: true, suspendedReason: true } } } });
  const workspace = session?.revokedReason === "WORKSPACE_SUSPENDED" ? session.workspace : null;
  return workspace?.suspendedAt ? { workspaceName: workspace.name, reason: workspace.suspendedReason ?? "" } : null;
}
