import { describe, expect, it } from "vitest";
import { safeCallbackUrl } from "./callback-url";

describe("safeCallbackUrl (threat: an open redirect through callbackUrl / next)", () => {
  it("keeps same-site paths with their query", () => {
    expect(safeCallbackUrl("/w/acme")).toBe("/w/acme");
    expect(safeCallbackUrl("/workspaces?denied=NOT_A_MEMBER")).toBe("/workspaces?denied=NOT_A_MEMBER");
    expect(safeCallbackUrl("/w/acme/../globex")).toBe("/w/globex");
  });

  it("refuses other sites in every spelling", () => {
    for (const hostile of [
      "https://evil.example/",
      "//evil.example",
      "/\\evil.example",
      "/.//evil.example",
      "/./..//evil.example/x",
      "/%2e//evil.example",
      "/..//evil.example",
      "/a/../..//evil.example",
      "\\\\evil.example",
      "/\tevil",
      "javascript:alert(1)",
      "",
      "x".repeat(3000),
    ]) {
      expect(safeCallbackUrl(hostile), hostile).toBeNull();
    }
    expect(safeCallbackUrl(undefined)).toBeNull();
    expect(safeCallbackUrl(["/w/acme"])).toBeNull();
  });
});
