import "server-only";
import { type AuditEntry, recordAudit } from "@/lib/audit";
import { db, type Tx } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/sqlite/client";

/**
 * How a relation may be followed (in `where`, `include`, `select`, `orderBy`, `_count`) from a
 * row the scoped client can see: `tenant` — its rows provably belong to the same workspace (the
 * foreign key carries `workspaceId`, or it is the `workspace` relation or one of its back
 * relations), `identity` — a `User` row, reachable for its own columns only (a member, an
 * inviter); `refused` — it could reach another tenant's rows or a secret.
 */
type Reach = "tenant" | "identity" | "refused";
/**
 * `key`: on a relation keyed by the target's id alone, the foreign-key column on this model. The
 * scoped client accepts it in written data only when it names a row of its own workspace.
 */
type Relations = Record<string, { to: Prisma.ModelName; reach: Reach; key?: string }>;
type ModelScope =
  /** Rows of one workspace: `workspaceId` is added to every filter and every new row. */
  | { access: "tenant"; relations: Relations }
  /**
   * The workspace row itself, found by `id`: readable and updatable, never created or deleted;
   * `landlordOwned` columns are read-only (the platform sets them, not the tenant's admins).
   */
  | { access: "workspace"; landlordOwned: readonly string[]; relations: Relations }
  /** Not a top-level model of the scoped client; reachable as a `User` leaf through `identity`. */
  | { access: "identity"; reason: string; relations: Relations }
  /** Not reachable through the scoped client at all. */
  | { access: "excluded"; reason: string };

const tenant = (to: Prisma.ModelName) => ({ to, reach: "tenant" as const });
const identity = { to: "User" as const, reach: "identity" as const };
const refused = (to: Prisma.ModelName, key?: string) => ({ to, reach: "refused" as const, ...(key ? { key } : {}) });

/**
 * The one decision per model of what the workspace-scoped client may touch, and per relation of
 * those models how far it may be followed. `satisfies Record<ModelName, …>` makes a new model
 * fail to compile until it is classified here; `scoped.test.ts` checks this table against
 * `prisma/schema.prisma` (every model with `workspaceId` is scoped or excluded with a reason,
 * every relation is listed, every `tenant` relation is same-tenant by its foreign key).
 */
