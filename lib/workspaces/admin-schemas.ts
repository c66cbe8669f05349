// Schemas of workspace administration (members and roles), shared by the REST API, the settings
// pages' server actions and their browser forms. Edge-safe: no server-only imports.
import { z } from "zod";
import { formatAuthorities, isAuthority, parseAuthorities } from "@/lib/auth/authorities";
import { emailSchema } from "@/lib/validation";

/** A row id (a member's user id, a role's id) as a server action receives it. */
export const rowIdSchema = z.number().int().positive();

/** The role chosen in a form's select (a number there: `valueAsNumber`). */
const roleIdSchema = z.number({ error: "Choose a role." }).int("Choose a role.").positive("Choose a role.");

export const inviteMemberSchema = z.object({ email: emailSchema, roleId: roleIdSchema }).strict();
export type InviteMember = z.infer<typeof inviteMemberSchema>;

export const changeMemberRoleSchema = z.object({ roleId: roleIdSchema }).strict();

const authoritiesSchema = z
  .array(z.string().refine(isAuthority, "Not an authority of the catalogue."))
  .max(100)
  .transform((values) => parseAuthorities(formatAuthorities(values)));

const nameSchema = z.string().trim().min(1, "Enter a name.").max(100, "Use at most 100 characters.").refine((name) => !/[\u0000-\u001f\u007f]/.test(name), "Use one line without control characters.");

export const newRoleSchema = z
  .object({
    key: z.string().trim().regex(/^[a-z][a-z0-9-]{1,39}$/, "Use 2–40 lower-case letters, digits and hyphens, starting with a letter."),
    name: nameSchema,
    authorities: authoritiesSchema,
  })
  .strict();

export const roleChangeSchema = z.object({ name: nameSchema.optional(), authorities: authoritiesSchema.optional() }).strict();
