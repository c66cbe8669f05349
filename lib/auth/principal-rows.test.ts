// The raw-value converters: each accepts what either database's raw result can hold and refuses
// anything else, so a changed driver fails loudly instead of granting on a wrong value.
import { describe, expect, it } from "vitest";
import { foldByWorkspace, toBoolean, toDate, toDateOrNull, toInt, toIntOrNull, toText, toTextOrNull } from "./principal-rows";

describe("raw value converters", () => {
  it("reads a DateTime as Prisma's Date, ISO text or epoch milliseconds", () => {
    const instant = new Date("2026-01-02T03:04:05.678Z");
    expect(toDate(instant)).toBe(instant);
    expect(toDate("2026-01-02T03:04:05.678Z")).toEqual(instant);
    expect(toDate(instant.getTime())).toEqual(instant);
    expect(toDate(BigInt(instant.getTime()))).toEqual(instant);
    expect(toDateOrNull(null)).toBeNull();
    expect(() => toDate("not a date")).toThrow(TypeError);
    expect(() => toDate(true)).toThrow(TypeError);
  });

  it("reads a Boolean as a boolean or SQLite's 0/1, nothing else", () => {
    expect([toBoolean(true), toBoolean(false), toBoolean(1), toBoolean(0), toBoolean(1n), toBoolean(0n)]).toEqual([true, false, true, false, true, false]);
    // Threat: a truthy string such as "false" read as true (an IP restriction switched off).
    expect(() => toBoolean("false")).toThrow(TypeError);
    expect(() => toBoolean(2)).toThrow(TypeError);
    expect(() => toBoolean(null)).toThrow(TypeError);
  });

  it("reads an Int as a number or a safe bigint, and text as text", () => {
    expect([toInt(7), toInt(7n), toIntOrNull(null)]).toEqual([7, 7, null]);
    expect(() => toInt(1.5)).toThrow(TypeError);
    expect(() => toInt(2n ** 60n)).toThrow(TypeError);
    expect(() => toInt("7")).toThrow(TypeError);
    expect([toText("a"), toTextOrNull(null), toTextOrNull(undefined)]).toEqual(["a", null, null]);
    expect(() => toText(1)).toThrow(TypeError);
  });
});

describe("foldByWorkspace", () => {
  const workspaceColumns = (id: number, name: string) => ({
    w_id: id,
    w_guid: `guid-${id}`,
    w_name: name,
    w_logo: null,
    w_subdomain: `ws-${id}`,
    w_mfaRequired: 0,
    w_ipRestricted: 1,
    w_createdAt: "2026-01-01T00:00:00.000Z",
    w_suspendedAt: null,
    w_suspendedReason: null,
    w_accessTokenMinutes: null,
    w_sessionHours: 8,
    w_maxAccessTokenMinutes: null,
    w_maxSessionHours: null,
  });

  it("makes one entry per workspace, in order, with its allow-list ranges", () => {
    const rows = [
      { ...workspaceColumns(2, "Alpha"), ip_cidr: "10.0.0.0/8" },
      { ...workspaceColumns(2, "Alpha"), ip_cidr: "192.0.2.0/24" },
      { ...workspaceColumns(1, "Beta"), ip_cidr: null },
    ];
    const folded = foldByWorkspace(rows, (row) => row.w_id, (_row, workspace) => workspace);
    expect(folded.map((workspace) => [workspace.id, workspace.name, workspace.ipRanges])).toEqual([
      [2, "Alpha", [{ cidr: "10.0.0.0/8" }, { cidr: "192.0.2.0/24" }]],
      [1, "Beta", []],
    ]);
    expect(folded[0]).toMatchObject({ mfaRequired: false, ipRestricted: true, sessionHours: 8, createdAt: new Date("2026-01-01T00:00:00.000Z") });
  });
});