export const MODEL_SCOPE = {
  Workspace: {
    access: "workspace",
    // Identity (in paths, tokens and bookmarks), suspension and the bounds of the token policy:
    // a workspace admin writing them would lift the landlord's suspension or bounds.
    landlordOwned: ["id", "guid", "subdomain", "suspendedAt", "suspendedReason", "maxAccessTokenMinutes", "maxSessionHours"],
    relations: {
      ipRanges: tenant("WorkspaceIpRange"),
      roles: tenant("Role"),
      memberships: tenant("Membership"),
      sessions: refused("Session"),
      invitations: tenant("Invitation"),
      apiKeys: tenant("ApiKey"),
      auditEvents: tenant("AuditEvent"),
      emails: tenant("OutboxEmail"),
    },
  },
  WorkspaceIpRange: { access: "tenant", relations: { workspace: tenant("Workspace") } },
  // Membership → role is the compound (workspaceId, roleId) key: a role's memberships are its tenant's.
  Role: { access: "tenant", relations: { workspace: tenant("Workspace"), memberships: tenant("Membership"), invitations: refused("Invitation") } },
  Membership: { access: "tenant", relations: { workspace: tenant("Workspace"), user: identity, role: tenant("Role") } },
  // Invitation → role is keyed by the role's id alone: not followed, and roleId is checked on write.
  Invitation: { access: "tenant", relations: { workspace: tenant("Workspace"), role: refused("Role", "roleId"), invitedBy: identity } },
  ApiKey: {
    access: "tenant",
    relations: { workspace: tenant("Workspace"), createdBy: identity, rotatedFrom: refused("ApiKey", "rotatedFromId"), rotatedTo: refused("ApiKey"), usage: refused("ApiKeyUsage"), addresses: refused("ApiKeyAddress") },
  },
  // Nullable workspaceId: rows outside any workspace (sign-in events, landlord links) never match.
  // Read-only here: events are appended to the workspace's chain by `auditEvent.appendToChain`.
  AuditEvent: { access: "tenant", relations: { workspace: tenant("Workspace") } },
  OutboxEmail: { access: "tenant", relations: { workspace: tenant("Workspace") } },
  User: {
    access: "identity",
    reason: "a global identity shared by every workspace it belongs to; tenant code reads a member's own columns through Membership.user",
    relations: {
      password: refused("PasswordCredential"),
      totp: refused("TotpFactor"),
      recoveryCodes: refused("RecoveryCode"),
      memberships: refused("Membership"),
      sessions: refused("Session"),
      apiKeysMade: refused("ApiKey"),
      invitationsSent: refused("Invitation"),
      passwordResets: refused("PasswordResetToken"),
    },
  },
  Session: {
    access: "excluded",
    reason: "belongs to a user across workspaces; its workspaceId is only the one selected last (the journey and the DAL use the global client)",
  },
  PasswordCredential: { access: "excluded", reason: "secret (password hash)" },
  TotpFactor: { access: "excluded", reason: "secret (encrypted TOTP secret)" },
  RecoveryCode: { access: "excluded", reason: "secret (hashed recovery codes)" },
  RefreshToken: { access: "excluded", reason: "secret (refresh token hashes, encrypted replacement pairs)" },
  PasswordResetToken: { access: "excluded", reason: "secret (password-reset token hashes) of a global identity" },
  ThrottleCounter: { access: "excluded", reason: "global sign-in counters keyed by address, account or device" },
  ApiKeyUsage: { access: "excluded", reason: "usage counters written by the flush of lib/api-keys (global client), read through the key's own id" },
  ApiKeyAddress: { access: "excluded", reason: "addresses a key was used from, written by the flush of lib/api-keys (global client)" },
  AuditChainHead: { access: "excluded", reason: "the audit chains' last links across every workspace; only lib/audit.ts appends" },
} as const satisfies Record<Prisma.ModelName, ModelScope>;

type ScopedModel = { [M in keyof typeof MODEL_SCOPE]: (typeof MODEL_SCOPE)[M]["access"] extends "tenant" | "workspace" ? M : never }[keyof typeof MODEL_SCOPE];
const SCOPED_MODELS = (Object.keys(MODEL_SCOPE) as Prisma.ModelName[]).filter((model) => {
  const { access } = MODEL_SCOPE[model];
  return access === "tenant" || access === "workspace";
}) as ScopedModel[];

/** A query the workspace-scoped client refuses: a programming error, never the caller's input. */
export class ScopedClientError extends Error {
  constructor(message: string) {
    super(`workspaceDb: ${message}`);
    this.name = "ScopedClientError";
  }
}

const READ_OR_BULK = new Set(["findMany", "findFirst", "findFirstOrThrow", "count", "aggregate", "groupBy", "updateMany", "updateManyAndReturn", "deleteMany"]);
const UNIQUE = new Set(["findUnique", "findUniqueOrThrow", "update", "delete", "upsert"]);
const CREATE = new Set(["create", "createMany", "createManyAndReturn"]);
/** What may be done to audit events: read them. They are appended by `auditEvent.appendToChain` (through recordAudit), never written otherwise. */
const AUDIT_READS = new Set(["findUnique", "findUniqueOrThrow", "findFirst", "findFirstOrThrow", "findMany", "count", "aggregate", "groupBy"]);
/** What may be done to the workspace row: read it and update it, nothing else. */
const WORKSPACE_OPERATIONS = new Set(["findUnique", "findUniqueOrThrow", "findFirst", "findFirstOrThrow", "findMany", "count", "aggregate", "groupBy", "update", "updateMany", "updateManyAndReturn"]);

type Row = Record<string, unknown>;
type Args = Row & { where?: Row; data?: Row | Row[]; create?: Row; update?: Row };

function isObject(value: unknown): value is Row {
  return typeof value === "object" && value !== null && !(value instanceof Date);
}

/** The relations of a model the scoped client may enter (none for an excluded one). */
function relationsOf(model: Prisma.ModelName): Relations {
  const scope: ModelScope = MODEL_SCOPE[model];
  return "relations" in scope ? scope.relations : {};
}

