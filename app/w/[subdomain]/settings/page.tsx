import { redirect } from "next/navigation";
import { guardPage, requireWorkspace } from "@/lib/auth/dal";
import { requireAnyAuthority } from "@/lib/workspaces/members";
import { SETTINGS_AUTHORITIES, settingsSections } from "./sections";

/** `/w/<subdomain>/settings`: the first section this member may use; without any, refused like any page their role does not allow. */
export default async function SettingsPage({ params }: { params: Promise<{ subdomain: string }> }) {
  const principal = await guardPage(async () => {
    const principal = await requireWorkspace();
    requireAnyAuthority(principal, SETTINGS_AUTHORITIES);
    return principal;
  });
  const { subdomain } = await params;
  if (principal.workspace.subdomain !== subdomain) redirect("/workspaces");
  redirect(settingsSections(principal, subdomain)[0]!.href);
}
