import type { Metadata } from "next";
import Link from "next/link";
import { ActionButton } from "@/app/ui/action-button";
import { guardPage, requireUser } from "@/lib/auth/dal";
import { listUserSessions } from "@/lib/auth/session-list";
import { endOtherSessionsAction, endSessionAction } from "./actions";
import { TableScroll } from "@/app/ui/table-scroll";

export const metadata: Metadata = { title: "Your sessions" };

const TIME = new Intl.DateTimeFormat("en-GB", {
  dateStyle: "medium",
  timeStyle: "short",
  timeZone: "UTC",
});

export default async function SessionsPage() {
  const principal = await guardPage(() => requireUser());
  const sessions = await listUserSessions(principal.user.id, principal.sessionId, new Date());
  const others = sessions.filter((session) => !session.current).length;

  return (
    <section aria-labelledby="sessions-title" className="settings">
      <h1 id="sessions-title">Your sessions</h1>
      <p className="muted">
        Where you are signed in as {principal.user.email}. Signing a session out ends it on its next request. Times are UTC. See also{" "}
        <Link href="/settings/security">Security settings</Link>.
      </p>

      <section className="card" aria-labelledby="session-list-title">
        <h2 id="session-list-title">Signed in</h2>
        <TableScroll label="Your sessions">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Device</th>
                <th scope="col">Address</th>
                <th scope="col">Signed in</th>
                <th scope="col">Last active</th>
                <th scope="col">Workspace</th>
                <th scope="col">
                  <span className="visually-hidden">Sign out</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {sessions.map((session) => (
                <tr key={session.id}>
                  <th scope="row">
                    {session.device} {session.current && <span className="badge">This device</span>}
                  </th>
                  <td>{session.ipAddress ?? "Unknown"}</td>
                  <td className="nowrap">{TIME.format(session.createdAt)}</td>
                  <td className="nowrap">{TIME.format(session.lastSeenAt)}</td>
                  <td>{session.workspace?.name ?? "None"}</td>
                  <td>
                    {!session.current && (
                      <ActionButton
                        action={endSessionAction.bind(null, {
                          sessionId: session.id,
                        })}
                        label="Sign out"
                        pendingLabel="Signing out…"
                        className="secondary"
                      />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
        {others > 0 ? (
          <ActionButton action={endOtherSessionsAction} label="Sign out all other sessions" pendingLabel="Signing out…" className="danger" />
        ) : (
          <p>This is your only session.</p>
        )}
      </section>
    </section>
  );
}
