// The API wrapper's answers at its edges, on a real database: what it reads first, what it says
// when a request is ambiguous, a race is lost or something breaks, and what it writes to the log.
import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { POST as mfaRoute } from "@/app/uauth/auth/login/user/mfa/verification/route";
import { GET as meRoute } from "@/app/uauth/me/route";
import { db } from "@/lib/db/client";
import { api, makeUser, MFA_PATH, signInViaApi, unique } from "@/lib/testing/fixtures";
import { apiRoute } from "./handler";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("apiRoute authenticates before it reads the body", () => {
  // Threat: an anonymous caller probing a route's schema and limits (or spending its parsing)
  // without any credential.
  it("answers 401 to an anonymous caller whatever the body", async () => {
    for (const options of [
      { body: "{not json", headers: { "content-type": "application/json" } },
      { body: "x".repeat(20_000), headers: { "content-type": "application/json" } },
      { body: "code=1", headers: { "content-type": "application/x-www-form-urlencoded" } },
      { json: { wrong: true } },
    ]) {
      const res = await api.post(mfaRoute, MFA_PATH, options);
      expect(res.status, JSON.stringify(options).slice(0, 60)).toBe(401);
      expect(res.json.error.code).toBe("UNAUTHENTICATED");
    }
  });
});

describe("apiRoute refuses two Authorization headers", () => {
  // Threat: header smuggling: one layer authenticates the first token, another acts on the second.
  it("answers 400 BAD_REQUEST when the header holds several values", async () => {
    const { token } = await signInViaApi(await makeUser());
    const res = await api.get(meRoute, "/uauth/me", { headers: { authorization: `Bearer ${token}, Bearer ${token}` } });
    expect(res.status).toBe(400);
    expect(res.json.error).toEqual({ code: "BAD_REQUEST", message: "Send exactly one Authorization header." });
  });
});

describe("apiRoute's JSON answers", () => {
  // Threat: a client or intermediary sniffing a charset for JSON without one (UTF-7 style confusion).
  it("name their charset, on success and on error", async () => {
    const { token } = await signInViaApi(await makeUser());
    expect((await api.get(meRoute, "/uauth/me", { token })).headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect((await api.get(meRoute, "/uauth/me")).headers.get("content-type")).toBe("application/json; charset=utf-8");
  });
});

describe("apiRoute maps database failures in one place", () => {
  const createUserRow = apiRoute({ access: "public", body: z.object({ email: z.string() }) }, async ({ body }) => {
    await db().user.create({ data: { email: body.email }, select: { id: true } });
    return { created: true };
  });

  // Threat: a race on a unique key (two sign-ups, two invitations) answered 500, which reads as
  // an outage and hides that the state already exists.
  it("answers a lost unique-key race 409 CONFLICT", async () => {
    const email = `${unique("race")}@example.test`;
    expect((await api.post(createUserRow, "/race", { json: { email } })).status).toBe(200);
    const lost = await api.post(createUserRow, "/race", { json: { email } });
    expect(lost.status).toBe(409);
    expect(lost.json.error.code).toBe("CONFLICT");
  });

  // Threat: database error messages (which quote statements and values) copied into the log.
  it("logs an unexpected error by name, code and request id, never its message", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const secretEmail = `${unique("private")}@example.test`;
    const failing = apiRoute({ access: "public" }, async () => db().user.update({ where: { email: secretEmail }, data: { name: "x" } }));
    const res = await api.get(failing, "/fails");
    expect(res.status).toBe(500);
    expect(res.json.error.code).toBe("INTERNAL");
    const requestId = res.headers.get("x-request-id");
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    const lines = logged.mock.calls.map((args) => args.map(String).join(" "));
    expect(lines).toEqual([`gatehouse: unexpected error (request ${requestId}): PrismaClientKnownRequestError P2025`]);
    expect(lines.join("\n")).not.toContain(secretEmail);
  });
});
