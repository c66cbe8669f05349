import "server-only";
import { recordAudit } from "@/lib/audit";
import { hashPassword } from "@/lib/auth/password";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { emailSchema, newPasswordSchema } from "@/lib/validation";

export type UserStatus = "INVITED" | "ACTIVE" | "DISABLED";

export interface NewUser {
  email: string;
  name?: string;
  /** Omitted for an invited user, who sets one through the invitation link. */
  password?: string;
  isLandlordAdmin?: boolean;
}

/** Creates a user; the e-mail is normalised and must be new (409 otherwise). */
export async function createUser(input: NewUser) {
  const email = emailSchema.parse(input.email);
  const passwordHash = input.password === undefined ? null : await hashPassword(newPasswordSchema.parse(input.password));
  const existing = await db().user.findUnique({ where: { email }, select: { id: true } });
  if (existing) throw new AppError("CONFLICT", { message: "A user with this e-mail address already exists." });
  return db().$transaction(async (tx) => {
    const user = await tx.user.create({
      data: {
        email,
        name: input.name ?? null,
        status: passwordHash ? "ACTIVE" : "INVITED",
        isLandlordAdmin: input.isLandlordAdmin ?? false,
        ...(passwordHash && { password: { create: { hash: passwordHash } } }),
      },
      select: { id: true, email: true, name: true, status: true, isLandlordAdmin: true },
    });
    await recordAudit({ action: "user.created", actorUserId: null, targetType: "user", targetId: user.id }, tx);
    return user;
  });
}

/** Whether a user is a landlord (platform) admin; false for an unknown id. */
export async function isLandlordAdmin(userId: number): Promise<boolean> {
  const user = await db().user.findUnique({ where: { id: userId }, select: { isLandlordAdmin: true } });
  return user?.isLandlordAdmin ?? false;
}
