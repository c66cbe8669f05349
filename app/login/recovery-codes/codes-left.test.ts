// Threat: a person who spends their last recovery codes without noticing, and is locked out
// when the authenticator is lost next.
import { describe, expect, it } from "vitest";
import { describeCodesLeft } from "./codes-left";

describe("describeCodesLeft", () => {
  it("counts in plain words, one code singular", () => {
    expect(describeCodesLeft(9)).toEqual({ few: false, text: "You have 9 recovery codes left." });
    expect(describeCodesLeft(3)).toEqual({ few: false, text: "You have 3 recovery codes left." });
    expect(describeCodesLeft(1).text).toBe("You have 1 recovery code left. Create new ones now, before you run out.");
  });

  it("warns from two codes down to none", () => {
    expect(describeCodesLeft(2)).toEqual({ few: true, text: "You have 2 recovery codes left. Create new ones now, before you run out." });
    expect(describeCodesLeft(1).few).toBe(true);
    expect(describeCodesLeft(0)).toEqual({ few: true, text: "You have no recovery codes left. If you lose your authenticator, you cannot sign in: create new ones now." });
  });
});
