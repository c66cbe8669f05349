import type { Metadata } from "next";
import Link from "next/link";
import { guardPage, requireLandlord } from "@/lib/auth/dal";
import { CreateWorkspaceForm } from "./create-workspace-form";

export const metadata: Metadata = { title: "New workspace · Admin console" };

export default async function NewWorkspacePage() {
  await guardPage(() => requireLandlord());
  return (
    <section className="card console-form" aria-labelledby="new-workspace-title">
      <p>
        <Link href="/admin">← Workspaces</Link>
      </p>
      <h1 id="new-workspace-title">New workspace</h1>
      <p className="muted">The workspace is created with its built-in roles, and its first superuser is invited by e-mail in the same step.</p>
      <CreateWorkspaceForm />
    </section>
  );
}
