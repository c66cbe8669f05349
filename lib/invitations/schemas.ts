// Input schemas of invitation links, shared by the REST API and its OpenAPI description. Edge-safe.
import { z } from "zod";
import { newPasswordSchema } from "@/lib/validation";

/** POST /uauth/invitations/{token}/accept: a new account's password; an existing account sends none (its token instead). */
export const acceptInvitationSchema = z.strictObject({ password: newPasswordSchema.optional() });