/**
 * Walks filters, `include`, `select`, `orderBy` and `_count` and refuses every relation that is
 * not proven to stay in the workspace. Keys that are not relations (operators, `AND`, `some`,
 * `select`, scalar filters) keep the current model: no operator shares a relation's name.
 * `_count: true` in a selection counts every relation (a member's workspaces, say), so there it
 * is accepted only when every relation of the model may be followed.
 */
function checkReach(model: Prisma.ModelName, value: unknown, path: string, selection = false): void {
  if (Array.isArray(value)) return value.forEach((item) => checkReach(model, item, path));
  if (!isObject(value)) return;
  const relations = relationsOf(model);
  for (const [key, inner] of Object.entries(value)) {
    const relation = Object.hasOwn(relations, key) ? relations[key] : undefined;
    if (selection && key === "_count" && inner === true) {
      const out = Object.entries(relations).find(([, { reach }]) => reach !== "tenant");
      if (out) throw new ScopedClientError(`${path}._count counts ${model}.${out[0]}, which may reach another tenant's rows or a secret; name the relations to count`);
    }
    if (!relation) {
      checkReach(model, inner, path, key === "select" || key === "include");
      continue;
    }
    if (relation.reach === "refused") throw new ScopedClientError(`${path}.${key} (${model} → ${relation.to}) may reach another tenant's rows or a secret; query ${relation.to} through its own tenant model or the global client`);
    checkReach(relation.to, inner, `${path}.${key}`);
  }
}

/**
 * Refuses relation fields in written data: a nested `connect`, `connectOrCreate`, `create`,
 * `update`, `upsert`, `delete`, `set` or `disconnect` would run without the tenant filter, so it
 * could attach or change another tenant's row (`workspace: { connect }` would re-home this one).
 * Write foreign keys as columns (`roleId`): the database's compound keys, or `checkKeys` for
 * one keyed by id alone, check them.
 */
function checkData(model: Prisma.ModelName, operation: string, data: unknown): void {
  if (Array.isArray(data)) return data.forEach((row) => checkData(model, operation, row));
  if (!isObject(data)) return;
  for (const key of Object.keys(data)) {
    if (Object.hasOwn(relationsOf(model), key)) throw new ScopedClientError(`${model}.${operation} may not write the relation ${key} (nested writes are refused: write its foreign key column)`);
  }
  const scope: ModelScope = MODEL_SCOPE[model];
  const owned = scope.access === "workspace" ? scope.landlordOwned.find((column) => column in data) : undefined;
  if (owned) throw new ScopedClientError(`${model}.${operation} may not change the workspace's ${owned}: the platform (landlord) sets it, not the workspace`);
}

/** Adds the tenant to a unique filter beside its key (`AND`, so the caller's own key stays). */
function andUnique(where: Row | undefined, filter: Row): Row {
  const and = where?.AND === undefined ? [] : Array.isArray(where.AND) ? where.AND : [where.AND];
  return { ...where, AND: [...and, filter] };
}

