// GET /.well-known/jwks.json — the public keys that verify every token Gatehouse signs.
import { apiRoute, json } from "@/lib/api/handler";
import { publicJwks } from "@/lib/tokens/jwt";

export const GET = apiRoute({ access: "public" }, async () =>
  // Public and cacheable for a few minutes: verifiers refetch on an unknown `kid`.
  json(await publicJwks(), 200, { "cache-control": "public, max-age=300" }),
);
