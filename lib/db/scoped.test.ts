// Threat: a model (or a relation) added to the schema with a workspaceId that the scoped client
// knows nothing about, so principal.db serves it unfiltered or follows it out of the tenant.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { Prisma } from "@/lib/db/generated/sqlite/client";
import { classificationProblems, parseSchemaModels } from "@/lib/testing/tenant-classification";
import { MODEL_SCOPE } from "./scoped";

const schema = readFileSync(path.resolve(import.meta.dirname, "../../prisma/schema.prisma"), "utf8");
const models = parseSchemaModels(schema);

describe("MODEL_SCOPE", () => {
  it("reads every model of the schema (the parser misses none)", () => {
    expect([...models.keys()].sort()).toEqual(Object.values(Prisma.ModelName).sort());
    expect(models.get("Membership")?.find((field) => field.name === "role")).toMatchObject({ type: "Role", fields: ["workspaceId", "roleId"], references: ["workspaceId", "id"] });
  });

  it("classifies every model with a workspaceId as scoped or exempt with a reason, and every relation of what it scopes", () => {
    expect(classificationProblems(models, MODEL_SCOPE)).toEqual([]);
  });

  it("fails for a forgotten tenant model, an unlisted relation, a tenant relation keyed by id alone or an unchecked key", () => {
    const widget = `${schema}\nmodel Widget {\n  id          Int @id\n  workspaceId Int\n}\n`;
    expect(classificationProblems(parseSchemaModels(widget), MODEL_SCOPE)).toEqual(["Widget: not classified in MODEL_SCOPE"]);
    expect(classificationProblems(parseSchemaModels(widget), { ...MODEL_SCOPE, Widget: { access: "excluded", reason: "" } })).toEqual([
      "Widget: has workspaceId but is neither scoped (tenant) nor excluded with a reason",
    ]);
    const { invitations: _invitations, ...roleRelations } = MODEL_SCOPE.Role.relations;
    expect(classificationProblems(models, { ...MODEL_SCOPE, Role: { access: "tenant", relations: roleRelations } })).toEqual(["Role.invitations: relation not classified"]);
    const trusting = { ...MODEL_SCOPE, Invitation: { access: "tenant", relations: { ...MODEL_SCOPE.Invitation.relations, role: { to: "Role", reach: "tenant" } } } };
    expect(classificationProblems(models, trusting)).toEqual(["Invitation.role: classified tenant, but its foreign key does not carry workspaceId"]);
    const { key: _key, ...unchecked } = MODEL_SCOPE.ApiKey.relations.rotatedFrom;
    const uncheckedKey = { ...MODEL_SCOPE, ApiKey: { access: "tenant", relations: { ...MODEL_SCOPE.ApiKey.relations, rotatedFrom: unchecked } } };
    expect(classificationProblems(models, uncheckedKey)).toEqual(["ApiKey.rotatedFrom: key (none), the schema's foreign key into a tenant row is rotatedFromId"]);
    const sessions = { ...MODEL_SCOPE, Workspace: { access: "workspace", relations: { ...MODEL_SCOPE.Workspace.relations, sessions: { to: "Session", reach: "tenant" } } } };
    expect(classificationProblems(models, sessions)).toEqual(["Workspace.sessions: tenant relation to Session, which the scoped client does not scope"]);
  });

  it("keeps the landlord's columns of Workspace read-only by name: each is a column of the schema (a rename cannot drop one silently)", () => {
    const columns = new Set(models.get("Workspace")?.map((field) => field.name));
    expect(MODEL_SCOPE.Workspace.landlordOwned.filter((column) => !columns.has(column))).toEqual([]);
    expect(MODEL_SCOPE.Workspace.landlordOwned).toEqual(expect.arrayContaining(["suspendedAt", "suspendedReason", "maxAccessTokenMinutes", "maxSessionHours"]));
  });

  it("exempts Session explicitly, with its reason", () => {
    expect(MODEL_SCOPE.Session.access).toBe("excluded");
    expect(models.get("Session")?.some((field) => field.name === "workspaceId")).toBe(true);
  });
});
