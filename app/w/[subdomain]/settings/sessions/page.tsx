import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { ConfirmAction } from "@/app/ui/confirm-action";
import { guardPage, requireWorkspace } from "@/lib/auth/dal";
import { listWorkspaceSessions } from "@/lib/auth/session-list";
import { endMemberSessionsAction, endWorkspaceSessionAction } from "./actions";
import { TableScroll } from "@/app/ui/table-scroll";

export const metadata: Metadata = { title: "Sessions" };

const TIME = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

/** The live sessions inside this workspace, each with its member; signing one, or all of a member's, out. */
export default async function WorkspaceSessionsPage({ params }: { params: Promise<{ subdomain: string }> }) {
  const principal = await guardPage(() => requireWorkspace("ROLE_ADMIN_SESSIONS"));
  const { subdomain } = await params;
  if (principal.workspace.subdomain !== subdomain) redirect("/workspaces");
  const sessions = await listWorkspaceSessions(principal, new Date());
  const { workspace } = principal;
  // "Sign out all" is offered once per member with several sessions, on their most recent one.
  const countOf = new Map<number, number>();
  for (const session of sessions) countOf.set(session.member.id, (countOf.get(session.member.id) ?? 0) + 1);
  const firstRowOf = new Map<number, string>();
  for (const session of sessions) if (!firstRowOf.has(session.member.id)) firstRowOf.set(session.member.id, session.id);

  return (
    <section aria-labelledby="sessions-title">
      <h1 id="sessions-title">Sessions</h1>
      <p className="muted">
        Who is signed in and working in {workspace.name} now. Signing a session out ends it on its next request, in the browser and for API clients alike; their sessions elsewhere stay. Times
        are UTC.
      </p>

      <section className="card" aria-labelledby="session-list-title">
        <h2 id="session-list-title">Signed in here ({sessions.length})</h2>
        <TableScroll label="Sessions in this workspace">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Member</th>
                <th scope="col">Device</th>
                <th scope="col">Address</th>
                <th scope="col">Signed in</th>
                <th scope="col">Last active</th>
                <th scope="col">
                  <span className="visually-hidden">Sign out</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {sessions.map((session) => {
                const label = session.member.name ?? session.member.email;
                const current = principal.kind === "workspace" && session.id === principal.sessionId;
                const several = countOf.get(session.member.id)!;
                return (
                  <tr key={session.id}>
                    <th scope="row">
                      {session.member.name && <span className="member-name">{session.member.name}</span>}
                      <span className="member-email">{session.member.email}</span>
                      {session.own && <span className="badge">{current ? "This device" : "You"}</span>}
                    </th>
                    <td>{session.device}</td>
                    <td>{session.ipAddress ?? "Unknown"}</td>
                    <td className="nowrap">{TIME.format(session.createdAt)}</td>
                    <td className="nowrap">{TIME.format(session.lastSeenAt)}</td>
                    <td>
                      {session.endable ? (
                        <div className="actions">
                          <ConfirmAction
                            label="Sign out"
                            target={`${label} on ${session.device}`}
                            question={current ? "Sign out this session? It is the one you are using: you will be asked to sign in again." : `Sign out ${label} on ${session.device}? Their next request is refused.`}
                            confirmLabel="Yes, sign out"
                            pendingLabel="Signing out…"
                            action={endWorkspaceSessionAction.bind(null, { sessionId: session.id })}
                          />
                          {several > 1 && firstRowOf.get(session.member.id) === session.id && (
                            <ConfirmAction
                              label={`Sign out all ${several}`}
                              target={`sessions of ${label}`}
                              question={`Sign out all ${several} sessions of ${label} in ${workspace.name}?${session.own ? " This includes the one you are using." : ""}`}
                              confirmLabel="Yes, sign out all"
                              pendingLabel="Signing out…"
                              action={endMemberSessionsAction.bind(null, session.member.id)}
                            />
                          )}
                        </div>
                      ) : (
                        <p className="muted note">Their role holds permissions you do not hold, so you cannot sign them out.</p>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableScroll>
      </section>
    </section>
  );
}
