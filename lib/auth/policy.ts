// Workspace entry policy as a pure function: what a member still lacks to enter a workspace.
// Used when a workspace is selected, on every refresh and on every request (the IP part).
import { AppError, type PolicyRequirement } from "@/lib/errors";
import { ipInRanges } from "@/lib/net/ip";

export interface WorkspacePolicy {
  mfaRequired: boolean;
  ipRestricted: boolean;
  ipRanges: readonly string[];
}

export interface CallerFacts {
  /** The user has a confirmed second factor. */
  hasMfa: boolean;
  /** This session passed MFA. */
  mfaPassed: boolean;
  ip: string | null;
}

/** Every unmet requirement, in the order a person should fix them. Empty means allowed. */
export function unmetRequirements(policy: WorkspacePolicy, caller: CallerFacts): PolicyRequirement[] {
  const unmet: PolicyRequirement[] = [];
  if (policy.mfaRequired && !caller.hasMfa) unmet.push({ type: "mfa_enroll" });
  else if (policy.mfaRequired && !caller.mfaPassed) unmet.push({ type: "mfa", methods: ["TOTP_AUTHENTICATOR"] });
  // An empty allow-list admits nobody: restriction fails closed.
  if (policy.ipRestricted && !ipInRanges(caller.ip, policy.ipRanges)) unmet.push({ type: "ip", reason: "not_in_allowlist" });
  return unmet;
}

/** Only the per-request part (the address); MFA was settled when the workspace was selected. */
export function unmetNetworkRequirements(policy: WorkspacePolicy, ip: string | null): PolicyRequirement[] {
  return unmetRequirements({ ...policy, mfaRequired: false }, { hasMfa: true, mfaPassed: true, ip });
}

/**
 * A suspended workspace admits nobody, whatever their role or policy: 403 WORKSPACE_SUSPENDED with
 * the platform operator's reason, which its members are entitled to read. Null when it is open.
 */
export function suspensionRefusal(workspace: { name: string; suspendedAt: Date | null; suspendedReason: string | null }): AppError | null {
  if (workspace.suspendedAt === null) return null;
  return new AppError("WORKSPACE_SUSPENDED", { message: `${workspace.name} was suspended by the platform operator${workspace.suspendedReason ? `: ${workspace.suspendedReason}` : "."}` });
}
