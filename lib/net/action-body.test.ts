// Threat: a server-action request Next.js cannot take (oversized, unsized, garbage) answered 500:
// an attacker gets cheap errors and noise in the log, and a 1,000,000-character password is
// read in full before anyone refuses it.
import { describe, expect, it } from "vitest";
import { refuseActionBody, SERVER_ACTION_BODY_LIMIT } from "./action-body";

const ACTION = { "next-action": "607b9359a9d6997e7552ee33152d38e9bdbc377f2c" };

function actionRequest(body: string, headers: Record<string, string> = {}) {
  return new Request("http://127.0.0.1:3000/login", {
    method: "POST",
    body,
    headers: { ...ACTION, "content-type": "text/plain;charset=UTF-8", "content-length": String(new TextEncoder().encode(body).length), ...headers },
  });
}

describe("refuseActionBody", () => {
  it("refuses a body over the limit with 413, before reading it", async () => {
    const body = JSON.stringify([{ email: "a@example.test", password: "x".repeat(1_000_000) }, "$undefined"]);
    expect((await refuseActionBody(actionRequest(body)))?.code).toBe("PAYLOAD_TOO_LARGE");
    expect((await refuseActionBody(actionRequest("[]", { "content-length": String(SERVER_ACTION_BODY_LIMIT + 1) })))?.status).toBe(413);
  });

  it("refuses a body it cannot size (no or malformed Content-Length) with 400", async () => {
    const unsized = new Request("http://127.0.0.1:3000/login", { method: "POST", body: "[]", headers: { ...ACTION, "content-type": "text/plain" } });
    unsized.headers.delete("content-length");
    expect((await refuseActionBody(unsized))?.code).toBe("BAD_REQUEST");
    expect((await refuseActionBody(actionRequest("[]", { "content-length": "1e3" })))?.code).toBe("BAD_REQUEST");
  });

  it("refuses garbage with 400: not JSON, JSON that is no argument list, a broken multipart form", async () => {
    for (const [body, headers] of [
      ["garbage{{", {}],
      ['{"email":"a"}', {}],
      ["garbage", { "content-type": "multipart/form-data; boundary=xx" }],
    ] as const) {
      expect((await refuseActionBody(actionRequest(body, headers)))?.code, body).toBe("BAD_REQUEST");
    }
  });

  it("checks a multipart form posted without Next's header too (a form sent before JavaScript loads)", async () => {
    const form = (body: string, length = body.length) =>
      new Request("http://127.0.0.1:3000/login", { method: "POST", body, headers: { "content-type": "multipart/form-data; boundary=xx", "content-length": String(length) } });
    expect((await refuseActionBody(form("garbage")))?.code).toBe("BAD_REQUEST");
    expect((await refuseActionBody(form("--xx--\r\n", SERVER_ACTION_BODY_LIMIT + 1)))?.code).toBe("PAYLOAD_TOO_LARGE");
    expect(await refuseActionBody(form('--xx\r\nContent-Disposition: form-data; name="email"\r\n\r\na@example.test\r\n--xx--\r\n'))).toBeNull();
  });

  it("lets a well-formed call through, and leaves requests that are no server action alone", async () => {
    expect(await refuseActionBody(actionRequest('[{"email":"a@example.test","password":"x"},"$undefined"]'))).toBeNull();
    const form = new FormData();
    form.set("1_email", "a@example.test");
    expect(await refuseActionBody(new Request("http://127.0.0.1:3000/login", { method: "POST", body: form, headers: { ...ACTION, "content-length": "300" } }))).toBeNull();
    expect(await refuseActionBody(new Request("http://127.0.0.1:3000/login", { method: "POST", body: "garbage" }))).toBeNull();
  });
});
