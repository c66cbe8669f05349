// The workspace list's order and entry preview: the last entered first (the selection notes it),
// and every workspace shown with why it cannot be entered rather than hidden.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { suspendWorkspace } from "@/lib/admin/workspaces";
import { context, enterViaApi, makeUser, makeWorkspace, signInViaApi } from "@/lib/testing/fixtures";
import { listWorkspaceChoices, listWorkspaces } from "./index";

const mfa = { hasMfa: true, mfaPassed: true };

describe("last-used order", () => {
  it("lists the workspace entered last first, then the ones never entered by name", async () => {
    const member = await makeUser();
    const zulu = await makeWorkspace({ name: "Zulu", members: [[member, "member"]] });
    const alpha = await makeWorkspace({ name: "Alpha", members: [[member, "member"]] });
    const mike = await makeWorkspace({ name: "Mike", members: [[member, "member"]] });
    const names = async () => (await listWorkspaces(member.id)).map(({ workspace }) => workspace.name);
    expect(await names()).toEqual(["Alpha", "Mike", "Zulu"]);

    const { token } = await signInViaApi(member);
    await enterViaApi(token, zulu);
    expect(await names()).toEqual(["Zulu", "Alpha", "Mike"]);
    await enterViaApi(token, mike);
    expect(await names()).toEqual(["Mike", "Zulu", "Alpha"]);
    const membership = await db().membership.findUniqueOrThrow({ where: { workspaceId_userId: { workspaceId: alpha.id, userId: member.id } } });
    expect(membership.lastSelectedAt).toBeNull();
  });

  // Threat: one member's use reordering (or leaking into) another member's list.
  it("keeps each member's order to themselves", async () => {
    const [one, two] = [await makeUser(), await makeUser()];
    await makeWorkspace({ name: "First", members: [[one, "member"], [two, "member"]] });
    const second = await makeWorkspace({ name: "Second", members: [[one, "member"], [two, "member"]] });
    await enterViaApi((await signInViaApi(one)).token, second);
    expect((await listWorkspaces(one.id)).map(({ workspace }) => workspace.name)).toEqual(["Second", "First"]);
    expect((await listWorkspaces(two.id)).map(({ workspace }) => workspace.name)).toEqual(["First", "Second"]);
  });
});

describe("listWorkspaceChoices", () => {
  it("marks the current workspace and says why each other one cannot be entered", async () => {
    const member = await makeUser();
    const open = await makeWorkspace({ name: "Open", members: [[member, "analyst"]] });
    await makeWorkspace({ name: "Office only", members: [[member, "member"]], ipRestricted: true, ipRanges: ["10.0.0.0/8"] });
    await makeWorkspace({ name: "Strict", members: [[member, "member"]], mfaRequired: true });
    const halted = await makeWorkspace({ name: "Halted", members: [[member, "member"]] });
    const operator = await makeUser({ landlord: true });
    await suspendWorkspace(halted.guid, { reason: "Unpaid." }, { id: operator.id, name: null }, context(new Date()));

    const choices = await listWorkspaceChoices(member.id, { ip: "192.0.2.1", mfa: { hasMfa: false, mfaPassed: false }, currentGuid: open.guid });
    const byName = Object.fromEntries(choices.map((choice) => [choice.name, choice]));
    expect(byName.Open).toMatchObject({ current: true, role: "Analyst", entry: { kind: "open" } });
    expect(byName["Office only"]).toMatchObject({ current: false, ipRanges: ["10.0.0.0/8"], entry: { kind: "requirements", requirements: [{ type: "ip" }] } });
    expect(byName.Strict!.entry).toEqual({ kind: "requirements", requirements: [{ type: "mfa_enroll" }] });
    expect(byName.Halted!.entry).toEqual({ kind: "suspended", reason: "Unpaid." });
    expect((await listWorkspaceChoices(member.id, { ip: "10.1.2.3", mfa, currentGuid: null })).every((choice) => choice.entry.kind !== "requirements")).toBe(true);
  });
});
