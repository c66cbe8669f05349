import "server-only";
import { db } from "@/lib/db/client";

/** Models whose rows belong to one workspace (they carry `workspaceId`). */
const TENANT_MODELS = new Set(["WorkspaceIpRange", "Role", "Membership", "Invitation", "ApiKey", "AuditEvent", "OutboxEmail"]);

const READ_OR_BULK = new Set(["findMany", "findFirst", "findFirstOrThrow", "count", "aggregate", "groupBy", "updateMany", "updateManyAndReturn", "deleteMany"]);
const UNIQUE = new Set(["findUnique", "findUniqueOrThrow", "update", "delete", "upsert"]);
const CREATE = new Set(["create", "createMany", "createManyAndReturn"]);
const UPDATES = new Set(["update", "updateMany", "updateManyAndReturn", "upsert"]);

type Args = Record<string, unknown> & { where?: Record<string, unknown>; data?: unknown; create?: Record<string, unknown>; update?: unknown };

function hasWorkspaceId(data: Record<string, unknown> | undefined): boolean {
  return Boolean(data && ("workspaceId" in data || "workspace" in data));
}

/**
 * A database client confined to one workspace: every top-level query on a tenant model gets
 * `workspaceId` added to its filter and to the rows it creates, and no update may change it, so a
 * query cannot reach another tenant's rows by forgetting a `where`. Relations reached through
 * `include`/`select` of a non-tenant model (a user's memberships, say) are not filtered: query the
 * tenant model itself. Raw SQL is not scoped either.
 */
export function workspaceDb(workspaceId: number) {
  return db().$extends({
    name: `workspace-${workspaceId}`,
    query: {
      $allModels: {
        async $allOperations({ model, operation, args, query }) {
          if (!TENANT_MODELS.has(model)) return query(args);
          const scoped = { ...(args as Args) };
          // A row never moves to another tenant through an update.
          if (UPDATES.has(operation) && hasWorkspaceId((operation === "upsert" ? scoped.update : scoped.data) as Record<string, unknown> | undefined)) {
            throw new Error(`workspaceDb: ${model}.${operation} may not change workspaceId`);
          }
          // AND keeps the caller's own filter intact (asking for another tenant finds nothing);
          // unique lookups need their key at the top level, where the tenant is added beside it.
          if (READ_OR_BULK.has(operation)) scoped.where = scoped.where ? { AND: [scoped.where, { workspaceId }] } : { workspaceId };
          if (UNIQUE.has(operation)) scoped.where = { ...scoped.where, workspaceId };
          if (operation === "upsert") scoped.create = { ...scoped.create, workspaceId };
          if (CREATE.has(operation)) {
            const data = scoped.data as Record<string, unknown> | Record<string, unknown>[];
            scoped.data = Array.isArray(data) ? data.map((row) => ({ ...row, workspaceId })) : { ...data, workspaceId };
          }
          return query(scoped as typeof args);
        },
      },
    },
  });
}

export type WorkspaceDb = ReturnType<typeof workspaceDb>;
