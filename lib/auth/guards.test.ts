// Threat: a route handler, server action or page that forgets to ask the data layer who is
// calling — reachable by anyone who skips middleware. Every entry point is listed here and must
// be guarded, or be on the explicit public list with the reason it is public.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const APP = path.resolve(import.meta.dirname, "../../app");

/** Entry points anyone may call, and why. */
const PUBLIC = {
  "uauth/auth/login/user/route.ts POST": "the password step itself (throttled)",
  "uauth/auth/refresh/route.ts POST": "authenticated by the refresh token in its body",
  ".well-known/jwks.json/route.ts GET": "public keys",
  "uauth/openapi.json/route.ts GET": "the API's public description",
  "api/health/route.ts GET": "liveness for load balancers; reveals nothing",
  "auth/refresh/route.ts GET": "authenticated by the refresh token in the session cookie",
  "auth/refresh/route.ts POST": "authenticated by the refresh token in the session cookie (same-origin checked)",
  "page.tsx": "the welcome page",
  "login/page.tsx": "the sign-in form",
  "invitations/[token]/page.tsx": "authenticated by the one-time token in its path",
} as const;

function files(dir: string, name: (file: string) => boolean): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return files(full, name);
    return name(entry) ? [full] : [];
  });
}

const relative = (file: string) => path.relative(APP, file).split(path.sep).join("/");

/** The exported handlers/actions of a module with the source text of each. */
function exportsOf(source: string): Array<{ name: string; body: string }> {
  const starts = [...source.matchAll(/^export (?:async function|const) (\w+)/gm)];
  return starts.map((match, index) => ({ name: match[1]!, body: source.slice(match.index, starts[index + 1]?.index ?? source.length) }));
}

describe("every entry point asks the data layer first", () => {
  const routes = files(APP, (f) => f === "route.ts");
  const actions = files(APP, (f) => f === "actions.ts");
  const pages = files(APP, (f) => f === "page.tsx");

  it("finds the entry points (the scan itself works)", () => {
    expect(routes.map(relative)).toContain("uauth/me/route.ts");
    expect(actions.map(relative)).toContain("login/actions.ts");
    expect(pages.length).toBeGreaterThan(2);
  });

  it("route handlers go through apiRoute with a non-public access, or are listed as public", () => {
    const unguarded: string[] = [];
    for (const file of routes) {
      for (const { name, body } of exportsOf(readFileSync(file, "utf8"))) {
        if (!/^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)$/.test(name)) continue;
        const key = `${relative(file)} ${name}`;
        const guarded = /apiRoute(<[^>]*>)?\(\{\s*access:\s*"(any|mfa|user|current|workspace)"/.test(body);
        if (!guarded && !(key in PUBLIC)) unguarded.push(key);
        if (guarded && key in PUBLIC) unguarded.push(`${key} (listed as public but guarded: remove it from the list)`);
      }
    }
    expect(unguarded).toEqual([]);
  });

  it("server actions start with a require* guard of lib/auth/dal inside runAction", () => {
    const unguarded: string[] = [];
    for (const file of actions) {
      const source = readFileSync(file, "utf8");
      expect(source.startsWith('"use server";'), `${relative(file)} must start with "use server"`).toBe(true);
      for (const { name, body } of exportsOf(source)) {
        if (!/runAction\(async \(\) => \{\s*(?:const [^=;]+= )?await require\w+\(/.test(body)) unguarded.push(`${relative(file)} ${name}`);
      }
    }
    expect(unguarded).toEqual([]);
  });

  it("pages start with guardPage, or are listed as public", () => {
    const unguarded = pages.map(relative).filter((page) => !(page in PUBLIC) && !/await guardPage\(/.test(readFileSync(path.join(APP, page), "utf8")));
    expect(unguarded).toEqual([]);
  });
});
