// Which paths and methods the REST API has, from the operation registry its OpenAPI document is
// built from (lib/api/openapi.test.ts keeps that exactly equal to the route handlers), so
// middleware can answer an unknown path or method in the API's own JSON instead of Next's HTML
// 404 and empty 405. Edge-safe and pure.
import { API_OPERATIONS } from "@/lib/api/openapi-operations";

interface Operation {
  /** The path as the registry writes it, `{name}` for a segment. */
  template: string;
  pattern: RegExp;
  allow: string[];
}

function operations(): Operation[] {
  const methodsByPath = new Map<string, string[]>();
  for (const { path, method } of API_OPERATIONS) methodsByPath.set(path, [...(methodsByPath.get(path) ?? []), method.toUpperCase()]);
  return [...methodsByPath].map(([template, documented]) => {
    // Next.js answers HEAD for every GET and OPTIONS for every route.
    const allow = [...documented, ...(documented.includes("GET") ? ["HEAD"] : []), "OPTIONS"];
    const source = template.replace(/\/$/, "").split(/\{\w+\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("[^/]+");
    // The seed's paths are served with and without a trailing slash (next.config.ts).
    return { template, pattern: new RegExp(`^${source}/?$`), allow };
  });
}

let known: Operation[] | null = null;

function operationAt(pathname: string): Operation | undefined {
  known ??= operations();
  return known.find((operation) => operation.pattern.test(pathname));
}

/** The methods `pathname` answers, or null when the API has no such path. */
export function apiMethods(pathname: string): string[] | null {
  return operationAt(pathname)?.allow ?? null;
}

/** The registry's path template `pathname` falls under (`/uauth/sessions/{id}`), or null when the API has no such path. */
export function apiPathTemplate(pathname: string): string | null {
  return operationAt(pathname)?.template ?? null;
}
