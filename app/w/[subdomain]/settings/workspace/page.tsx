import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { currentFacts, guardPage, requireWorkspace } from "@/lib/auth/dal";
import { getWorkspaceSettings } from "@/lib/workspaces/settings";
import { WorkspaceSettingsForm } from "./workspace-settings-form";

export const metadata: Metadata = { title: "Workspace settings" };

/** The workspace's own settings, for members whose role may change them. */
export default async function WorkspaceSettingsPage({ params }: { params: Promise<{ subdomain: string }> }) {
  const principal = await guardPage(() => requireWorkspace("ROLE_ADMIN_SETTINGS"));
  const { subdomain } = await params;
  // Layouts do not re-run on every navigation, so the page checks the workspace itself.
  if (principal.workspace.subdomain !== subdomain) redirect("/workspaces");
  const { name, logo, mfaRequired, ipRestricted, ipAllowlist, tokenPolicy, tokenLimits, tokenLifetimes } = await getWorkspaceSettings(principal);
  const { ip } = await currentFacts();

  return (
    <section aria-labelledby="workspace-settings-title" className="settings">
      <h1 id="workspace-settings-title">Workspace settings</h1>
      <p className="muted">These apply to every member of {name}. A new token policy applies from each member&apos;s next token.</p>
      <section className="card" aria-label="Settings">
        <WorkspaceSettingsForm settings={{ name, logo, mfaRequired, ipRestricted, ipAllowlist, tokenPolicy }} tokenLimits={tokenLimits} tokenLifetimes={tokenLifetimes} ip={ip} />
      </section>
    </section>
  );
}
