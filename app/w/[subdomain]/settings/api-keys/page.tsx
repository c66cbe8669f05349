import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { ConfirmAction } from "@/app/ui/confirm-action";
import { listApiKeys, type ApiKeyView } from "@/lib/api-keys";
import { AUTHORITIES, can } from "@/lib/auth/authorities";
import { guardPage, requireWorkspace } from "@/lib/auth/dal";
import { authorityGroups } from "../roles/authority-groups";
import { revokeApiKeyAction } from "./actions";
import styles from "./api-keys.module.css";
import { CreateApiKey } from "./create-api-key";
import { RotateApiKey } from "./rotate-api-key";
import { UsageChart } from "./usage-chart";

export const metadata: Metadata = { title: "API keys" };

const DATE_TIME = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
const DAY_MS = 24 * 60 * 60 * 1000;

/** Where the key stands, in words: the badge of its card. */
function statusOf(key: ApiKeyView): { text: string; tone: "ok" | "warn" | "" } {
  switch (key.status) {
    case "active":
      return { text: "Active", tone: "ok" };
    case "rotating":
      return { text: `Rotating: works until ${DATE_TIME.format(key.overlapEndsAt!)} UTC`, tone: "warn" };
    case "expired":
      return { text: `Expired on ${DATE_TIME.format(key.expiresAt!)} UTC`, tone: "" };
    case "revoked":
      return { text: `Revoked on ${DATE_TIME.format(key.revokedAt!)} UTC`, tone: "" };
    case "rotated":
      return { text: `Rotated: replaced on ${DATE_TIME.format(key.rotatedAt!)} UTC`, tone: "" };
  }
}

/** The workspace's API keys: each with its permissions, use and status; creating, rotating and revoking, each for the authority that allows it. */
export default async function ApiKeysPage({ params }: { params: Promise<{ subdomain: string }> }) {
  const principal = await guardPage(() => requireWorkspace("ROLE_API_SHOW"));
  const { subdomain } = await params;
  // Layouts do not re-run on every navigation, so the page checks the workspace itself.
  if (principal.workspace.subdomain !== subdomain) redirect("/workspaces");
  const now = new Date();
  const keys = await listApiKeys(principal, now);

  // The server refuses all of this anyway; the page only spares people controls that cannot work.
  const mayCreate = can(principal, "ROLE_API_CREATE");
  const mayRevoke = can(principal, "ROLE_API_DELETE");
  // Nobody gives a key more than they hold: the form offers only what the caller holds.
  const groups = authorityGroups(principal)
    .map((group) => ({ ...group, choices: group.choices.filter((choice) => choice.held) }))
    .filter((group) => group.choices.length > 0);
  // A date input's minimum: an expiry is the start of a UTC day, so today is already past.
  const earliestExpiry = new Date(now.getTime() + DAY_MS).toISOString().slice(0, 10);
  const { workspace, user } = principal;

  return (
    <section aria-labelledby="api-keys-title">
      <h1 id="api-keys-title">API keys</h1>
      <p className="muted">
        Keys let your services call the API of {workspace.name} with <code>Authorization: Bearer …</code>, without a person signing in. A key works with the permissions
        chosen for it, never more than its creator holds at the time.
      </p>

      {mayCreate && (
        <section className="card" aria-labelledby="new-key-title">
          <h2 id="new-key-title">New API key</h2>
          <p>Choose its permissions: you can give a key only permissions you hold yourself. Its secret is shown once, right after it is created.</p>
          <CreateApiKey groups={groups} email={user.email} earliestExpiry={earliestExpiry} />
        </section>
      )}

      <section aria-labelledby="key-list-title">
        <h2 id="key-list-title">Keys ({keys.length})</h2>
        {keys.length === 0 ? (
          <p>This workspace has no API keys yet.</p>
        ) : (
          <ul role="list" className={styles.keyList}>
            {keys.map((key) => {
              const titleId = `key-${key.id}`;
              const masked = `${key.prefix}…${key.lastFour}`;
              const label = `${key.name} (${masked})`;
              const status = statusOf(key);
              const live = key.status === "active" || key.status === "rotating";
              const holdsAll = key.authorities.every((authority) => can(principal, authority));
              return (
                <li key={key.id} className="card">
                  <article aria-labelledby={`${titleId} ${titleId}-key`}>
                    <div className={styles.keyHead}>
                      <h3 id={titleId}>{key.name}</h3>
                      <code id={`${titleId}-key`}>{masked}</code>
                    </div>
                    <dl className="facts">
                      <dt>Status</dt>
                      <dd>
                        <span className={`badge ${status.tone}`}>{status.text}</span>
                        {key.unused90Days && <span className="badge warn">Unused for 90 days</span>}
                      </dd>
                      <dt>Permissions</dt>
                      <dd>
                        <ul className="authorities">
                          {key.authorities.map((authority) => (
                            <li key={authority}>{AUTHORITIES[authority]}</li>
                          ))}
                        </ul>
                      </dd>
                      <dt>Created</dt>
                      <dd>
                        {DATE_TIME.format(key.createdAt)} UTC by {key.createdBy?.email ?? "a deleted account"}
                      </dd>
                      <dt>Expires</dt>
                      <dd>{key.expiresAt ? `${DATE_TIME.format(key.expiresAt)} UTC` : "Never"}</dd>
                      <dt>Last used</dt>
                      <dd>{key.lastUsedAt ? `${DATE_TIME.format(key.lastUsedAt)} UTC${key.lastUsedIp ? ` from ${key.lastUsedIp}` : ""}` : "Never"}</dd>
                    </dl>
                    <UsageChart days={key.requestsPerDay} />
                    {(mayCreate || (mayRevoke && live)) && (
                      <div className={styles.keyActions}>
                        {mayCreate && <RotateApiKey id={key.id} label={label} email={user.email} rotatable={key.status === "active" && holdsAll && (mayRevoke || key.createdBy?.id === principal.user.id)} />}
                        {mayRevoke && live && (
                          <ConfirmAction
                            label="Revoke"
                            target={label}
                            question={`Revoke ${label}? Its very next request is refused, and so is every token obtained with it. This cannot be undone.`}
                            confirmLabel="Yes, revoke"
                            pendingLabel="Revoking…"
                            action={revokeApiKeyAction.bind(null, key.id)}
                          />
                        )}
                      </div>
                    )}
                  </article>
                </li>
              );
            })}
          </ul>
        )}
      </section>
    </section>
  );
}