function scopeArgs(workspaceId: number, model: ScopedModel, operation: string, args: Args): Args {
  const { access } = MODEL_SCOPE[model];
  if (access === "workspace" && !WORKSPACE_OPERATIONS.has(operation)) throw new ScopedClientError(`${model}.${operation} is refused: the scoped client reads and updates its own workspace only`);
  const scoped = { ...args };
  for (const key of ["data", "create", "update"] as const) checkData(model, operation, scoped[key]);
  const { data: _data, create: _create, update: _update, ...reads } = scoped;
  checkReach(model, reads, `${model}.${operation}`);
  if (access === "workspace") {
    if (READ_OR_BULK.has(operation)) scoped.where = scoped.where ? { AND: [scoped.where, { id: workspaceId }] } : { id: workspaceId };
    if (UNIQUE.has(operation)) scoped.where = andUnique(scoped.where, { id: workspaceId });
    return scoped;
  }
  // A row never moves to another tenant through an update.
  const written = [operation === "upsert" ? scoped.update : operation.startsWith("update") ? scoped.data : undefined].flat();
  if (written.some((row) => isObject(row) && "workspaceId" in row)) throw new ScopedClientError(`${model}.${operation} may not change workspaceId`);
  // AND keeps the caller's own filter intact (asking for another tenant finds nothing); unique
  // lookups need their key at the top level, where the tenant is added beside it. An equality
  // on workspaceId never matches a null one (AuditEvent, OutboxEmail, Invitation outside any tenant).
  if (READ_OR_BULK.has(operation)) scoped.where = scoped.where ? { AND: [scoped.where, { workspaceId }] } : { workspaceId };
  if (UNIQUE.has(operation)) scoped.where = { ...scoped.where, workspaceId };
  if (operation === "upsert") scoped.create = { ...scoped.create, workspaceId };
  if (CREATE.has(operation)) {
    const data = scoped.data;
    scoped.data = Array.isArray(data) ? data.map((row) => ({ ...row, workspaceId })) : { ...data, workspaceId };
  }
  return scoped;
}

function extend(workspaceId: number) {
  return db().$extends({
    name: `workspace-${workspaceId}`,
    model: {
      auditEvent: {
        /**
         * Appends an event to this workspace's audit chain, in this client's transaction if it is
         * one (recordAudit with a scoped client lands here). The chain head is not a tenant row,
         * so the append runs on `$parent`: the global client of the same transaction. The event
         * belongs to this workspace whatever the entry says; naming another one is refused.
         */
        async appendToChain(entry: AuditEntry): Promise<void> {
          if (entry.workspaceId !== undefined && entry.workspaceId !== null && entry.workspaceId !== workspaceId) {
            throw new ScopedClientError(`AuditEvent.appendToChain may not record an event of workspace ${entry.workspaceId}`);
          }
          const { $parent } = Prisma.getExtensionContext(this) as unknown as { $parent: Tx };
          await recordAudit({ ...entry, workspaceId }, $parent);
        },
      },
    },
    query: {
      // Top level, so raw SQL (no model) and every model, also one reached by a cast, pass here.
      async $allOperations({ model, operation, args, query }) {
        if (!model) throw new ScopedClientError(`${operation} is refused: raw SQL is not scoped`);
        if (!(SCOPED_MODELS as string[]).includes(model)) {
          const { reason } = MODEL_SCOPE[model as Prisma.ModelName] as { reason?: string };
          throw new ScopedClientError(`${model} is not reachable through the workspace-scoped client${reason ? ` (${reason})` : ""}`);
        }
        // The audit log is append-only (a hash chain): an update or delete would break it, and a plain create would sit outside it.
        if (model === "AuditEvent" && !AUDIT_READS.has(operation)) throw new ScopedClientError(`AuditEvent.${operation} is refused: the audit log is append-only; record events with recordAudit (lib/audit.ts)`);
        return query(scopeArgs(workspaceId, model as ScopedModel, operation, args as Args) as typeof args);
      },
    },
  });
}

type Extended = ReturnType<typeof extend>;
/** The scoped client inside `$transaction`. */
export type WorkspaceTx = Pick<Extended, Uncapitalize<ScopedModel>>;
/** The scoped client: the tenant models, the workspace itself, and interactive transactions. */
export type WorkspaceDb = WorkspaceTx & {
  $transaction<R>(fn: (tx: WorkspaceTx) => Promise<R>, options?: { maxWait?: number; timeout?: number }): Promise<R>;
};

type Client = Extended | Parameters<Parameters<Extended["$transaction"]>[0]>[0];
type Counter = { count(args: { where: Row }): Promise<number> };
const WRITES = new Set(["create", "createMany", "createManyAndReturn", "update", "updateMany", "updateManyAndReturn", "upsert"]);
const delegateOf = (model: Prisma.ModelName) => (model.charAt(0).toLowerCase() + model.slice(1)) as Uncapitalize<ScopedModel>;

/**
 * Refuses a foreign key keyed by id alone (`Invitation.roleId`) that names a row of another
 * workspace: the database would accept it, and the row would point into another tenant. The
 * look-up runs on the same client, so inside `$transaction` it sees the transaction's rows; the
 * answer cannot change before the write, since no row ever changes its workspace.
 */
