import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { guardPage, requireWorkspace } from "@/lib/auth/dal";
import { settingsSections } from "./sections";
import { SettingsNav } from "./settings-nav";

/** The workspace's settings: a navigation of the sections this member may use beside the section. */
export default async function SettingsLayout({ children, params }: { children: ReactNode; params: Promise<{ subdomain: string }> }) {
  const principal = await guardPage(() => requireWorkspace());
  const { subdomain } = await params;
  if (principal.workspace.subdomain !== subdomain) redirect("/workspaces");
  const sections = settingsSections(principal, subdomain);

  return (
    <div className="settings-shell">
      {sections.length > 0 && <SettingsNav sections={sections} />}
      <div className="settings-section">{children}</div>
    </div>
  );
}
