// GET /uauth/admin/users — users whose e-mail contains q, with memberships, MFA state and last sign-in, paged (landlord admins).
import { z } from "zod";
import { searchUsers } from "@/lib/admin/users";
import { apiRoute, parseQuery } from "@/lib/api/handler";
import { pageQuerySchema } from "@/lib/validation";

const querySchema = pageQuerySchema.extend({ q: z.string().max(320).optional() });

export const GET = apiRoute({ access: "landlord" }, async ({ request }) => {
  const { q, limit, offset } = parseQuery(request, querySchema);
  const { items, total } = await searchUsers({ query: q, limit, offset });
  return { items, total, limit, offset };
});
