// Test-only: reads the models of prisma/schema.prisma (fields, relations and their foreign keys)
// and checks the workspace-scoped client's MODEL_SCOPE against them, so a model or relation added
// to the schema cannot be forgotten by the tenant filter. Never imported by the app.

/** A field of a model as the schema writes it. */
export interface SchemaField {
  name: string;
  type: string;
  /** For a relation field: its `@relation` name (or the default one both sides share). */
  relationName?: string;
  /** For the side of a relation that holds the foreign key: `fields` and `references`. */
  fields?: string[];
  references?: string[];
}

/** Model name → its fields. */
export type SchemaModels = Map<string, SchemaField[]>;

const list = (text: string | undefined) => (text ?? "").split(",").map((part) => part.trim()).filter(Boolean);

/** The models of a Prisma schema, with their fields (comments and block attributes skipped). */
export function parseSchemaModels(schema: string): SchemaModels {
  const models: SchemaModels = new Map();
  for (const [, name, body] of schema.matchAll(/^model\s+(\w+)\s*\{([\s\S]*?)^\}/gm)) {
    const fields: SchemaField[] = [];
    for (const raw of (body ?? "").split("\n")) {
      const line = raw.replace(/\/\/.*$/, "").trim();
      const match = /^(\w+)\s+(\w+)(\[\]|\?)?(.*)$/.exec(line);
      if (!match || line.startsWith("@@")) continue;
      const [, fieldName = "", type = "", , attributes = ""] = match;
      const relation = /@relation\(([^)]*)\)/.exec(attributes)?.[1];
      const field: SchemaField = { name: fieldName, type };
      if (relation !== undefined) {
        field.relationName = /^\s*"([^"]+)"/.exec(relation)?.[1] ?? /name:\s*"([^"]+)"/.exec(relation)?.[1];
        const fk = /fields:\s*\[([^\]]*)\]/.exec(relation)?.[1];
        if (fk !== undefined) {
          field.fields = list(fk);
          field.references = list(/references:\s*\[([^\]]*)\]/.exec(relation)?.[1]);
        }
      }
      fields.push(field);
    }
    models.set(name ?? "", fields);
  }
  // A relation field is one whose type is a model; unnamed relations share Prisma's default name.
  for (const [model, fields] of models) {
    for (const field of fields) {
      if (models.has(field.type)) field.relationName ??= [model, field.type].sort().join("To");
    }
  }
  return models;
}

type Scope = { access: string; reason?: string; relations?: Record<string, { to: string; reach: string; key?: string }> };

const holdsTenant = (field: SchemaField, target: string): boolean => {
  const at = field.fields?.indexOf("workspaceId") ?? -1;
  if (at < 0) return false;
  // X.workspace → Workspace.id, or a compound key whose workspaceId is the target's workspaceId.
  return field.references?.[at] === (target === "Workspace" ? "id" : "workspaceId");
};

/**
 * Every way MODEL_SCOPE disagrees with the schema, in words (empty when they agree): a model
 * missing from either, a model with `workspaceId` neither scoped nor excluded with a reason, a
 * relation not listed or listed with the wrong target, a `tenant` relation whose foreign key does
 * not carry `workspaceId`, a foreign key into a tenant row keyed by id alone without its `key`
 * (the column the scoped client checks on write).
 */
export function classificationProblems(models: SchemaModels, scopes: Record<string, Scope>): string[] {
  const problems: string[] = [];
  for (const name of models.keys()) if (!(name in scopes)) problems.push(`${name}: not classified in MODEL_SCOPE`);
  for (const name of Object.keys(scopes)) if (!models.has(name)) problems.push(`${name}: in MODEL_SCOPE but not in the schema`);
  for (const [name, fields] of models) {
    const scope = scopes[name];
    if (!scope) continue;
    const hasWorkspaceId = fields.some((field) => field.name === "workspaceId");
    const exempt = (scope.access === "excluded" || scope.access === "identity") && Boolean(scope.reason?.trim());
    if (hasWorkspaceId && scope.access !== "tenant" && !exempt) problems.push(`${name}: has workspaceId but is neither scoped (tenant) nor excluded with a reason`);
    if (scope.access === "tenant" && !hasWorkspaceId) problems.push(`${name}: scoped as a tenant model but has no workspaceId`);
    if (scope.access === "excluded" || !scope.relations) continue;
    const relations = fields.filter((field) => models.has(field.type));
    for (const field of relations) {
      const listed = scope.relations[field.name];
      if (!listed) problems.push(`${name}.${field.name}: relation not classified`);
      else if (listed.to !== field.type) problems.push(`${name}.${field.name}: classified as a relation to ${listed.to}, the schema says ${field.type}`);
    }
    for (const [relation, { to, reach, key }] of Object.entries(scope.relations)) {
      const field = relations.find((candidate) => candidate.name === relation);
      if (!field) {
        problems.push(`${name}.${relation}: classified but not a relation in the schema`);
        continue;
      }
      // A foreign key on this side into a tenant row, not proven same-tenant: writes must check it.
      const intoTenant = ["tenant", "workspace"].includes(scopes[to]?.access ?? "") && Boolean(field.fields) && !holdsTenant(field, to);
      const expectedKey = intoTenant ? field.fields?.join(", ") : undefined;
      if (reach !== "tenant" && key !== expectedKey) problems.push(`${name}.${relation}: key ${key ?? "(none)"}, the schema's foreign key into a tenant row is ${expectedKey ?? "(none)"}`);
      if (reach === "identity" && scopes[to]?.access !== "identity") problems.push(`${name}.${relation}: identity relation to ${to}, which is not an identity model`);
      if (reach !== "tenant") continue;
      if (!["tenant", "workspace"].includes(scopes[to]?.access ?? "")) problems.push(`${name}.${relation}: tenant relation to ${to}, which the scoped client does not scope`);
      // The side holding the foreign key: this field, or the other end of the same relation.
      const opposite = (models.get(to) ?? []).find((other) => other.relationName === field.relationName && other.type === name && other !== field);
      const sameTenant = field.fields ? holdsTenant(field, to) : Boolean(opposite?.fields && holdsTenant(opposite, name));
      if (!sameTenant) problems.push(`${name}.${relation}: classified tenant, but its foreign key does not carry workspaceId`);
    }
  }
  return problems;
}
