import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getWorkspaceByGuid, type AdminWorkspace } from "@/lib/admin/workspaces";
import { guardPage, requireLandlord } from "@/lib/auth/dal";
import { sessionEnv } from "@/lib/env";
import { isAppError } from "@/lib/errors";
import { listInvitations } from "@/lib/invitations/workspace";
import { ACCESS_TOKEN_TTL } from "@/lib/tokens/jwt";
import { guidSchema } from "@/lib/validation";
import { ConfirmAction } from "../../confirm-action";
import { InvitationTable } from "../../invitation-table";
import { PAGE_SIZE, param, When, type SearchParams } from "../../list-parts";
import { reactivateWorkspaceAction } from "../actions";
import { EditWorkspaceForm } from "./edit-workspace-form";
import { SuspendWorkspaceForm } from "./suspend-workspace-form";

export const metadata: Metadata = { title: "Workspace · Admin console" };

type Params = Promise<{ guid: string }>;

/** The workspace of the path, or a 404 page for a malformed or unknown id. */
async function workspaceOf(params: Params): Promise<AdminWorkspace> {
  const parsed = guidSchema.safeParse((await params).guid);
  if (!parsed.success) notFound();
  try {
    return await getWorkspaceByGuid(parsed.data);
  } catch (error) {
    if (isAppError(error) && error.code === "NOT_FOUND") notFound();
    throw error;
  }
}

const minutes = (value: number | null, unit: string) => (value === null ? "the platform's default" : `${value} ${unit}`);

/** One workspace: its facts, settings, invitations and suspension. */
export default async function AdminWorkspacePage({ params, searchParams }: { params: Params; searchParams: Promise<SearchParams> }) {
  await guardPage(() => requireLandlord());
  const workspace = await workspaceOf(params);
  const created = param(await searchParams, "created") === "1";
  const { items: invitations, total: invitationCount } = await listInvitations({ workspaceId: workspace.id, limit: PAGE_SIZE, offset: 0 }, new Date());
  const limits = { accessTokenMinutes: ACCESS_TOKEN_TTL.workspace / 60, sessionHours: sessionEnv().maxLifetimeSeconds / 3600 };

  return (
    <section aria-labelledby="workspace-title" className="console-detail">
      <p>
        <Link href="/admin">← Workspaces</Link>
      </p>
      <h1 id="workspace-title">{workspace.name}</h1>
      {created && (
        <div className="alert ok" role="status">
          The workspace is created, and its superuser is invited: the invitation&apos;s status is below.
        </div>
      )}
      <section className="card" aria-labelledby="facts-title">
        <h2 id="facts-title">Facts</h2>
        <dl className="facts">
          <dt>Status</dt>
          <dd>
            {workspace.suspendedAt ? (
              <>
                <span className="badge warn">Suspended</span> since <When at={workspace.suspendedAt} />: {workspace.suspendedReason}
              </>
            ) : (
              <span className="badge ok">Active</span>
            )}
          </dd>
          <dt>Subdomain</dt>
          <dd className="mono">{workspace.subdomain}</dd>
          <dt>Workspace ID</dt>
          <dd className="mono">{workspace.guid}</dd>
          <dt>Created</dt>
          <dd>
            <When at={workspace.createdAt} />
          </dd>
          <dt>Its token policy</dt>
          <dd>
            Access tokens: {minutes(workspace.accessTokenMinutes, "minutes")}; sessions: {minutes(workspace.sessionHours, "hours")}
          </dd>
        </dl>
        <p>
          <Link href={`/admin/audit?workspace=${encodeURIComponent(workspace.subdomain)}`}>Audit log of this workspace</Link>
        </p>
      </section>

      <section className="card" aria-labelledby="invitations-title">
        <h2 id="invitations-title">Invitations</h2>
        {invitations.length === 0 ? <p>No invitations.</p> : <InvitationTable invitations={invitations} caption={`Invitations to ${workspace.name}`} showWorkspace={false} />}
        {invitationCount > invitations.length && <p className="muted">The {invitations.length} newest of {invitationCount} are shown.</p>}
      </section>

      <section className="card console-form" aria-labelledby="settings-title">
        <h2 id="settings-title">Settings</h2>
        <EditWorkspaceForm
          guid={workspace.guid}
          settings={{
            name: workspace.name,
            logo: workspace.logo,
            mfaRequired: workspace.mfaRequired,
            ipRestricted: workspace.ipRestricted,
            ipAllowlist: workspace.ipAllowlist,
            maxAccessTokenMinutes: workspace.maxAccessTokenMinutes,
            maxSessionHours: workspace.maxSessionHours,
          }}
          limits={limits}
        />
      </section>

      <section className="card" aria-labelledby="suspension-title">
        <h2 id="suspension-title">Suspension</h2>
        {workspace.suspendedAt ? (
          <ConfirmAction
            action={reactivateWorkspaceAction.bind(null, workspace.guid)}
            label="Reactivate workspace"
            question={`Reactivate ${workspace.name}? Its members can enter it again (after signing in anew).`}
            confirmLabel="Reactivate"
            pendingLabel="Reactivating…"
            done={`${workspace.name} is active again.`}
          />
        ) : (
          <SuspendWorkspaceForm guid={workspace.guid} name={workspace.name} />
        )}
      </section>
    </section>
  );
}
