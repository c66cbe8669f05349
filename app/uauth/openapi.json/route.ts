// GET /uauth/openapi.json — the OpenAPI description of this API.
import { apiRoute, json } from "@/lib/api/handler";
import { openApiDocument } from "@/lib/api/openapi";
import { appEnv } from "@/lib/env";

export const GET = apiRoute({ access: "public" }, async () => json(openApiDocument(appEnv().appUrl), 200, { "cache-control": "public, max-age=300" }));
