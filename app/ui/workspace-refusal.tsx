// Why a workspace cannot be entered, said the same way wherever it comes up: a row of the
// workspace list, the switcher, a deep link. Plain words first; the technical detail (address
// ranges, the caller's address) folded away. Plain component (no hooks): server or client.
import Link from "next/link";
import type { ActionResult } from "@/lib/auth/action";
import type { PolicyRequirement } from "@/lib/errors";
import { confirmMfaHref, setUpMfaHref } from "./requirements";
import styles from "./workspace-refusal.module.css";

export type WorkspaceRefusalReason =
  /** Not a member, or no such workspace: one answer for both, so subdomains do not leak. */
  | { kind: "unknown" }
  | { kind: "suspended"; reason: string | null }
  | { kind: "requirements"; requirements: readonly PolicyRequirement[] }
  /** A refusal the server gave in words of its own (an ended session, a suspension it just found). */
  | { kind: "message"; message: string; signInAgain: boolean };

/** What the refusal needs to know of the workspace: its allow-list is shown to its members. */
export interface RefusedWorkspace {
  name: string;
  subdomain: string;
  ipRanges: readonly string[];
}

const SESSION_CODES = new Set(["SESSION_ENDED", "INVALID_TOKEN", "UNAUTHENTICATED"]);

/** The reason of a refused selection (selectWorkspaceAction's failure). */
export function refusalReasonOf(failure: Extract<ActionResult, { ok: false }>): WorkspaceRefusalReason {
  if (failure.code === "POLICY_REQUIREMENTS" && failure.requirements) return { kind: "requirements", requirements: failure.requirements };
  if (failure.code === "NOT_A_MEMBER" || failure.code === "NOT_FOUND") return { kind: "unknown" };
  return { kind: "message", message: failure.message, signInAgain: SESSION_CODES.has(failure.code) };
}

export function WorkspaceRefusal({
  workspace,
  reason,
  ip,
  live = false,
  titled = false,
}: {
  workspace: RefusedWorkspace;
  reason: WorkspaceRefusalReason;
  /** The caller's address as the server sees it (null when unknown). */
  ip: string | null;
  /** Announced as it appears (the answer to something the person just did). */
  live?: boolean;
  /** Names the workspace in the first line (where nothing around it does). */
  titled?: boolean;
}) {
  return (
    <div className={styles.refusal} role={live ? "alert" : undefined}>
      {reason.kind === "unknown" ? (
        <p>You can&apos;t enter “{workspace.subdomain}”: it does not exist or you are not a member.</p>
      ) : (
        <>
          {/* "Yet": a requirement can be met; a suspension is the operator's to lift. */}
          {(titled || reason.kind !== "suspended") && (
            <p>
              <strong>{titled ? <>You can&apos;t enter {workspace.name}.</> : "You cannot enter yet."}</strong>
            </p>
          )}
          {reason.kind === "suspended" && <p>Unavailable. Suspended by the platform operator{reason.reason ? `: ${reason.reason}` : "."}</p>}
          {reason.kind === "message" && (
            <p>
              {reason.message}
              {reason.signInAgain && (
                <>
                  {" "}
                  <Link href="/login">Sign in again</Link>
                </>
              )}
            </p>
          )}
          {reason.kind === "requirements" &&
            reason.requirements.map((requirement) => <RequirementText key={requirement.type} requirement={requirement} workspace={workspace} ip={ip} />)}
        </>
      )}
    </div>
  );
}

function RequirementText({ requirement, workspace, ip }: { requirement: PolicyRequirement; workspace: RefusedWorkspace; ip: string | null }) {
  switch (requirement.type) {
    case "mfa_enroll":
      return (
        <p>
          This workspace requires two-step verification, and your account does not have it yet. <Link href={setUpMfaHref(workspace.subdomain)}>Set up two-step verification</Link>, then you
          can enter.
        </p>
      );
    case "mfa":
      return (
        <p>
          This workspace requires two-step verification, and this sign-in has not used it. <Link href={confirmMfaHref(workspace.subdomain)}>Confirm with your authenticator</Link> to enter.
        </p>
      );
    case "ip":
      return (
        <>
          <p>Your workspace admin allows access only from the office network or VPN.</p>
          <p>Connect to it and try again, or contact your admin if you need access from where you are.</p>
          <details className={styles.details}>
            <summary>Technical details</summary>
            <p>
              Allowed address ranges:{" "}
              {workspace.ipRanges.length > 0
                ? workspace.ipRanges.map((range, index) => (
                    <span key={range}>
                      {index > 0 && ", "}
                      <code>{range}</code>
                    </span>
                  ))
                : "none yet"}
            </p>
            <p>Your address: {ip ? <code>{ip}</code> : "not known to Gatehouse"}</p>
          </details>
        </>
      );
  }
}
