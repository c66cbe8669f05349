// Demo data for an empty embedded database, built through the domain functions. The README lists
// these sign-ins; the e2e suite and the seed's curl sequence rely on them.
import { addSeconds } from "@/lib/clock";
import { beginTotpEnrollment, confirmTotpEnrollment } from "@/lib/auth/mfa";
import { totpCode } from "@/lib/auth/totp";
import { db } from "@/lib/db/client";
import { createUser } from "@/lib/users";
import { addMember, createWorkspace } from "@/lib/workspaces";
import { DEMO } from "./demo-accounts";

export { DEMO };


async function enableTotp(userId: number, email: string, secret: string, now: Date): Promise<void> {
  // Confirmed with the code of a minute and a half ago, so the code on screen right now is
  // still unused when someone tries the demo straight after seeding.
  const confirmedAt = addSeconds(now, -90);
  await beginTotpEnrollment(userId, email, { secret });
  await confirmTotpEnrollment(userId, await totpCode(secret, confirmedAt), { now: confirmedAt });
}

/** Seeds the demo when the database has no user; returns whether it did. */
export async function seedDemoIfEmpty(now = new Date()): Promise<boolean> {
  if ((await db().user.count()) > 0) return false;

  const landlord = await createUser({ email: DEMO.landlord.email, name: DEMO.landlord.name, password: DEMO.landlord.password, isLandlordAdmin: true });
  await enableTotp(landlord.id, landlord.email, DEMO.landlord.totpSecret, now);

  const ada = await createUser({ email: DEMO.ada.email, name: DEMO.ada.name, password: DEMO.ada.password });
  await enableTotp(ada.id, ada.email, DEMO.ada.totpSecret, now);
  const bob = await createUser({ email: DEMO.bob.email, name: DEMO.bob.name, password: DEMO.bob.password });

  const acme = await createWorkspace({ name: "Acme Retail", subdomain: "acme", logo: "/logos/acme.svg" }, landlord.id);
  const globex = await createWorkspace({ name: "Globex Analytics", subdomain: "globex", logo: "/logos/globex.svg", mfaRequired: true }, landlord.id);
  const umbrella = await createWorkspace(
    { name: "Umbrella Labs", subdomain: "umbrella", logo: "/logos/umbrella.svg", ipRestricted: true, ipRanges: ["10.0.0.0/8"] },
    landlord.id,
  );

  await addMember({ workspaceId: acme.id, userId: ada.id, roleKey: "superuser" }, landlord.id);
  await addMember({ workspaceId: globex.id, userId: ada.id, roleKey: "analyst" }, landlord.id);
  await addMember({ workspaceId: umbrella.id, userId: ada.id, roleKey: "member" }, landlord.id);
  await addMember({ workspaceId: acme.id, userId: bob.id, roleKey: "member" }, landlord.id);
  await addMember({ workspaceId: globex.id, userId: bob.id, roleKey: "member" }, landlord.id);
  return true;
}
