// How a workspace's unmet entry requirements are explained to a person: what is missing and what
// to do about it. Plain components (no hooks), usable from server and client components.
import Link from "next/link";
import type { PolicyRequirement } from "@/lib/errors";

/** Where to set up MFA and come back to the workspace list. */
export const SET_UP_MFA_HREF = "/settings/security?next=%2Fworkspaces";

/** One sentence per requirement, for places without room for the full help (the switcher). */
export function requirementSummary(requirement: PolicyRequirement): string {
  switch (requirement.type) {
    case "mfa_enroll":
      return "This workspace requires two-step verification: set it up first.";
    case "mfa":
      return "This workspace requires two-step verification in this sign-in: confirm with your authenticator.";
    case "ip":
      return "This workspace only admits connections from its organisation's network.";
  }
}

/** The full explanation with the way forward, as shown on a workspace card. */
export function RequirementHelp({ requirements, ipRanges, ip }: { requirements: readonly PolicyRequirement[]; ipRanges?: readonly string[]; ip?: string | null }) {
  return (
    <ul className="requirements">
      {requirements.map((requirement) => (
        <li key={requirement.type}>
          {requirement.type === "mfa_enroll" && (
            <>
              <strong>Two-step verification required.</strong> This workspace only admits people who confirm their sign-in with an authenticator app.{" "}
              <Link href={SET_UP_MFA_HREF}>Set up two-step verification</Link> first, then come back here.
            </>
          )}
          {requirement.type === "mfa" && (
            <>
              <strong>Confirm with your authenticator.</strong> This workspace requires two-step verification, and this sign-in has not used it yet. Enter a code
              from your authenticator app above, or sign out and sign in again.
            </>
          )}
          {requirement.type === "ip" && (
            <>
              <strong>Connect from your organisation&apos;s network.</strong> This workspace only admits connections from its allowed addresses
              {ipRanges && ipRanges.length > 0 ? (
                <>
                  {": "}
                  {ipRanges.map((range, index) => (
                    <span key={range}>
                      {index > 0 && ", "}
                      <code>{range}</code>
                    </span>
                  ))}
                </>
              ) : null}
              . {ip ? <>You are connecting from <code>{ip}</code>. </> : null}Use the office network or its VPN, then try again.
            </>
          )}
        </li>
      ))}
    </ul>
  );
}
