import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { SignOutButton } from "@/app/ui/sign-out-button";
import { WorkspaceLogo } from "@/app/ui/workspace-logo";
import { guardPage, requireWorkspace } from "@/lib/auth/dal";
import { listWorkspaces } from "@/lib/workspaces";
import { WorkspaceSwitcher } from "./workspace-switcher";

/** Every page of a workspace: the principal must be working in exactly this workspace. */
export default async function WorkspaceLayout({ children, params }: { children: ReactNode; params: Promise<{ subdomain: string }> }) {
  const principal = await guardPage(() => requireWorkspace());
  const { subdomain } = await params;
  if (principal.workspace.subdomain !== subdomain) redirect("/workspaces");
  const others = (await listWorkspaces(principal.user.id))
    // A suspended workspace cannot be entered: the switcher does not offer it.
    .filter(({ workspace }) => workspace.guid !== principal.workspace.guid && workspace.suspendedAt === null)
    .map(({ workspace }) => ({ guid: workspace.guid, name: workspace.name }));

  return (
    <div className="workspace-shell">
      <section className="workspace-bar" aria-label="Workspace">
        <div className="workspace-bar-title">
          <WorkspaceLogo name={principal.workspace.name} logo={principal.workspace.logo} size={32} />
          <span>{principal.workspace.name}</span>
        </div>
        <div className="workspace-bar-actions">
          {others.length > 0 && <WorkspaceSwitcher workspaces={others} />}
          <SignOutButton />
        </div>
      </section>
      {children}
    </div>
  );
}
