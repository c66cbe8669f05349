import { describe, expect, it } from "vitest";
import { ALL_AUTHORITIES } from "@/lib/auth/authorities";
import { authorityGroups } from "./authority-groups";

describe("the role form's authority groups", () => {
  it("shows every catalogue authority exactly once, grouped by area", () => {
    const groups = authorityGroups({ authorities: ALL_AUTHORITIES });
    expect(groups.map((group) => group.label)).toEqual(["Administration", "CRM", "ERP", "Analytics", "API keys"]);
    expect(groups.flatMap((group) => group.choices.map((choice) => choice.authority)).sort()).toEqual([...ALL_AUTHORITIES].sort());
    expect(groups.find((group) => group.label === "CRM")!.choices.map((choice) => choice.description)).toEqual(["View CRM records", "Edit CRM records"]);
  });

  // Threat (UI only, the server refuses anyway): a form that offers what its user cannot grant.
  it("marks as grantable only what the caller holds", () => {
    const choices = authorityGroups({ authorities: ["ROLE_ADMIN_ROLES", "ROLE_CRM_SHOW"] }).flatMap((group) => group.choices);
    expect(choices.filter((choice) => choice.held).map((choice) => choice.authority)).toEqual(["ROLE_ADMIN_ROLES", "ROLE_CRM_SHOW"]);
    expect(choices.filter((choice) => !choice.held)).toHaveLength(ALL_AUTHORITIES.length - 2);
  });
});
