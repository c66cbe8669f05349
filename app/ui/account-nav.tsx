import Link from "next/link";
import { SignOutButton } from "@/app/ui/sign-out-button";

/** The signed-in person's links in the site header. Convenience only: every page guards itself. */
export function AccountNav({ workspaceHref, adminConsole }: { workspaceHref: string | null; adminConsole: boolean }) {
  return (
    <nav aria-label="Account" className="account-nav">
      <ul role="list">
        {adminConsole && (
          <li>
            <Link href="/admin">Admin console</Link>
          </li>
        )}
        {workspaceHref && (
          <li>
            <Link href={workspaceHref}>Current workspace</Link>
          </li>
        )}
        <li>
          <Link href="/workspaces">Workspaces</Link>
        </li>
        <li>
          <Link href="/settings/security">Security</Link>
        </li>
        <li>
          <Link href="/settings/sessions">Sessions</Link>
        </li>
        <li>
          <SignOutButton />
        </li>
      </ul>
    </nav>
  );
}
