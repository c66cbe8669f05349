import type { Metadata } from "next";
import Link from "next/link";
import { WorkspaceLogo } from "@/app/ui/workspace-logo";
import { WorkspaceRefusal, type WorkspaceRefusalReason } from "@/app/ui/workspace-refusal";
import { currentFacts, guardPage, requireUser, safeCallbackUrl } from "@/lib/auth/dal";
import { listWorkspaceChoices, type WorkspaceChoice } from "@/lib/workspaces";
import { workspaceSubdomainOfPath } from "@/lib/workspaces/deep-link";
import { EnterWorkspaceButton } from "./enter-workspace-button";
import { StepUpForm } from "./step-up-form";
import styles from "./workspaces.module.css";

export const metadata: Metadata = { title: "Workspaces" };

/** `?denied=CODE` (set by guardPage) in words. */
const DENIED: Record<string, string> = {
  WORKSPACE_REQUIRED: "That page belongs to a workspace. Choose the workspace first.",
  WRONG_WORKSPACE: "That page belongs to another workspace. Enter it below first.",
  NOT_A_MEMBER: "You are not a member of that workspace. Ask one of its admins to invite you.",
  WORKSPACE_SUSPENDED: "That workspace was suspended by the platform operator. Its row below says why.",
  POLICY_REQUIREMENTS: "You cannot work in that workspace right now: its security policy is not met. Each workspace below says what it needs.",
  FORBIDDEN: "Your role does not allow that page. Ask a workspace admin if you need it.",
};

/** Why a choice cannot be entered, or null when it can. */
function refusalOf(choice: WorkspaceChoice): WorkspaceRefusalReason | null {
  return choice.entry.kind === "open" ? null : choice.entry;
}

/** What the client's Enter button needs: no more. */
function entryProps({ guid, name, subdomain, ipRanges }: WorkspaceChoice) {
  return { guid, name, subdomain, ipRanges };
}

export default async function WorkspacesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const principal = await guardPage(() => requireUser());
  const params = await searchParams;
  const callbackUrl = safeCallbackUrl(typeof params.callbackUrl === "string" ? params.callbackUrl : null);
  const denied = typeof params.denied === "string" && Object.hasOwn(DENIED, params.denied) ? DENIED[params.denied] : null;
  const { ip } = await currentFacts();
  const workspaces = await listWorkspaceChoices(principal.user.id, {
    ip,
    mfa: { hasMfa: principal.user.hasMfa, mfaPassed: principal.mfaPassedAt !== null },
    currentGuid: principal.selectedWorkspaceGuid,
  });
  const needsStepUp = workspaces.some((workspace) => workspace.entry.kind === "requirements" && workspace.entry.requirements.some((requirement) => requirement.type === "mfa"));
  // A workspace page opened from outside it (middleware sent the person here): enter it when
  // allowed, else say why. Not after guardPage turned the person away (`denied`): no loop.
  const deepLinked = denied ? null : workspaceSubdomainOfPath(callbackUrl);
  const target = deepLinked === null ? null : (workspaces.find((workspace) => workspace.subdomain === deepLinked) ?? null);

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
      {deepLinked !== null && (
        <div className={styles.deepLink}>
          {target === null ? (
            <WorkspaceRefusal workspace={{ name: deepLinked, subdomain: deepLinked, ipRanges: [] }} reason={{ kind: "unknown" }} ip={ip} live />
          ) : refusalOf(target) ? (
            <WorkspaceRefusal workspace={target} reason={refusalOf(target)!} ip={ip} live titled />
          ) : (
            <EnterWorkspaceButton workspace={entryProps(target)} ip={ip} callbackUrl={callbackUrl} enterOnMount />
          )}
        </div>
      )}
      <p className="muted">Signed in as {principal.user.name ? `${principal.user.name} (${principal.user.email})` : principal.user.email}.</p>

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
        <ul className={styles.list} aria-label="Your workspaces">
          {workspaces.map((workspace) => (
            <WorkspaceRow key={workspace.guid} workspace={workspace} ip={ip} callbackUrl={callbackUrl} />
          ))}
        </ul>
      )}
    </section>
  );
}

/** One workspace in a compact row: logo, name, role, badges, and Enter or the reason it cannot be entered. */
function WorkspaceRow({ workspace, ip, callbackUrl }: { workspace: WorkspaceChoice; ip: string | null; callbackUrl: string | null }) {
  const titleId = `workspace-${workspace.guid}`;
  const refusal = refusalOf(workspace);
  return (
    <li>
      <article aria-labelledby={titleId} aria-current={workspace.current ? "true" : undefined} className={`${styles.row} ${workspace.current ? styles.current : ""}`}>
        <WorkspaceLogo name={workspace.name} logo={workspace.logo} size={40} />
        <div className={styles.identity}>
          <h2 className={styles.name}>
            <span id={titleId}>{workspace.name}</span>
          </h2>
          <p className={styles.meta}>
            <span className={styles.subdomain}>{workspace.subdomain}</span>
            <span>· {workspace.role}</span>
            {workspace.current && <span className={`${styles.badge} ${styles.badgeOk}`}>Current</span>}
            {workspace.entry.kind === "suspended" && <span className={`${styles.badge} ${styles.badgeWarn}`}>Suspended</span>}
            {workspace.mfaRequired && <span className={styles.badge}>MFA required</span>}
            {workspace.ipRestricted && <span className={styles.badge}>IP restricted</span>}
          </p>
        </div>
        {refusal ? (
          <div className={styles.reason}>
            <WorkspaceRefusal workspace={workspace} reason={refusal} ip={ip} />
          </div>
        ) : workspace.current ? (
          <Link className={`button secondary ${styles.action}`} href={`/w/${workspace.subdomain}`}>
            Continue<span className="visually-hidden"> in {workspace.name}</span>
          </Link>
        ) : (
          <div className={styles.action}>
            <EnterWorkspaceButton workspace={entryProps(workspace)} ip={ip} callbackUrl={callbackUrl} />
          </div>
        )}
      </article>
    </li>
  );
}
