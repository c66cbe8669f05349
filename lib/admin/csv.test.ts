import { describe, expect, it } from "vitest";
import { csvCell } from "@/lib/admin/csv";

describe("csvCell", () => {
  // Threat: a value written by a signed-in attacker (user agent, name) breaking out of its cell or row.
  it("quotes quotes, commas and line breaks (RFC 4180)", () => {
    expect(csvCell('say "hi", then\nleave')).toBe('"say ""hi"", then\nleave"');
    expect(csvCell("a\r\nb")).toBe('"a\r\nb"');
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell(null)).toBe("");
    expect(csvCell(42)).toBe("42");
    expect(csvCell(new Date("2026-01-02T03:04:05Z"))).toBe("2026-01-02T03:04:05.000Z");
    expect(csvCell({ a: 1, b: "x" })).toBe('"{""a"":1,""b"":""x""}"');
  });

  // Threat: a spreadsheet opening the export runs a formula an attacker planted (OWASP CSV injection).
  it("prefixes cells a spreadsheet would run as a formula with '", () => {
    expect(csvCell("=HYPERLINK(\"http://evil.test\")")).toBe("\"'=HYPERLINK(\"\"http://evil.test\"\")\"");
    expect(csvCell("+1+1")).toBe("'+1+1");
    expect(csvCell("-2+3")).toBe("'-2+3");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("\t=1")).toBe("'\t=1");
    expect(csvCell("\r=1")).toBe("\"'\r=1\"");
    expect(csvCell("a=1")).toBe("a=1");
  });
});
