// Threat (to integrators): an unknown API path answered with an HTML page, or a wrong method with
// an empty body, where the API promises JSON errors; the table middleware answers them from.
import { describe, expect, it } from "vitest";
import { apiMethods } from "./surface";

describe("apiMethods", () => {
  it("gives the documented methods, with the HEAD and OPTIONS Next.js adds", () => {
    expect(apiMethods("/uauth/me")).toEqual(["GET", "HEAD", "OPTIONS"]);
    expect(apiMethods("/uauth/auth/login/user")).toEqual(["POST", "OPTIONS"]);
  });

  it("matches path parameters and the seed's optional trailing slash", () => {
    expect(apiMethods("/uauth/business-profile/")).toEqual(["GET", "HEAD", "OPTIONS"]);
    expect(apiMethods("/uauth/business-profile")).toEqual(["GET", "HEAD", "OPTIONS"]);
    expect(apiMethods("/uauth/business-profile/6f1d2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b")).toEqual(["GET", "HEAD", "OPTIONS"]);
    expect(apiMethods("/uauth/auth/login/user/profile/6f1d2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b")).toEqual(["POST", "OPTIONS"]);
  });

  it("knows no other path", () => {
    for (const path of ["/uauth/nope", "/uauth/", "/uauth/business-profile/a/b", "/uauth/me/extra", "/uauth/mex"]) expect(apiMethods(path), path).toBeNull();
  });
});
