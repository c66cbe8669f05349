import type { Metadata } from "next";
import { INVITATION_STATUSES } from "@/lib/admin/schemas";
import { guardPage, requireLandlord } from "@/lib/auth/dal";
import { listInvitations, type InvitationStatus } from "@/lib/invitations/workspace";
import { INVITATION_STATUS_LABELS, InvitationTable } from "../invitation-table";
import { offsetOf, PAGE_SIZE, Pager, param, type SearchParams } from "../list-parts";

export const metadata: Metadata = { title: "Invitations · Admin console" };

function statusOf(value: string | undefined): InvitationStatus | undefined {
  return INVITATION_STATUSES.find((status) => status === value);
}

/** Every workspace invitation, newest first, optionally of one status. */
export default async function AdminInvitationsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await guardPage(() => requireLandlord());
  const params = await searchParams;
  const status = statusOf(param(params, "status"));
  const offset = offsetOf(params);
  const { items, total } = await listInvitations({ status, limit: PAGE_SIZE, offset }, new Date());

  return (
    <section aria-labelledby="invitations-title">
      <h1 id="invitations-title">Invitations</h1>
      <form method="get" className="filters" aria-label="Filter invitations">
        <div className="field">
          <label htmlFor="invitation-status">Status</label>
          <select id="invitation-status" name="status" defaultValue={status ?? ""}>
            <option value="">Any status</option>
            {INVITATION_STATUSES.map((value) => (
              <option key={value} value={value}>
                {INVITATION_STATUS_LABELS[value].label}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">Show</button>
      </form>
      {items.length === 0 ? (
        <p className="card">{status ? `No invitation is ${INVITATION_STATUS_LABELS[status].label.toLowerCase()}.` : "No invitations yet. Creating a workspace invites its first superuser."}</p>
      ) : (
        <InvitationTable invitations={items} caption="Invitations" />
      )}
      <Pager path="/admin/invitations" filters={{ status }} offset={offset} total={total} label="Invitations" />
    </section>
  );
}
