import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { ConfirmAction } from "@/app/ui/confirm-action";
import { can } from "@/lib/auth/authorities";
import { guardPage, requireWorkspace } from "@/lib/auth/dal";
import type { InvitationStatus } from "@/lib/invitations/workspace";
import { listMembers, MEMBER_ADMIN_AUTHORITIES, requireAnyAuthority, SUPERUSER_KEY } from "@/lib/workspaces/members";
import { listRoles } from "@/lib/workspaces/roles";
import { InviteMemberForm } from "./invite-member-form";
import { MemberRoleForm } from "./member-role-form";
import { removeMemberAction } from "./actions";

export const metadata: Metadata = { title: "Members" };

const DATE = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" });
const DATE_TIME = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

const STATUS: Record<InvitationStatus, string> = {
  queued: "Sending",
  sent: "Sent",
  delivery_failed: "Delivery failed",
  accepted: "Accepted",
  expired: "Expired",
  revoked: "Withdrawn",
};

/** Members and pending invitations; inviting, changing a role and removing, each for the authority that allows it. */
export default async function MembersPage({ params }: { params: Promise<{ subdomain: string }> }) {
  const principal = await guardPage(async () => {
    const principal = await requireWorkspace();
    requireAnyAuthority(principal, MEMBER_ADMIN_AUTHORITIES);
    return principal;
  });
  const { subdomain } = await params;
  if (principal.workspace.subdomain !== subdomain) redirect("/workspaces");
  const [{ members, invitations }, roles] = await Promise.all([listMembers(principal, new Date()), listRoles(principal)]);

  const mayInvite = can(principal, "ROLE_ADMIN_INVITEUSER");
  const mayEdit = can(principal, "ROLE_ADMIN_EDITUSER");
  const mayRemove = can(principal, "ROLE_ADMIN_REMOVEUSER");
  // The server refuses all of this anyway; the page only spares people controls that cannot work.
  const holdsAll = (roleId: number) => roles.find((role) => role.id === roleId)?.authorities.every((authority) => can(principal, authority)) ?? false;
  const grantable = roles.filter((role) => holdsAll(role.id)).map((role) => ({ id: role.id, name: role.name }));
  const superuserRole = roles.find((role) => role.builtIn && role.key === SUPERUSER_KEY);
  const superusers = members.filter((member) => member.role.id === superuserRole?.id).length;
  const { workspace } = principal;

  return (
    <section aria-labelledby="members-title">
      <h1 id="members-title">Members</h1>
      <p className="muted">Who works in {workspace.name}, with which role.</p>

      {mayInvite && (
        <section className="card" aria-labelledby="invite-title">
          <h2 id="invite-title">Invite a member</h2>
          <p>They get an e-mail with a link to join {workspace.name} with the role you choose.</p>
          {grantable.length > 0 ? <InviteMemberForm roles={grantable} /> : <p>There is no role you may grant: each holds permissions you do not hold.</p>}
        </section>
      )}

      <section className="card" aria-labelledby="member-list-title">
        <h2 id="member-list-title">Members ({members.length})</h2>
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Member</th>
              <th scope="col">Role</th>
              <th scope="col">Joined</th>
              {mayRemove && (
                <th scope="col">
                  <span className="visually-hidden">Remove</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {members.map((member) => {
              const label = member.name ?? member.email;
              const you = member.userId === principal.user.id;
              const lastSuperuser = member.role.id === superuserRole?.id && superusers === 1;
              const actionable = holdsAll(member.role.id) && !lastSuperuser;
              const why = lastSuperuser
                ? "The last superuser: they can be neither demoted nor removed. Make someone else superuser first."
                : !holdsAll(member.role.id)
                  ? "Their role holds permissions you do not hold, so you cannot change it."
                  : null;
              return (
                <tr key={member.userId}>
                  <th scope="row">
                    {member.name && <span className="member-name">{member.name}</span>}
                    <span className="member-email">{member.email}</span>
                    {you && <span className="badge">You</span>}
                  </th>
                  <td>
                    {mayEdit && actionable ? <MemberRoleForm userId={member.userId} memberLabel={label} roleId={member.role.id} roles={grantable} /> : member.role.name}
                    {(mayEdit || mayRemove) && why && <p className="muted note">{why}</p>}
                  </td>
                  <td className="nowrap">{DATE.format(new Date(member.joinedAt))}</td>
                  {mayRemove && (
                    <td>
                      {actionable && (
                        <ConfirmAction
                          label="Remove"
                          target={label}
                          question={`Remove ${label} from ${workspace.name}? Their sessions in this workspace end on their next request.`}
                          confirmLabel="Yes, remove"
                          pendingLabel="Removing…"
                          action={removeMemberAction.bind(null, member.userId)}
                        />
                      )}
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>

      <section className="card" aria-labelledby="invitation-list-title">
        <h2 id="invitation-list-title">Pending invitations ({invitations.length})</h2>
        {invitations.length === 0 ? (
          <p>No one is waiting to join.</p>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">E-mail</th>
                <th scope="col">Role</th>
                <th scope="col">Status</th>
                <th scope="col">Expires</th>
              </tr>
            </thead>
            <tbody>
              {invitations.map((invitation) => (
                <tr key={invitation.id}>
                  <th scope="row">{invitation.email}</th>
                  <td>{invitation.role?.name ?? "—"}</td>
                  <td>{STATUS[invitation.status]}</td>
                  <td className="nowrap">{DATE_TIME.format(new Date(invitation.expiresAt))} UTC</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </section>
  );
}
