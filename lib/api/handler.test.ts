import { afterEach, describe, expect, it, vi } from "vitest";
import { apiLoginSchema } from "@/lib/auth/schemas";
import { toAppError, validationError } from "./handler";

describe("validationError", () => {
  const fields = (input: unknown) => validationError(apiLoginSchema.safeParse(input).error!, input).details.fieldErrors;

  it("says a missing field is required", () => {
    expect(fields({ password: "x" })).toEqual({ username: "username is required." });
  });

  it("gives the schema's own message for a present but wrong value", () => {
    expect(fields({ username: 123, password: "x" })).toEqual({ username: "Enter your e-mail address." });
    expect(fields({ username: "not-an-address", password: "x" })).toEqual({ username: "Enter a valid e-mail address." });
  });

  it("names the first field in the message", () => {
    const error = validationError(apiLoginSchema.safeParse({}).error!, {});
    expect(error.message).toBe("username: username is required.");
    expect(Object.keys(error.details.fieldErrors!)).toEqual(["username", "password"]);
  });
});

describe("toAppError", () => {
  afterEach(() => vi.restoreAllMocks());

  it("answers a body cut off by the client hanging up as a bad request, without logging it as our error", () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const hungUp = Object.assign(new Error("aborted"), { code: "ECONNRESET" });
    expect(toAppError(hungUp, "r1")).toMatchObject({ code: "BAD_REQUEST", status: 400 });
    expect(toAppError(new DOMException("The operation was aborted.", "AbortError"), "r2")).toMatchObject({ code: "BAD_REQUEST" });
    expect(logged).not.toHaveBeenCalled();
  });

  it("still logs anything else as INTERNAL, by name and code only", () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    expect(toAppError(Object.assign(new TypeError("secret value in the message"), { code: "ERR_X" }), "r3")).toMatchObject({ code: "INTERNAL", status: 500 });
    expect(logged).toHaveBeenCalledWith("gatehouse: unexpected error (request r3): TypeError ERR_X");
  });
});
