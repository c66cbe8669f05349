// The page list middleware routes by must not rot: a new page missing from it would answer 404
// to everyone signed out (and be let through unrouted), a removed one would still detour
// through sign-in. The list is compared with the files of app/ both ways.
import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { isPageRoute, PAGE_ROUTES, routeMatcher } from "./pages";

const APP = path.resolve(import.meta.dirname, "../../app");
/** Answered by the API's own wrapper in middleware (lib/api/surface.ts), never routed as pages. */
const API_FOLDERS = new Set(["api", "uauth", ".well-known"]);

/** The route of every page.tsx and route.ts under `dir`, in Next's notation. */
function routesIn(dir: string, route: string[] = []): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory()) {
      if (route.length === 0 && API_FOLDERS.has(entry.name)) return [];
      // A private folder (_x) is no route; a route group ((x)) adds no segment.
      if (entry.name.startsWith("_")) return [];
      return routesIn(path.join(dir, entry.name), /^\(.+\)$/.test(entry.name) ? route : [...route, entry.name]);
    }
    return /^(page|route)\.(tsx?|jsx?)$/.test(entry.name) ? [`/${route.join("/")}`] : [];
  });
}

describe("PAGE_ROUTES", () => {
  it("lists exactly the pages and page-like route handlers of app/", () => {
    expect([...PAGE_ROUTES].sort()).toEqual(routesIn(APP).sort());
  });

  it("matches a route's paths, and nothing else", () => {
    expect(isPageRoute("/")).toBe(true);
    expect(isPageRoute("/w/acme")).toBe(true);
    expect(isPageRoute("/w/acme/settings/members")).toBe(true);
    expect(isPageRoute("/invitations/abc_DEF-123")).toBe(true);
    for (const unknown of ["/no-such-page", "/w", "/w/acme/nope", "/w/acme/settings/", "/login/", "/loginx", "/admin/workspaces", "/.well-known/x"]) {
      expect(isPageRoute(unknown), unknown).toBe(false);
    }
  });

  it("reads a dynamic segment as one segment, a catch-all as one or more, and dots literally", () => {
    const matches = routeMatcher(["/a/[id]", "/b/[...rest]", "/c.json"]);
    expect(matches("/a/1")).toBe(true);
    expect(matches("/a/1/2")).toBe(false);
    expect(matches("/b/1/2")).toBe(true);
    expect(matches("/c.json")).toBe(true);
    expect(matches("/cxjson")).toBe(false);
  });
});
