// Where a workspace's unmet entry requirements lead, and their names in a few words. Plain
// module (no hooks), usable from server and client components; the full explanation is
// app/ui/workspace-refusal.tsx.
import type { PolicyRequirement } from "@/lib/errors";

/** Where to set up MFA for the workspace `subdomain`, continuing into it afterwards. */
export function setUpMfaHref(subdomain: string): string {
  return `/settings/security?next=${encodeURIComponent(`/w/${subdomain}`)}`;
}

/** Where to confirm this sign-in with the authenticator, continuing into the workspace `subdomain`. */
export function confirmMfaHref(subdomain: string): string {
  return `/login/verify?callbackUrl=${encodeURIComponent(`/w/${subdomain}`)}`;
}

/** A requirement in a few words, for a badge beside the workspace's name (the switcher). */
export function requirementLabel(requirement: PolicyRequirement): string {
  switch (requirement.type) {
    case "mfa_enroll":
      return "Needs two-step verification";
    case "mfa":
      return "Confirm with your authenticator";
    case "ip":
      return "Office network only";
  }
}
