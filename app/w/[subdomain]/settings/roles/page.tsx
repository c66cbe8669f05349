import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { ConfirmAction } from "@/app/ui/confirm-action";
import { AUTHORITIES, can } from "@/lib/auth/authorities";
import { guardPage, requireWorkspace } from "@/lib/auth/dal";
import { listRoles } from "@/lib/workspaces/roles";
import { deleteRoleAction } from "./actions";
import { authorityGroups } from "./authority-groups";
import { EditRoleForm, NewRoleForm } from "./role-form";

export const metadata: Metadata = { title: "Roles" };

/** The workspace's roles: the built-in superuser (read-only) and custom roles to create, edit and delete. */
export default async function RolesPage({ params }: { params: Promise<{ subdomain: string }> }) {
  const principal = await guardPage(() => requireWorkspace("ROLE_ADMIN_ROLES"));
  const { subdomain } = await params;
  if (principal.workspace.subdomain !== subdomain) redirect("/workspaces");
  const roles = await listRoles(principal);
  const groups = authorityGroups(principal);

  return (
    <section aria-labelledby="roles-title">
      <h1 id="roles-title">Roles</h1>
      <p className="muted">A role is a set of permissions. Each member of {principal.workspace.name} has one.</p>

      <ul role="list" className="role-list">
        {roles.map((role) => {
          const titleId = `role-${role.id}`;
          // The server refuses these too; the page only spares people controls that cannot work.
          const holdsAll = role.authorities.every((authority) => can(principal, authority));
          return (
            <li key={role.id} className="card">
              <article aria-labelledby={titleId}>
                <h2 id={titleId}>
                  {role.name} {role.builtIn && <span className="badge">Built-in</span>}
                </h2>
                <p className="muted">
                  Key <code>{role.key}</code>
                </p>
                {role.authorities.length === 0 ? (
                  <p>No permissions.</p>
                ) : (
                  <ul className="authorities" aria-label={`Permissions of ${role.name}`}>
                    {role.authorities.map((authority) => (
                      <li key={authority}>
                        <span>{AUTHORITIES[authority]}</span> <code>{authority}</code>
                      </li>
                    ))}
                  </ul>
                )}
                {role.builtIn ? (
                  <p className="muted note">Built-in roles cannot be changed or deleted.</p>
                ) : !holdsAll ? (
                  <p className="muted note">This role holds permissions you do not hold, so you cannot change or delete it.</p>
                ) : (
                  <div className="role-actions">
                    <details>
                      <summary>
                        Edit<span className="visually-hidden"> {role.name}</span>
                      </summary>
                      <EditRoleForm role={role} groups={groups} />
                    </details>
                    <ConfirmAction
                      label="Delete"
                      target={role.name}
                      question={`Delete the role ${role.name}? Only a role that no member and no open invitation holds can be deleted.`}
                      confirmLabel="Yes, delete"
                      pendingLabel="Deleting…"
                      action={deleteRoleAction.bind(null, role.id)}
                    />
                  </div>
                )}
              </article>
            </li>
          );
        })}
      </ul>

      <section className="card" aria-labelledby="new-role-title">
        <h2 id="new-role-title">New role</h2>
        <p>Choose the permissions its members get. You can grant only permissions you hold yourself.</p>
        <NewRoleForm groups={groups} />
      </section>
    </section>
  );
}
