import type { Metadata } from "next";
import Link from "next/link";
import { listAllWorkspaces } from "@/lib/admin/workspaces";
import { guardPage, requireLandlord } from "@/lib/auth/dal";
import { offsetOf, PAGE_SIZE, Pager, param, SearchBox, When, type SearchParams } from "./list-parts";
import { TableScroll } from "@/app/ui/table-scroll";

// Every console page says so in its title (a layout's title template does not reach its own page).
export const metadata: Metadata = { title: "Workspaces · Admin console" };

/** The console's start: every workspace, searchable by name or subdomain. */
export default async function AdminWorkspacesPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await guardPage(() => requireLandlord());
  const params = await searchParams;
  const query = param(params, "q")?.slice(0, 100);
  const offset = offsetOf(params);
  const { items, total } = await listAllWorkspaces({ query, limit: PAGE_SIZE, offset });

  return (
    <section aria-labelledby="workspaces-title">
      <div className="page-head">
        <h1 id="workspaces-title">Workspaces</h1>
        <Link className="button" href="/admin/workspaces/new">
          New workspace
        </Link>
      </div>
      <SearchBox label="Search by name or subdomain" value={query} />
      {items.length === 0 ? (
        <p className="card">{query ? `No workspace's name or subdomain contains “${query}”.` : "No workspaces yet. Create the first one."}</p>
      ) : (
        <TableScroll label="Workspaces">
          <table className="data-table">
            <caption className="visually-hidden">Workspaces</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Subdomain</th>
                <th scope="col">Status</th>
                <th scope="col">Policy</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {items.map((workspace) => (
                <tr key={workspace.guid}>
                  <td>
                    <Link href={`/admin/workspaces/${workspace.guid}`}>{workspace.name}</Link>
                  </td>
                  <td className="mono">{workspace.subdomain}</td>
                  <td>{workspace.suspendedAt ? <span className="badge warn">Suspended</span> : <span className="badge ok">Active</span>}</td>
                  <td>
                    {workspace.mfaRequired && <span className="badge">MFA required</span>}
                    {workspace.ipRestricted && <span className="badge warn">IP restricted</span>}
                    {!workspace.mfaRequired && !workspace.ipRestricted && "—"}
                  </td>
                  <td>
                    <When at={workspace.createdAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <Pager path="/admin" filters={{ q: query }} offset={offset} total={total} label="Workspaces" />
    </section>
  );
}
