import { describe, expect, it } from "vitest";
import { median, ms, percentile, times } from "./lib";

describe("percentile", () => {
  it("takes the nearest rank, whatever the order of the values", () => {
    const values = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    expect(percentile(values, 50)).toBe(5);
    expect(percentile(values, 99)).toBe(10);
    expect(percentile(values, 10)).toBe(1);
    expect(median([3, 1, 2])).toBe(2);
  });
  it("is NaN without values, so an empty round cannot pass for a fast one", () => {
    expect(percentile([], 50)).toBeNaN();
    expect(times(Number.NaN)).toBe("n/a");
    expect(ms(Number.NaN)).toBe("n/a");
  });
});

describe("ms", () => {
  it("keeps the digits a reader needs at each size", () => {
    expect(ms(0.0421)).toBe("0.042 ms");
    expect(ms(3.14)).toBe("3.1 ms");
    expect(ms(123.4)).toBe("123 ms");
  });
});
