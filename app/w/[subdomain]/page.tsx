import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { AUTHORITIES } from "@/lib/auth/authorities";
import { guardPage, requireWorkspace } from "@/lib/auth/dal";
import { settingsSections } from "./settings/sections";

type Params = Promise<{ subdomain: string }>;

export async function generateMetadata(): Promise<Metadata> {
  try {
    return { title: (await requireWorkspace()).workspace.name };
  } catch {
    // The page's own guard sends the person where they need to go.
    return { title: "Workspace" };
  }
}

/** A workspace's home: who you are here, and what your role lets you do. */
export default async function WorkspaceHomePage({ params }: { params: Params }) {
  const principal = await guardPage(() => requireWorkspace());
  const { subdomain } = await params;
  // Layouts do not re-run on every navigation, so the page checks the workspace itself.
  if (principal.workspace.subdomain !== subdomain) redirect("/workspaces");
  const { user, workspace, role, authorities } = principal;
  // Only for a member who may use some section; each section checks its authority again.
  const mayAdminister = settingsSections(principal, subdomain).length > 0;

  return (
    <section aria-labelledby="workspace-title">
      <h1 id="workspace-title">{workspace.name}</h1>
      {mayAdminister && (
        <p>
          <Link className="button secondary" href={`/w/${encodeURIComponent(subdomain)}/settings`}>
            Settings
          </Link>
        </p>
      )}
      <div className="home-cards">
        <section className="card" aria-labelledby="you-title">
          <h2 id="you-title">You</h2>
          <dl className="facts">
            <dt>Name</dt>
            <dd>{user.name ?? "—"}</dd>
            <dt>E-mail</dt>
            <dd>{user.email}</dd>
            <dt>Role</dt>
            <dd>{role.name}</dd>
          </dl>
        </section>
        <section className="card" aria-labelledby="workspace-facts-title">
          <h2 id="workspace-facts-title">About this workspace</h2>
          <dl className="facts">
            <dt>Subdomain</dt>
            <dd className="mono">{workspace.subdomain}</dd>
            <dt>Two-step verification</dt>
            <dd>{workspace.mfaRequired ? "Required" : "Optional"}</dd>
            <dt>Network</dt>
            <dd>{workspace.ipRestricted ? "Allowed addresses only" : "Any"}</dd>
          </dl>
        </section>
      </div>
      <section className="card" aria-labelledby="authorities-title">
        <h2 id="authorities-title">What your role allows</h2>
        {authorities.length === 0 ? (
          <p>Your role has no permissions in this workspace yet.</p>
        ) : (
          <>
            <ul className="authorities" aria-label="Authorities">
              {authorities.map((authority) => (
                <li key={authority}>{AUTHORITIES[authority]}</li>
              ))}
            </ul>
            {/* The codes are what an integration's API key names; most people never need them. */}
            <details className="authority-codes">
              <summary>Show authority codes</summary>
              <ul className="authorities" aria-label="Authority codes">
                {authorities.map((authority) => (
                  <li key={authority}>
                    <code>{authority}</code> <span className="muted">{AUTHORITIES[authority]}</span>
                  </li>
                ))}
              </ul>
            </details>
          </>
        )}
      </section>
    </section>
  );
}
