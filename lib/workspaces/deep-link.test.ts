import { describe, expect, it } from "vitest";
import { workspaceSubdomainOfPath } from "./deep-link";

describe("workspaceSubdomainOfPath", () => {
  it("finds the subdomain of a workspace page, with or without a deeper path or query", () => {
    expect(workspaceSubdomainOfPath("/w/acme")).toBe("acme");
    expect(workspaceSubdomainOfPath("/w/acme/settings/members?page=2")).toBe("acme");
    expect(workspaceSubdomainOfPath("/w/acme?tab=1")).toBe("acme");
  });

  // Threat: a crafted callbackUrl naming a workspace on another site, or not a path at all.
  it("ignores other pages, other sites and broken encodings", () => {
    expect(workspaceSubdomainOfPath(null)).toBeNull();
    expect(workspaceSubdomainOfPath("/workspaces")).toBeNull();
    expect(workspaceSubdomainOfPath("/w/")).toBeNull();
    expect(workspaceSubdomainOfPath("//evil.example/w/acme")).toBeNull();
    expect(workspaceSubdomainOfPath("https://evil.example/w/acme")).toBeNull();
    expect(workspaceSubdomainOfPath("/w/%E0%A4%A")).toBeNull();
  });
});
