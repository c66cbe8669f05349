import type { Metadata } from "next";
import Link from "next/link";
import { RequirementHelp } from "@/app/ui/requirements";
import { WorkspaceLogo } from "@/app/ui/workspace-logo";
import { currentFacts, guardPage, requireUser, safeCallbackUrl } from "@/lib/auth/dal";
import { listWorkspaces } from "@/lib/workspaces";
import { admit } from "@/lib/auth/admission";
import { EnterWorkspaceButton } from "./enter-workspace-button";
import { StepUpForm } from "./step-up-form";

export const metadata: Metadata = { title: "Workspaces" };

/** `?denied=CODE` (set by guardPage) in words. */
const DENIED: Record<string, string> = {
  WORKSPACE_REQUIRED: "That page belongs to a workspace. Choose the workspace first.",
  WRONG_WORKSPACE: "That page belongs to another workspace. Enter it below first.",
  NOT_A_MEMBER: "You are not a member of that workspace. Ask one of its admins to invite you.",
  WORKSPACE_SUSPENDED: "That workspace was suspended by the platform operator. Its card below says why.",
  POLICY_REQUIREMENTS: "You cannot work in that workspace right now: its security policy is not met. Each workspace below says what it needs.",
  FORBIDDEN: "Your role does not allow that page. Ask a workspace admin if you need it.",
};

export default async function WorkspacesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const principal = await guardPage(() => requireUser());
  const params = await searchParams;
  const callbackUrl = safeCallbackUrl(typeof params.callbackUrl === "string" ? params.callbackUrl : null);
  const denied = typeof params.denied === "string" && Object.hasOwn(DENIED, params.denied) ? DENIED[params.denied] : null;
  const { ip } = await currentFacts();
  const mfa = { hasMfa: principal.user.hasMfa, mfaPassed: principal.mfaPassedAt !== null };
  const currentGuid = principal.selectedWorkspaceGuid;

  const workspaces = (await listWorkspaces(principal.user.id)).map(({ workspace, role }) => {
    const ipRanges = workspace.ipRanges.map((range) => range.cidr);
    // The same admission selection will apply; a suspension is shown by its own reason below.
    const admission = admit({ workspace, role, ip, mfa });
    return {
      guid: workspace.guid,
      name: workspace.name,
      subdomain: workspace.subdomain,
      logo: workspace.logo,
      mfaRequired: workspace.mfaRequired,
      ipRestricted: workspace.ipRestricted,
      ipRanges,
      role: role.name,
      suspendedReason: workspace.suspendedAt ? (workspace.suspendedReason ?? "") : null,
      requirements: admission.admitted ? [] : admission.requirements,
    };
  });
  const needsStepUp = workspaces.some((workspace) => workspace.suspendedReason === null && workspace.requirements.some((requirement) => requirement.type === "mfa"));

  return (
    <section aria-labelledby="workspaces-title">
      <h1 id="workspaces-title">Choose a workspace</h1>
      {params.mfa === "confirmed" && !needsStepUp && (
        <div className="alert ok" role="status">
          Confirmed with your authenticator. You can now enter workspaces that require two-step verification.
        </div>
      )}
      {denied && (
        <div className="alert error" role="alert">
          {denied}
        </div>
      )}
      <p className="muted">
        Signed in as {principal.user.name ? `${principal.user.name} (${principal.user.email})` : principal.user.email}.
        {callbackUrl?.startsWith("/w/") ? " Enter the workspace to continue where you were going." : ""}
      </p>

      {needsStepUp && (
        <section className="card step-up" aria-labelledby="step-up-title">
          <h2 id="step-up-title">Confirm with your authenticator</h2>
          <p>Some of your workspaces require two-step verification, and this sign-in has not used it yet. Enter the current code from your authenticator app.</p>
          <StepUpForm callbackUrl={callbackUrl} />
        </section>
      )}

      {workspaces.length === 0 ? (
        <p className="card">You are not a member of any workspace yet. When a workspace admin invites you, it will appear here.</p>
      ) : (
        <ul className="grid workspace-list" role="list">
          {workspaces.map((workspace) => {
            const titleId = `workspace-${workspace.guid}`;
            const current = workspace.guid === currentGuid;
            return (
              <li key={workspace.guid} className="card workspace-card">
                <article aria-labelledby={titleId}>
                  <div className="workspace-head">
                    <WorkspaceLogo name={workspace.name} logo={workspace.logo} />
                    <div>
                      <h2 id={titleId}>{workspace.name}</h2>
                      <p className="muted mono">{workspace.subdomain}</p>
                    </div>
                  </div>
                  <p>
                    Your role: <strong>{workspace.role}</strong>
                  </p>
                  {(workspace.mfaRequired || workspace.ipRestricted || current || workspace.suspendedReason !== null) && (
                    <p>
                      {current && <span className="badge ok">Current</span>}
                      {workspace.suspendedReason !== null && <span className="badge warn">Suspended</span>}
                      {workspace.mfaRequired && <span className="badge">MFA required</span>}
                      {workspace.ipRestricted && <span className="badge warn">IP restricted</span>}
                    </p>
                  )}
                  {workspace.suspendedReason !== null ? (
                    <div className="cannot-enter">
                      <p>
                        <strong>Unavailable.</strong> Suspended by the platform operator: {workspace.suspendedReason}
                      </p>
                    </div>
                  ) : workspace.requirements.length > 0 ? (
                    <div className="cannot-enter">
                      <p>
                        <strong>You cannot enter yet.</strong>
                      </p>
                      <RequirementHelp requirements={workspace.requirements} ipRanges={workspace.ipRanges} ip={ip} />
                    </div>
                  ) : current ? (
                    <Link className="button" href={`/w/${workspace.subdomain}`}>
                      Continue<span className="visually-hidden"> in {workspace.name}</span>
                    </Link>
                  ) : (
                    <EnterWorkspaceButton guid={workspace.guid} name={workspace.name} callbackUrl={callbackUrl} />
                  )}
                </article>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
