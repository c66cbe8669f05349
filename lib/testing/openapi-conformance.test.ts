// The hook every integration test's responses pass through (lib/testing/fixtures.ts `call`):
// it must fail a response the document does not describe, or the integration suites prove nothing.
import { describe, expect, it } from "vitest";
import { assertDocumentedResponse, type ObservedResponse } from "./openapi-conformance";

const JSON_TYPE = "application/json; charset=utf-8";
const session = { id: "s1", current: true, device: "Firefox 140 on Linux", ipAddress: "127.0.0.1", createdAt: "2026-12-01T09:00:00.000Z", lastSeenAt: "2026-12-01T09:05:00.000Z", workspace: null };
const response = (overrides: Partial<ObservedResponse>): ObservedResponse => ({ method: "GET", path: "/uauth/sessions", status: 200, contentType: JSON_TYPE, body: JSON.stringify({ sessions: [session] }), ...overrides });
const unauthenticated = JSON.stringify({ error: { code: "UNAUTHENTICATED", message: "Sign in first." } });

describe("assertDocumentedResponse", () => {
  it("accepts documented answers: a body, an error of a listed code, no body for a 204, the query string ignored", () => {
    expect(() => assertDocumentedResponse(response({}))).not.toThrow();
    expect(() => assertDocumentedResponse(response({ path: "/uauth/sessions?x=1", status: 401, body: unauthenticated }))).not.toThrow();
    expect(() => assertDocumentedResponse(response({ method: "DELETE", path: "/uauth/sessions/s1", status: 204, contentType: null, body: "" }))).not.toThrow();
    expect(() => assertDocumentedResponse(response({ path: "/uauth/business-profile/", body: "[]" }))).not.toThrow();
  });

  it("fails a body that does not match, naming the field", () => {
    const wrong = JSON.stringify({ sessions: [{ ...session, lastSeenAt: 1764579900 }] });
    expect(() => assertDocumentedResponse(response({ body: wrong }))).toThrow(/GET \/uauth\/sessions 200 does not match .*body\/sessions\/0\/lastSeenAt must be string/);
    const extra = JSON.stringify({ sessions: [{ ...session, refreshToken: "secret" }] });
    expect(() => assertDocumentedResponse(response({ body: extra }))).toThrow(/must NOT have additional properties \(refreshToken\)/);
  });

  it("fails an undocumented status, an error code not listed under its status, and a body where none is documented", () => {
    expect(() => assertDocumentedResponse(response({ status: 418 }))).toThrow(/answered 418, which the document does not list/);
    const landlordOnly = JSON.stringify({ error: { code: "LANDLORD_ONLY", message: "No." } });
    expect(() => assertDocumentedResponse(response({ status: 403, body: landlordOnly }))).toThrow(/body\/error\/code must be equal to one of the allowed values \(.*MFA_REQUIRED/);
    expect(() => assertDocumentedResponse(response({ method: "DELETE", path: "/uauth/sessions/s1", status: 204, body: "{}" }))).toThrow(/documented without a body/);
  });

  it("fails an API path or method the document does not have, and leaves the browser's routes alone", () => {
    expect(() => assertDocumentedResponse(response({ path: "/uauth/nope" }))).toThrow(/not a documented path/);
    expect(() => assertDocumentedResponse(response({ method: "PUT" }))).toThrow(/has no PUT/);
    expect(() => assertDocumentedResponse(response({ path: "/auth/refresh", status: 418 }))).not.toThrow();
  });
});
