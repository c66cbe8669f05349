// GET /uauth/admin/users — users whose e-mail contains q, with memberships, MFA state and last sign-in, paged (landlord admins).
import { userSearchQuerySchema } from "@/lib/admin/schemas";
import { searchUsers } from "@/lib/admin/users";
import { apiRoute, parseQuery } from "@/lib/api/handler";

export const GET = apiRoute({ access: "landlord" }, async ({ request }) => {
  const { q, limit, offset } = parseQuery(request, userSearchQuerySchema);
  const { items, total } = await searchUsers({ query: q, limit, offset });
  return { items, total, limit, offset };
});
