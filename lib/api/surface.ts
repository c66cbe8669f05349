// Which paths and methods the REST API has, from its OpenAPI description (lib/api/openapi.test.ts
// keeps that exactly equal to the route handlers), so middleware can answer an unknown path or
// method in the API's own JSON instead of Next's HTML 404 and empty 405. Edge-safe and pure.
import { openApiDocument } from "@/lib/api/openapi";

interface Operation {
  pattern: RegExp;
  allow: string[];
}

const HTTP_METHODS = ["get", "put", "post", "delete", "patch"];

function operations(): Operation[] {
  return Object.entries(openApiDocument("").paths).map(([template, methods]) => {
    const documented = Object.keys(methods).filter((method) => HTTP_METHODS.includes(method)).map((method) => method.toUpperCase());
    // Next.js answers HEAD for every GET and OPTIONS for every route.
    const allow = [...documented, ...(documented.includes("GET") ? ["HEAD"] : []), "OPTIONS"];
    const source = template.replace(/\/$/, "").split(/\{\w+\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("[^/]+");
    // The seed's paths are served with and without a trailing slash (next.config.ts).
    return { pattern: new RegExp(`^${source}/?$`), allow };
  });
}

let known: Operation[] | null = null;

/** The methods `pathname` answers, or null when the API has no such path. */
export function apiMethods(pathname: string): string[] | null {
  known ??= operations();
  return known.find((operation) => operation.pattern.test(pathname))?.allow ?? null;
}
