import { describe, expect, it } from "vitest";
import { safeCallbackUrl, seeOther } from "./callback-url";

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

// Threat: a same-origin redirect written as an absolute URL on Next's configured host (or on
// APP_URL) sends a browser at 127.0.0.1 to localhost, signed out; and a redirect helper that
// takes any string is an open redirect.
describe("seeOther", () => {
  it("answers 303 with a relative Location", () => {
    const response = seeOther("/workspaces?denied=NOT_A_MEMBER");
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/workspaces?denied=NOT_A_MEMBER");
  });

  it("refuses anything that is not a path on this site", () => {
    for (const hostile of ["http://localhost:3000/workspaces", "//evil.example", "/.//evil.example"]) expect(() => seeOther(hostile), hostile).toThrow(TypeError);
  });
});
