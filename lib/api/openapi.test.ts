import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openApiDocument } from "./openapi";

const APP = path.resolve(import.meta.dirname, "../../app");

/** `app/uauth/business-profile/[guid]/route.ts` exporting GET → `get /uauth/business-profile/{guid}`. */
function routeOperations(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return routeOperations(full);
    if (entry !== "route.ts") return [];
    const route = `/${path.relative(APP, path.dirname(full)).split(path.sep).join("/")}`.replace(/\[(\w+)\]/g, "{$1}");
    const methods = [...readFileSync(full, "utf8").matchAll(/^export (?:const|async function) (GET|POST|PUT|PATCH|DELETE)\b/gm)].map((m) => m[1]!.toLowerCase());
    return methods.map((method) => `${method} ${route}`);
  });
}

describe("OpenAPI document", () => {
  // Threat (to integrators): an endpoint that exists but is undocumented, or documented but gone.
  it("describes exactly the route handlers under app/uauth, app/api and the JWKS", () => {
    const doc = openApiDocument("http://localhost:3000");
    const documented = Object.entries(doc.paths).flatMap(([route, operations]) => Object.keys(operations).map((method) => `${method} ${route.replace(/\/$/, "")}`));
    const implemented = ["uauth", "api", ".well-known"].flatMap((dir) => routeOperations(path.join(APP, dir)));
    expect(documented.sort()).toEqual(implemented.sort());
  });

  it("names the server and the bearer scheme", () => {
    const doc = openApiDocument("https://auth.example.com");
    expect(doc.servers).toEqual([{ url: "https://auth.example.com" }]);
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: "http", scheme: "bearer" });
  });
});
