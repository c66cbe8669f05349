import Link from "next/link";
import type { InvitationStatus, InvitationView } from "@/lib/invitations/workspace";
import { resendInvitationAction, revokeInvitationAction } from "./invitations/actions";
import { ConfirmAction } from "./confirm-action";
import { When } from "./list-parts";
import { TableScroll } from "@/app/ui/table-scroll";

/** Each status in words, with the badge that marks it. */
export const INVITATION_STATUS_LABELS: Record<InvitationStatus, { label: string; badge: string }> = {
  queued: { label: "Queued", badge: "badge" },
  sent: { label: "Sent", badge: "badge ok" },
  delivery_failed: { label: "Delivery failed", badge: "badge warn" },
  accepted: { label: "Accepted", badge: "badge ok" },
  expired: { label: "Expired", badge: "badge warn" },
  revoked: { label: "Revoked", badge: "badge" },
};

const OPEN: readonly InvitationStatus[] = ["queued", "sent", "delivery_failed"];

/** Invitations with their status; open or expired ones can be sent again, open ones revoked. */
export function InvitationTable({ invitations, caption, showWorkspace = true }: { invitations: InvitationView[]; caption: string; showWorkspace?: boolean }) {
  return (
    <TableScroll label={caption}>
      <table className="data-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">E-mail</th>
            {showWorkspace && <th scope="col">Workspace</th>}
            <th scope="col">Role</th>
            <th scope="col">Status</th>
            <th scope="col">Expires</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {invitations.map((invitation) => {
            const status = INVITATION_STATUS_LABELS[invitation.status];
            return (
              <tr key={invitation.id}>
                <td>{invitation.email}</td>
                {showWorkspace && <td>{invitation.businessProfileGuid && <Link href={`/admin/workspaces/${invitation.businessProfileGuid}`}>{invitation.workspaceName}</Link>}</td>}
                <td>{invitation.role?.name ?? "—"}</td>
                <td>
                  <span className={status.badge}>{status.label}</span>
                  {invitation.deliveryError && <p className="muted small">{invitation.deliveryError}</p>}
                </td>
                <td>
                  <When at={invitation.expiresAt} />
                </td>
                <td>
                  <div className="actions">
                    {(OPEN.includes(invitation.status) || invitation.status === "expired") && (
                      <ConfirmAction
                        action={resendInvitationAction.bind(null, invitation.id)}
                        label="Resend"
                        context={`the invitation to ${invitation.email}`}
                        question="Send a new link? The link sent before stops working at once."
                        confirmLabel="Send a new link"
                        pendingLabel="Sending…"
                        done={`A new invitation is on its way to ${invitation.email}. The old link no longer works.`}
                      />
                    )}
                    {OPEN.includes(invitation.status) && (
                      <ConfirmAction
                        action={revokeInvitationAction.bind(null, invitation.id)}
                        label="Revoke"
                        context={`the invitation to ${invitation.email}`}
                        question="Revoke this invitation? Its link stops working at once."
                        confirmLabel="Revoke invitation"
                        pendingLabel="Revoking…"
                        done={`The invitation to ${invitation.email} is revoked.`}
                        danger
                      />
                    )}
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableScroll>
  );
}
