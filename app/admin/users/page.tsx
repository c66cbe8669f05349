import type { Metadata } from "next";
import Link from "next/link";
import { MFA_RESET_FRESHNESS_SECONDS, searchUsers, type AdminUser, type MfaState } from "@/lib/admin/users";
import { guardPage, requireLandlord } from "@/lib/auth/dal";
import { ConfirmAction } from "../confirm-action";
import { offsetOf, PAGE_SIZE, Pager, param, SearchBox, When, type SearchParams } from "../list-parts";
import { endUserSessionsAction, setUserStatusAction } from "./actions";
import { ResetMfaControl } from "./reset-mfa-control";

export const metadata: Metadata = { title: "Users · Admin console" };

const STATUS: Record<string, { label: string; badge: string }> = {
  ACTIVE: { label: "Active", badge: "badge ok" },
  INVITED: { label: "Invited, no password yet", badge: "badge" },
  DISABLED: { label: "Disabled", badge: "badge warn" },
};

const MFA: Record<MfaState, string> = { on: "On", pending: "Being set up", off: "Off" };

/** Users found by e-mail, with what the console may do to each. */
export default async function AdminUsersPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const principal = await guardPage(() => requireLandlord());
  const params = await searchParams;
  const query = param(params, "q")?.slice(0, 100);
  const offset = offsetOf(params);
  const { items, total } = await searchUsers({ query, limit: PAGE_SIZE, offset });
  // A hint for the reset form (resetUserMfa checks the freshness itself), a minute early so the
  // form is not sent just as the 10 minutes run out.
  const mfaAge = principal.mfaPassedAt ? (new Date().getTime() - principal.mfaPassedAt.getTime()) / 1000 : Infinity;
  const needsCode = !(mfaAge >= 0 && mfaAge <= MFA_RESET_FRESHNESS_SECONDS - 60);

  return (
    <section aria-labelledby="users-title">
      <h1 id="users-title">Users</h1>
      <SearchBox label="Search by e-mail" value={query} placeholder="name@example.com" />
      {items.length === 0 ? (
        <p className="card">{query ? `No user's e-mail contains “${query}”.` : "No users yet."}</p>
      ) : (
        <ul role="list" className="user-list">
          {items.map((user) => (
            <UserCard key={user.id} user={user} self={user.id === principal.user.id} needsCode={needsCode} />
          ))}
        </ul>
      )}
      <Pager path="/admin/users" filters={{ q: query }} offset={offset} total={total} label="Users" />
    </section>
  );
}

function UserCard({ user, self, needsCode }: { user: AdminUser; self: boolean; needsCode: boolean }) {
  const status = STATUS[user.status] ?? { label: user.status, badge: "badge" };
  const titleId = `user-${user.id}`;
  return (
    <li className="card">
      <article aria-labelledby={titleId}>
        <h2 id={titleId}>{user.email}</h2>
        <p>
          <span className={status.badge}>{status.label}</span>
          {user.isLandlordAdmin && <span className="badge">Landlord admin</span>}
          {self && <span className="badge ok">You</span>}
        </p>
        <dl className="facts">
          <dt>Name</dt>
          <dd>{user.name ?? "—"}</dd>
          <dt>Two-step verification</dt>
          <dd>{MFA[user.mfa]}</dd>
          <dt>Last sign-in</dt>
          <dd>
            <When at={user.lastSignInAt} />
          </dd>
          <dt>Workspaces</dt>
          <dd>
            {user.memberships.length === 0 ? (
              "none"
            ) : (
              <ul className="plain-list">
                {user.memberships.map((membership) => (
                  <li key={membership.businessProfileGuid}>
                    <Link href={`/admin/workspaces/${membership.businessProfileGuid}`}>{membership.workspaceName}</Link> ({membership.role.name})
                  </li>
                ))}
              </ul>
            )}
          </dd>
        </dl>
        {!self && (
          <div className="actions user-actions">
            <ConfirmAction
              action={endUserSessionsAction.bind(null, user.id)}
              label="End all sessions"
              context={`of ${user.email}`}
              question={`Sign ${user.email} out everywhere? Every session and refresh token ends at once.`}
              confirmLabel="End all sessions"
              pendingLabel="Ending…"
              done={`Every session of ${user.email} has ended.`}
              danger
            />
            {user.mfa !== "off" && !user.isLandlordAdmin && <ResetMfaControl userId={user.id} email={user.email} needsCode={needsCode} />}
            {user.status === "DISABLED" ? (
              <ConfirmAction
                action={setUserStatusAction.bind(null, user.id, { status: "ACTIVE" })}
                label="Enable"
                context={user.email}
                question={`Enable ${user.email} again? They can sign in (or accept their invitation) as before.`}
                confirmLabel="Enable"
                pendingLabel="Enabling…"
                done={`${user.email} is enabled again.`}
              />
            ) : (
              <ConfirmAction
                action={setUserStatusAction.bind(null, user.id, { status: "DISABLED" })}
                label="Disable"
                context={user.email}
                question={`Disable ${user.email}? Every session ends at once, and they cannot sign in until enabled again.`}
                confirmLabel="Disable"
                pendingLabel="Disabling…"
                done={`${user.email} is disabled, and every session has ended.`}
                danger
              />
            )}
          </div>
        )}
      </article>
    </li>
  );
}
