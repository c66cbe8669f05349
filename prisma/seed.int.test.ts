import { describe, expect, it } from "vitest";
import { hasTotp } from "@/lib/auth/mfa";
import { db } from "@/lib/db/client";
import { DEMO, seedDemoIfEmpty } from "./seed";

describe("demo seed", () => {
  it("creates the demo users, workspaces and memberships once", async () => {
    expect(await seedDemoIfEmpty()).toBe(true);
    expect(await seedDemoIfEmpty()).toBe(false);

    const users = await db().user.findMany({ orderBy: { email: "asc" }, select: { email: true, isLandlordAdmin: true, status: true, id: true } });
    expect(users.map((u) => [u.email, u.isLandlordAdmin, u.status])).toEqual([
      [DEMO.ada.email, false, "ACTIVE"],
      [DEMO.bob.email, false, "ACTIVE"],
      [DEMO.landlord.email, true, "ACTIVE"],
    ]);
    const [ada, bob, landlord] = users;
    expect(await hasTotp(ada!.id)).toBe(true);
    expect(await hasTotp(bob!.id)).toBe(false);
    expect(await hasTotp(landlord!.id)).toBe(true);

    const workspaces = await db().workspace.findMany({ orderBy: { subdomain: "asc" }, include: { ipRanges: true } });
    expect(workspaces.map((w) => [w.subdomain, w.name, w.mfaRequired, w.ipRestricted, w.ipRanges.map((r) => r.cidr)])).toEqual([
      ["acme", "Acme Retail", false, false, []],
      ["globex", "Globex Analytics", true, false, []],
      ["umbrella", "Umbrella Labs", false, true, ["10.0.0.0/8"]],
    ]);

    const memberships = await db().membership.findMany({ include: { user: true, workspace: true, role: true } });
    const summary = memberships.map((m) => `${m.user.email}@${m.workspace.subdomain}=${m.role.key}`).sort();
    expect(summary).toEqual([
      "ada@gatehouse.test@acme=superuser",
      "ada@gatehouse.test@globex=analyst",
      "ada@gatehouse.test@umbrella=member",
      "bob@gatehouse.test@acme=member",
      "bob@gatehouse.test@globex=member",
    ]);
    expect(await db().recoveryCode.count({ where: { userId: ada!.id } })).toBe(10);
  });
});
