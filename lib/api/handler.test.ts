import { describe, expect, it } from "vitest";
import { apiLoginSchema } from "@/lib/auth/schemas";
import { validationError } from "./handler";

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
