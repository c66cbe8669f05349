import { describe, expect, it } from "vitest";
import { ipAllowlistSchema, requireAllowlist, workspaceLogoSchema, workspaceNameSchema } from "./fields";

describe("workspace fields", () => {
  it("keeps a name to one line (threat: a CRLF in a name adding an e-mail header)", () => {
    expect(workspaceNameSchema.parse("  Acme  ")).toBe("Acme");
    expect(workspaceNameSchema.safeParse("Acme\r\nBcc: x@example.com").success).toBe(false);
    expect(workspaceNameSchema.safeParse(" ").error?.issues[0]?.message).toBe("Enter a name.");
  });

  it("takes an https:// logo or a path on Gatehouse, never another scheme or host (threat: //evil.example loads from another site)", () => {
    expect(workspaceLogoSchema.parse("/logos/acme.svg")).toBe("/logos/acme.svg");
    expect(workspaceLogoSchema.parse("https://cdn.example/a.png")).toBe("https://cdn.example/a.png");
    expect(workspaceLogoSchema.parse(null)).toBeNull();
    for (const bad of ["http://cdn.example/a.png", "javascript:alert(1)", "//evil.example/a.png", "/logos/../../etc/passwd"]) expect(workspaceLogoSchema.safeParse(bad).success, bad).toBe(false);
  });

  it("reports a wrong allow-list entry on the list, naming it", () => {
    expect(ipAllowlistSchema.parse([" 10.0.0.0/8", "2001:db8::/32 "])).toEqual(["10.0.0.0/8", "2001:db8::/32"]);
    const refused = ipAllowlistSchema.safeParse(["10.0.0.0/8", "10.0.0.300/8"]);
    expect(refused.error?.issues).toMatchObject([{ path: [], message: "10.0.0.300/8: Enter an IP range such as 10.0.0.0/8." }]);
    expect(ipAllowlistSchema.safeParse(Array.from({ length: 101 }, () => "10.0.0.0/8")).error?.issues[0]?.message).toBe("At most 100 ranges.");
  });

  it("refuses an IP restriction with no range (it would lock everyone out)", () => {
    expect(() => requireAllowlist(true, [])).toThrow(expect.objectContaining({ code: "VALIDATION_FAILED", details: expect.objectContaining({ fieldErrors: { ipAllowlist: "Give at least one range when ipRestricted is on." } }) }));
    expect(() => requireAllowlist(true, ["10.0.0.0/8"])).not.toThrow();
    expect(() => requireAllowlist(false, [])).not.toThrow();
  });
});