async function checkKeys(client: Client, model: ScopedModel, operation: string, args: Args): Promise<void> {
  const rows = [args.data, args.create, args.update].flat().filter(isObject);
  for (const { to, key } of Object.values(relationsOf(model))) {
    if (!key) continue;
    const ids = new Set<number>();
    for (const row of rows) {
      const raw = row[key];
      // Arithmetic on a key (`{ increment: 1 }`) would reach a row nobody named.
      const value = isObject(raw) ? (Object.keys(raw).length === 1 && "set" in raw ? raw.set : Symbol.for("refused")) : raw;
      if (typeof value === "symbol") throw new ScopedClientError(`${model}.${operation} may only set ${key} to an id, not compute it`);
      if (typeof value === "number") ids.add(value);
    }
    if (!ids.size) continue;
    const found = await (client[delegateOf(to)] as unknown as Counter).count({ where: { id: { in: [...ids] } } });
    if (found !== ids.size) throw new ScopedClientError(`${model}.${operation}: ${key} must name a ${to} of this workspace`);
  }
}

/** The delegate, its writes first checking the foreign keys `checkKeys` guards. */
function guardKeys(client: Client, model: ScopedModel): unknown {
  const delegate = client[delegateOf(model)];
  if (!Object.values(relationsOf(model)).some((relation) => relation.key)) return delegate;
  return new Proxy(delegate, {
    get(target, operation, receiver) {
      const method: unknown = Reflect.get(target, operation, receiver);
      if (typeof operation !== "string" || !WRITES.has(operation) || typeof method !== "function") return method;
      return async (args: Args) => {
        await checkKeys(client, model, operation, args);
        return (method as (args: Args) => Promise<unknown>).call(target, args);
      };
    },
  });
}

/**
 * Only the scoped delegates, and a clear error for any other member of the client (a cast to
 * `session`, `$queryRaw`, `$extends`). Other names are undefined, as on any object (`then`).
 */
function confine<T extends object>(client: Client, extra: T): WorkspaceTx & T {
  const surface: Row = { ...(extra as Row) };
  for (const model of SCOPED_MODELS) surface[delegateOf(model)] = guardKeys(client, model);
  return new Proxy(Object.freeze(surface), {
    get(target, key, receiver) {
      if (typeof key === "string" && !Object.hasOwn(target, key) && key in client) {
        throw new ScopedClientError(`${key} is not reachable through the workspace-scoped client`);
      }
      return Reflect.get(target, key, receiver);
    },
  }) as unknown as WorkspaceTx & T;
}

/**
 * A database client confined to one workspace. Its type holds only the tenant models and
 * `workspace`; any other model, raw SQL or `$extends` is refused at run time as well.
 * - Tenant models: `workspaceId` is added to every filter and to every new row; an update may
 *   not change it; rows of other tenants and rows with a null `workspaceId` are invisible.
 * - `workspace`: only this workspace's row (by `id`) is found and updated; create, upsert and
 *   delete are refused, and so is writing a landlord-owned column (suspension, token bounds, ids).
 * - Written data may not hold relation fields (nested `connect`, `create`, … are refused); a
 *   foreign key keyed by id alone (`Invitation.roleId`, `ApiKey.rotatedFromId`) must name a row
 *   of this workspace.
 * - `where`, `include`, `select`, `orderBy` and `_count` may follow only relations that stay in
 *   the workspace (`MODEL_SCOPE`); a member's, inviter's or key creator's `User` columns are
 *   readable, never the user's other relations. The rest is refused with a clear error.
 * - `auditEvent` is read-only; `recordAudit(entry, scoped)` appends to this workspace's chain.
 */
export function workspaceDb(workspaceId: number): WorkspaceDb {
  const client = extend(workspaceId);
  return confine(client, {
    $transaction<R>(fn: (tx: WorkspaceTx) => Promise<R>, options?: { maxWait?: number; timeout?: number }): Promise<R> {
      return client.$transaction((tx) => fn(confine(tx, {})), options);
    },
  });
}
