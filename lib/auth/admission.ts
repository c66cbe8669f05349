import "server-only";
import { parseAuthorities, type Authority } from "@/lib/auth/authorities";
import { suspensionRefusal, unmetRequirements } from "@/lib/auth/policy";
import { AppError, type PolicyRequirement } from "@/lib/errors";

// The one answer to "may this caller be in this workspace now": membership, suspension, the IP
// allow-list and (when a person enters) the MFA policy. Selection, refresh, the /workspaces
// preview, every workspace-token request and every API-key request ask `admit`; each loads the
// rows in one statement of its own (lib/auth/principal-rows.ts, lib/api-keys/resolve.ts, the
// listing of lib/workspaces) and hands them over.

/** The workspace columns admission reads. */
export interface AdmissionWorkspace {
  name: string;
  suspendedAt: Date | null;
  suspendedReason: string | null;
  mfaRequired: boolean;
  ipRestricted: boolean;
  ipRanges: ReadonlyArray<{ cidr: string }>;
}

export interface AdmissionCandidate {
  /** Null when there is no such workspace. */
  workspace: AdmissionWorkspace | null;
  /** The person's role there (the key's creator for an API key); null when not a member. Its authorities are what an admission grants (none when not read). */
  role: { id: number; authorities?: string } | null;
  ip: string | null;
  /**
   * The person's second factor, when the workspace's MFA policy applies: entering it (selection,
   * refresh, the preview). Null on each request, where it was settled at entry, and for an API
   * key, which has no second factor: its creator met the policy to make it.
   */
  mfa: { hasMfa: boolean; mfaPassed: boolean } | null;
}

export type AdmissionRefusal = "not_a_member" | "suspended" | "requirements";

export type Admission =
  | { admitted: true; authorities: Authority[] }
  | { admitted: false; reason: AdmissionRefusal; error: AppError; requirements: PolicyRequirement[] };

/**
 * Admits or refuses, in the order a person should learn it: not a member (nothing more is said
 * about a workspace to an outsider), suspended (with the operator's reason), then every unmet
 * policy requirement. Admitted callers get the role's authorities as they are now.
 */
export function admit(candidate: AdmissionCandidate): Admission {
  const { workspace, role, ip, mfa } = candidate;
  if (!workspace || !role) return { admitted: false, reason: "not_a_member", error: new AppError("NOT_A_MEMBER"), requirements: [] };
  const suspended = suspensionRefusal(workspace);
  if (suspended) return { admitted: false, reason: "suspended", error: suspended, requirements: [] };
  const requirements = unmetRequirements(
    { mfaRequired: mfa !== null && workspace.mfaRequired, ipRestricted: workspace.ipRestricted, ipRanges: workspace.ipRanges.map((range) => range.cidr) },
    { hasMfa: mfa?.hasMfa ?? true, mfaPassed: mfa?.mfaPassed ?? true, ip },
  );
  if (requirements.length) return { admitted: false, reason: "requirements", error: new AppError("POLICY_REQUIREMENTS", { requirements }), requirements };
  return { admitted: true, authorities: parseAuthorities(role.authorities ?? "") };
}
