import "server-only";
import { validationError } from "@/lib/api/handler";
import { recordAudit } from "@/lib/audit";
import { can } from "@/lib/auth/authorities";
import { auditActor, type WorkspacePrincipal } from "@/lib/auth/principal";
import type { ClientContext } from "@/lib/auth/sessions";
import type { WorkspaceTx } from "@/lib/db/scoped";
import { AppError } from "@/lib/errors";
import { ipInRanges, normaliseCidr } from "@/lib/net/ip";
import { requireAllowlist } from "./fields";
import { workspaceSettingsSchema, type TokenLimits } from "./settings-schema";
import { tokenLifetimes, tokenLimits } from "./token-policy";

// A workspace's own settings, kept by its members holding ROLE_ADMIN_SETTINGS: name, logo, MFA,
// the IP allow-list and the token policy within the landlord's bounds. Read and written only
// through `principal.db`, which refuses the columns the landlord owns (suspension, the bounds).

/** The settings as the workspace's administrators see them. */
export interface WorkspaceSettingsView {
  id: number;
  guid: string;
  name: string;
  logo: string | null;
  subdomain: string;
  createdAt: Date;
  mfaRequired: boolean;
  ipRestricted: boolean;
  ipAllowlist: string[];
  /** The workspace's own choice; null: the platform's default. */
  tokenPolicy: { accessTokenMinutes: number | null; sessionHours: number | null };
  /** The most it may choose now: the landlord's bound within the platform's maximum. */
  tokenLimits: TokenLimits;
  /** What the next workspace token and session get. */
  tokenLifetimes: TokenLimits;
}

const SETTINGS_SELECT = {
  id: true,
  guid: true,
  name: true,
  logo: true,
  subdomain: true,
  createdAt: true,
  mfaRequired: true,
  ipRestricted: true,
  accessTokenMinutes: true,
  sessionHours: true,
  maxAccessTokenMinutes: true,
  maxSessionHours: true,
  ipRanges: { select: { cidr: true }, orderBy: { id: "asc" } },
} as const;

/** 403 unless the principal may change the workspace's settings (reading them too: they show its network). */
function requireSettingsAuthority(principal: WorkspacePrincipal): void {
  if (!can(principal, "ROLE_ADMIN_SETTINGS")) throw new AppError("FORBIDDEN");
}

async function readSettings(tx: WorkspaceTx, workspaceId: number) {
  const row = await tx.workspace.findUnique({ where: { id: workspaceId }, select: SETTINGS_SELECT });
  if (!row) throw new AppError("NOT_FOUND");
  return row;
}

function settingsView(row: Awaited<ReturnType<typeof readSettings>>): WorkspaceSettingsView {
  const { ipRanges, accessTokenMinutes, sessionHours, maxAccessTokenMinutes: _bound, maxSessionHours: _sessionBound, ...workspace } = row;
  return { ...workspace, ipAllowlist: ipRanges.map((range) => range.cidr), tokenPolicy: { accessTokenMinutes, sessionHours }, tokenLimits: tokenLimits(row), tokenLifetimes: tokenLifetimes(row) };
}

/** The principal's workspace settings, with the token policy's limits and what applies now. */
export async function getWorkspaceSettings(principal: WorkspacePrincipal): Promise<WorkspaceSettingsView> {
  requireSettingsAuthority(principal);
  return settingsView(await readSettings(principal.db, principal.workspace.id));
}

/** The refusal (409) of an IP restriction that would refuse the caller's own address. */
function lockoutRefusal(ip: string | null): AppError {
  const where = ip ? `Your address, ${ip}, is outside this allow-list` : "Gatehouse cannot tell your address, so it counts as outside this allow-list";
  return new AppError("WOULD_LOCK_OUT", { message: `${where}: saving it locks you out of this workspace at once. Confirm to save it anyway.` });
}

/**
 * Changes any of the settings (`input` is checked here against the workspace's own token limits;
 * the allow-list is replaced as a whole), in one transaction through the scoped client, audited
 * as `workspace.settings_changed` with the names of the fields whose value changed. Refused: 403
 * without ROLE_ADMIN_SETTINGS, 400 for a lifetime above its limit or an IP restriction without a
 * range, 409 WOULD_LOCK_OUT when the result would refuse the caller's own address (ctx.ip)
 * unless `confirmLockout` is true. A new policy applies to the next token and refresh.
 */
export async function updateWorkspaceSettings(principal: WorkspacePrincipal, input: unknown, ctx: ClientContext): Promise<WorkspaceSettingsView> {
  requireSettingsAuthority(principal);
  const id = principal.workspace.id;
  const row = await principal.db.$transaction(async (tx) => {
    const current = await readSettings(tx, id);
    const parsed = workspaceSettingsSchema(tokenLimits(current)).safeParse(input);
    if (!parsed.success) throw validationError(parsed.error, input);
    const { ipAllowlist, tokenPolicy = {}, confirmLockout = false, ...fields } = parsed.data;
    const currentRanges = current.ipRanges.map((range) => range.cidr);
    const ranges = ipAllowlist ? [...new Set(ipAllowlist.map(normaliseCidr))] : currentRanges;
    const ipRestricted = fields.ipRestricted ?? current.ipRestricted;
    requireAllowlist(ipRestricted, ranges);
    // An unknown address is never inside an allow-list (lib/auth/policy.ts): it counts as outside.
    const locksCallerOut = ipRestricted && !ipInRanges(ctx.ip, ranges);
    if (locksCallerOut && !confirmLockout) throw lockoutRefusal(ctx.ip);

    const columns = { ...fields, ...tokenPolicy };
    const changed = (Object.keys(columns) as (keyof typeof columns)[]).filter((key) => columns[key] !== undefined && columns[key] !== current[key]);
    const rangesChanged = ipAllowlist !== undefined && [...ranges].sort().join() !== [...currentRanges].sort().join();
    if (changed.length === 0 && !rangesChanged) return current;
    if (changed.length) await tx.workspace.update({ where: { id }, data: Object.fromEntries(changed.map((key) => [key, columns[key]])) });
    if (rangesChanged) {
      await tx.workspaceIpRange.deleteMany({});
      await tx.workspaceIpRange.createMany({ data: ranges.map((cidr) => ({ workspaceId: id, cidr })) });
    }
    const names = [...changed.map((key) => (key in tokenPolicy ? `tokenPolicy.${key}` : key)), ...(rangesChanged ? ["ipAllowlist"] : [])];
    await recordAudit(
      {
        action: "workspace.settings_changed",
        workspaceId: id,
        ...auditActor(principal),
        ip: ctx.ip,
        userAgent: ctx.userAgent,
        targetType: "workspace",
        targetId: current.guid,
        // That the caller overrode the lock-out warning, for whoever reads why they are refused now.
        metadata: { fields: names, ...(locksCallerOut && { lockoutConfirmed: true }) },
      },
      tx,
    );
    return readSettings(tx, id);
  });
  return settingsView(row);
}
