// ESLint 9 flat config: Next's rules (core web vitals, TypeScript) and the edge boundary of
// STYLE.md §2. `npm run lint` runs it and `npm test` runs it first; a warning fails both.
import { existsSync, readFileSync, statSync } from "node:fs";
import { builtinModules } from "node:module";
import path from "node:path";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";

const ROOT = import.meta.dirname;

/**
 * Modules that run in the edge runtime or the browser, so must never pull in Node or the
 * database. Listed by hand, not globbed: adding one is a decision the rule below then enforces.
 */
export const EDGE_SAFE_MODULES = [
  // Edge middleware and everything it imports.
  "middleware.ts",
  "lib/auth/browser-session.ts",
  "lib/auth/authorities.ts",
  "lib/env.ts",
  "lib/net/ip.ts",
  "lib/net/request.ts",
  "lib/tokens/claims.ts",
  "lib/tokens/keys.ts",
  "lib/tokens/verify.ts",
  "lib/net/origin.ts",
  "lib/net/action-body.ts",
  "lib/net/pages.ts",
  // The API's surface (paths and methods) middleware answers 404/405 from, the operation registry
  // it reads, and the response schemas and input schemas that registry names.
  "lib/api/surface.ts",
  "lib/api/openapi-operations.ts",
  "lib/api/responses.ts",
  "lib/invitations/schemas.ts",
  "lib/auth/schemas.ts",
  "lib/auth/password-reset-schemas.ts",
  "lib/api-keys/schemas.ts",
  // The cookie configuration middleware decodes with (the Auth.js edge-safe half).
  "lib/auth/auth-config.ts",
  // Imported by browser components as well as the server.
  "lib/errors.ts",
  "lib/net/callback-url.ts",
  "lib/validation.ts",
  "lib/auth/settings-schemas.ts",
  "lib/workspaces/admin-schemas.ts",
  // The password policy's rule, loaded lazily by the password forms for the strength hint.
  "lib/auth/password-rules.ts",
  "lib/workspaces/fields.ts",
  "lib/workspaces/settings-schema.ts",
  "lib/admin/schemas.ts",
];

const BOUNDARY = "edge-safe modules must not import it (STYLE.md §2)";

/** `import "server-only"` as the first statement, after any leading comments. */
const SERVER_ONLY_FIRST = /^(?:\s|\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)*import\s+["']server-only["']/;

/** The file a local specifier (`@/…`, `./…`, `../…`) names, or null for a package. */
function resolveLocal(specifier, fromFile) {
  let base;
  if (specifier.startsWith("@/")) base = path.join(ROOT, specifier.slice(2));
  else if (specifier.startsWith(".")) base = path.resolve(path.dirname(fromFile), specifier);
  else return null;
  const candidates = [base, `${base}.ts`, `${base}.tsx`, path.join(base, "index.ts"), path.join(base, "index.tsx")];
  return candidates.find((file) => existsSync(file) && statSync(file).isFile()) ?? `${base}.ts`;
}

/**
 * no-restricted-imports sees only specifiers; this rule follows a local import to its file, so an
 * edge-safe module imports local code only from another edge-safe module (which is linted the
 * same way, so the whole import graph of middleware stays edge-safe) and never a module that
 * starts with `import "server-only"`, however it is spelled.
 */
const edgeSafeImports = {
  meta: {
    type: "problem",
    docs: { description: "Edge-safe modules import local code only from other edge-safe modules" },
    schema: [],
    messages: {
      serverOnly: `{{specifier}} starts with import "server-only": ${BOUNDARY}.`,
      unlisted: "{{specifier}} ({{file}}) is not on EDGE_SAFE_MODULES in eslint.config.mjs: list it there if it is edge-safe, or import it from Node code only.",
    },
  },
  create(context) {
    const check = (node, source) => {
      if (node.importKind === "type" || node.exportKind === "type") return; // erased at build time
      if (typeof source?.value !== "string") return;
      const file = resolveLocal(source.value, context.filename);
      if (!file) return;
      const relative = path.relative(ROOT, file).split(path.sep).join("/");
      const data = { specifier: source.value, file: relative };
      if (existsSync(file) && SERVER_ONLY_FIRST.test(readFileSync(file, "utf8"))) context.report({ node: source, messageId: "serverOnly", data });
      else if (!EDGE_SAFE_MODULES.includes(relative)) context.report({ node: source, messageId: "unlisted", data });
    };
    return {
      ImportDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
    };
  },
};

const config = [
  {
    // Generated and build output; node_modules is ignored by default.
    ignores: ["lib/db/generated/**", ".next/**", "test-results/**", "playwright-report/**", "coverage/**", "data/**", "prisma/postgres/**"],
  },
  ...nextVitals,
  ...nextTypescript,
  {
    rules: {
      // A leading `_` marks a binding dropped on purpose (a JWK's private `d` split off with a rest).
      "@typescript-eslint/no-unused-vars": ["warn", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      // The only images are the TOTP QR code (a data: URL) and small local SVG logos under an
      // img-src 'self' CSP: next/image would optimise nothing and add an image route.
      "@next/next/no-img-element": "off",
    },
  },
  {
    // React lives in app/ only; elsewhere `use…` names a plain function (useTestSecrets, a pg callback).
    files: ["**/*.{js,mjs,ts,tsx}"],
    ignores: ["app/**"],
    rules: { "react-hooks/rules-of-hooks": "off" },
  },
  {
    files: EDGE_SAFE_MODULES,
    plugins: { gatehouse: { rules: { "edge-safe-imports": edgeSafeImports } } },
    rules: {
      "gatehouse/edge-safe-imports": "error",
      "no-restricted-imports": [
        "error",
        {
          paths: [
            { name: "server-only", message: `It marks Node-only code: ${BOUNDARY}.` },
            ...["better-sqlite3", "pg", "@node-rs/argon2"].map((name) => ({ name, message: `A Node-only package: ${BOUNDARY}.` })),
            ...builtinModules.map((name) => ({ name, message: `A Node builtin: ${BOUNDARY}.` })),
          ],
          patterns: [
            { group: ["@prisma/*"], message: `Prisma is Node-only: ${BOUNDARY}.` },
            { group: ["@/lib/db/*", "@/lib/db"], message: `The database layer is Node-only: ${BOUNDARY}.` },
            { group: ["node:*"], message: `A Node builtin: ${BOUNDARY}.` },
          ],
        },
      ],
      // A dynamic import() is out of both rules' sight.
      "no-restricted-syntax": ["error", { selector: "ImportExpression", message: "No dynamic import() in edge-safe modules: the lint cannot follow it." }],
    },
  },
];

export default config;
