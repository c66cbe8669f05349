import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { WorkspaceLogo } from "@/app/ui/workspace-logo";
import { currentFacts, guardPage, requireWorkspace } from "@/lib/auth/dal";
import { listWorkspaceChoices } from "@/lib/workspaces";
import styles from "./workspace-bar.module.css";
import { WorkspaceSwitcher } from "./workspace-switcher";

/**
 * Every page of a workspace: the principal must be working in exactly this workspace. The bar
 * names it and offers the switcher; signing out is the site header's (one account menu).
 */
export default async function WorkspaceLayout({ children, params }: { children: ReactNode; params: Promise<{ subdomain: string }> }) {
  const principal = await guardPage(() => requireWorkspace());
  const { subdomain } = await params;
  if (principal.workspace.subdomain !== subdomain) redirect("/workspaces");
  const { ip } = await currentFacts();
  // Every workspace, the ones that cannot be entered marked with why rather than hidden, by the
  // session's own facts. The browser's cookie holds a person's token, never an API key.
  const mfa = principal.kind === "workspace" ? { hasMfa: principal.user.hasMfa, mfaPassed: principal.mfaPassedAt !== null } : { hasMfa: false, mfaPassed: false };
  const choices = await listWorkspaceChoices(principal.user.id, { ip, mfa, currentGuid: principal.workspace.guid });
  const options = choices.map(({ guid, name, subdomain: sub, role, ipRanges, current, entry }) => ({ guid, name, subdomain: sub, role, ipRanges, current, entry }));

  return (
    <>
      <section className={styles.bar} aria-label="Workspace">
        <WorkspaceSwitcher options={options} ip={ip}>
          <div className={styles.title}>
            <WorkspaceLogo name={principal.workspace.name} logo={principal.workspace.logo} size={32} />
            <span className={styles.titleName}>{principal.workspace.name}</span>
          </div>
        </WorkspaceSwitcher>
      </section>
      {children}
    </>
  );
}
