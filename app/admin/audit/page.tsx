import type { Metadata } from "next";
import Link from "next/link";
import { listAuditActions, listAuditEvents } from "@/lib/admin/audit";
import { workspaceLabels } from "@/lib/admin/workspaces";
import { guardPage, requireLandlord } from "@/lib/auth/dal";
import { offsetOf, PAGE_SIZE, Pager, queryOf, When, type SearchParams } from "../list-parts";
import { auditFilterOf } from "./filters";
import { TableScroll } from "@/app/ui/table-scroll";

export const metadata: Metadata = { title: "Audit log · Admin console" };

/** Every security event, newest first, filtered by workspace, actor, action and time; downloadable as CSV. */
export default async function AdminAuditPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await guardPage(() => requireLandlord());
  const params = await searchParams;
  const offset = offsetOf(params);
  const { values, filter, error } = await auditFilterOf(params);
  const [{ items, total }, actions] = await Promise.all([filter ? listAuditEvents({ ...filter, limit: PAGE_SIZE, offset }) : { items: [], total: 0 }, listAuditActions()]);
  const workspaces = await workspaceLabels(items.flatMap((event) => (event.businessProfileGuid ? [event.businessProfileGuid] : [])));

  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title">Audit log</h1>
      <form method="get" className="filters" aria-label="Filter the audit log">
        <div className="field">
          <label htmlFor="audit-workspace">Workspace subdomain</label>
          <input id="audit-workspace" name="workspace" defaultValue={values.workspace} maxLength={63} />
        </div>
        <div className="field">
          <label htmlFor="audit-actor">Actor e-mail</label>
          <input id="audit-actor" name="actor" type="search" defaultValue={values.actor} maxLength={320} />
        </div>
        <div className="field">
          <label htmlFor="audit-action">Action</label>
          <select id="audit-action" name="action" defaultValue={values.action ?? ""}>
            <option value="">Any action</option>
            {actions.map((action) => (
              <option key={action} value={action}>
                {action}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-from">From (UTC)</label>
          <input id="audit-from" name="from" type="datetime-local" defaultValue={values.from} />
        </div>
        <div className="field">
          <label htmlFor="audit-to">Until (UTC, not included)</label>
          <input id="audit-to" name="to" type="datetime-local" defaultValue={values.to} />
        </div>
        <div className="actions">
          <button type="submit">Filter</button>
          <Link className="button secondary" href="/admin/audit">
            Clear
          </Link>
        </div>
      </form>
      {error && (
        <div className="alert error" role="alert">
          That filter is not valid: {error}
        </div>
      )}
      <p>
        <a className="button secondary" href={`/admin/audit/export${queryOf(values)}`} download>
          Download CSV
        </a>{" "}
        <span className="muted">With the filters above; at most 10,000 events.</span>
      </p>
      {items.length === 0 ? (
        <p className="card">No events match.</p>
      ) : (
        <TableScroll label="Audit events">
          <table className="data-table">
            <caption className="visually-hidden">Audit events, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Action</th>
                <th scope="col">Workspace</th>
                <th scope="col">Actor</th>
                <th scope="col">Target</th>
                <th scope="col">Address</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {items.map((event) => {
                const workspace = event.businessProfileGuid ? workspaces.get(event.businessProfileGuid) : undefined;
                return (
                  <tr key={event.id}>
                    <td>
                      <When at={event.createdAt} />
                    </td>
                    <td className="mono">{event.action}</td>
                    <td>{workspace ? <Link href={`/admin/workspaces/${event.businessProfileGuid}`}>{workspace.name}</Link> : "—"}</td>
                    <td>{event.actorEmail ?? (event.actorApiKeyId !== null ? `API key ${event.actorApiKeyId}` : "—")}</td>
                    <td>{event.targetType ? `${event.targetType} ${event.targetId ?? ""}` : "—"}</td>
                    <td className="mono">{event.ip ?? "—"}</td>
                    <td>
                      <code className="small">{JSON.stringify(event.metadata)}</code>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableScroll>
      )}
      <Pager path="/admin/audit" filters={values} offset={offset} total={total} label="Audit events" />
    </section>
  );
}
