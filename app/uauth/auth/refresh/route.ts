// POST /uauth/auth/refresh — a refresh token → a new token pair (rotation with reuse detection).
import { apiRoute } from "@/lib/api/handler";
import { refreshSession } from "@/lib/auth/journey";
import { refreshSchema } from "@/lib/auth/schemas";

export const POST = apiRoute({ access: "public", body: refreshSchema }, async ({ body, facts, now }) => refreshSession(body.refreshToken, { ...facts, now }));
