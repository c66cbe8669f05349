import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import { openApiDocument } from "./openapi";
import { API_OPERATIONS } from "./openapi-operations";

const APP = path.resolve(import.meta.dirname, "../../app");

interface ImplementedOperation {
  id: string;
  /** `apiRoute({ access, authority })` as the route file writes it; "plain" for a handler outside the wrapper. */
  access: string;
  authority: string | undefined;
}

/** `app/uauth/business-profile/[guid]/route.ts` exporting GET → `get /uauth/business-profile/{guid}`, with its access. */
function routeOperations(dir: string): ImplementedOperation[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return routeOperations(full);
    if (entry !== "route.ts") return [];
    const route = `/${path.relative(APP, path.dirname(full)).split(path.sep).join("/")}`.replace(/\[(\w+)\]/g, "{$1}");
    const source = readFileSync(full, "utf8");
    return [...source.matchAll(/^export (?:const|async function) (GET|POST|PUT|PATCH|DELETE)\b(.*)$/gm)].map((match) => {
      // The options object of `apiRoute<…>({ … })`, which may wrap onto the next line.
      const options = /^\s*=\s*apiRoute(?:<[^>]*>)?\(\s*(\{[^}]*\})/.exec(source.slice(match.index + match[0].length - match[2]!.length))?.[1];
      return {
        id: `${match[1]!.toLowerCase()} ${route}`,
        access: options ? (/access: "([\w-]+)"/.exec(options)?.[1] ?? "?") : "plain",
        authority: options ? /authority: "(\w+)"/.exec(options)?.[1] : undefined,
      };
    });
  });
}

const implemented = ["uauth", "api", ".well-known"].flatMap((dir) => routeOperations(path.join(APP, dir)));

describe("OpenAPI document", () => {
  // Threat (to integrators): an endpoint that exists but is undocumented, or documented but gone.
  it("describes exactly the route handlers under app/uauth, app/api and the JWKS", () => {
    const doc = openApiDocument("http://localhost:3000");
    const documented = Object.entries(doc.paths ?? {}).flatMap(([route, operations]) => Object.keys(operations).map((method) => `${method} ${route.replace(/\/$/, "")}`));
    expect(documented.sort()).toEqual(implemented.map((operation) => operation.id).sort());
  });

  // Threat: a document promising a public route is guarded (or the reverse), or naming the wrong authority.
  it("says who may call each operation as its apiRoute does", () => {
    const registered = API_OPERATIONS.map((operation) => ({ id: `${operation.method} ${operation.path.replace(/\/$/, "")}`, access: operation.access, authority: operation.authority }));
    expect(registered.sort((a, b) => a.id.localeCompare(b.id))).toEqual(implemented.sort((a, b) => a.id.localeCompare(b.id)));
  });

  it("is a valid OpenAPI 3.1 document", async () => {
    const validator = new Validator();
    // A copy: the validator may annotate what it is given.
    const result = await validator.validate(structuredClone(openApiDocument("https://auth.example.com")));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
  });

  it("names the server and the bearer scheme", () => {
    const doc = openApiDocument("https://auth.example.com");
    expect(doc.servers).toEqual([{ url: "https://auth.example.com" }]);
    expect(doc.components?.securitySchemes?.bearer).toMatchObject({ type: "http", scheme: "bearer" });
  });

  it("lists each operation's error codes under their statuses, with those of its kind", () => {
    const roles = openApiDocument("").paths?.["/uauth/workspace/roles/{id}"]?.delete;
    const codes = (status: string) => JSON.stringify(roles?.responses?.[status]).match(/`[A-Z_]+`/g);
    expect(codes("403")).toEqual(expect.arrayContaining(["`WORKSPACE_REQUIRED`", "`FORBIDDEN`"]));
    expect(codes("404")).toEqual(["`NOT_FOUND`"]);
    expect(codes("409")).toEqual(["`CONFLICT`"]);
    expect(roles?.responses?.["401"]).toMatchObject({ headers: { "WWW-Authenticate": expect.any(Object) } });
  });
});
