// Reads app/ with the TypeScript compiler API and says, for every entry point Next.js exposes
// (route handlers, server actions, pages), which auth guard it calls first. Test-only: the
// checker behind lib/auth/guards.test.ts, tested itself on small sources.
import path from "node:path";
import ts from "typescript";

/** The data layer's guards (of lib/auth/dal.ts): each resolves the caller from the session row or throws. */
export const AUTH_GUARDS = ["requireUser", "requireWorkspace", "requireMfaPending", "requireLandlord"] as const;

/** Where each function the checker recognises is imported from; a local look-alike is not it. */
const HOME: Record<string, string> = {
  ...Object.fromEntries(AUTH_GUARDS.map((guard) => [guard, "@/lib/auth/dal"])),
  guardPage: "@/lib/auth/dal",
  runAction: "@/lib/auth/action",
  apiRoute: "@/lib/api/handler",
};

/** `require…` functions of lib/auth/dal.ts that are not auth guards, and why. */
export const NOT_AUTH_GUARDS: Record<string, string> = {
  requireSameOrigin: "checks where a request comes from, not who is calling",
};

const HTTP_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);
/** The name an `export * from "…"` gets: it may export anything, so it counts as an entry point. */
const EXPORT_ALL = "* from ";

export type EntryPointKind = "route" | "action" | "page";

export interface EntryPoint {
  /** `<file> <export>` with the file relative to app/ (`uauth/me/route.ts GET`); a page is its file. */
  id: string;
  kind: EntryPointKind;
  /** What guards it (`requireUser`, `apiRoute access "user"`), or null. */
  guard: string | null;
}

type FunctionNode = ts.ArrowFunction | ts.FunctionExpression | ts.FunctionDeclaration;

/** A module's imports of the functions in HOME: local name → the name it has there. */
type Imports = ReadonlyMap<string, string>;

function importsOf(source: ts.SourceFile): Imports {
  const imports = new Map<string, string>();
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier) || statement.importClause?.isTypeOnly) continue;
    const bindings = statement.importClause?.namedBindings;
    if (!bindings || !ts.isNamedImports(bindings)) continue;
    for (const spec of bindings.elements) {
      const imported = (spec.propertyName ?? spec.name).text;
      if (HOME[imported] === statement.moduleSpecifier.text) imports.set(spec.name.text, imported);
    }
  }
  return imports;
}

/** The HOME function `node` names (through an import, however renamed), or null. */
function known(node: ts.Node | undefined, imports: Imports): string | null {
  return node && ts.isIdentifier(node) ? (imports.get(node.text) ?? null) : null;
}

const isAuthGuard = (name: string | null): name is (typeof AUTH_GUARDS)[number] => (AUTH_GUARDS as readonly (string | null)[]).includes(name);

function unwrap(node: ts.Expression): ts.Expression {
  let inner = node;
  while (ts.isAwaitExpression(inner) || ts.isParenthesizedExpression(inner) || ts.isAsExpression(inner) || ts.isNonNullExpression(inner) || ts.isSatisfiesExpression(inner)) inner = inner.expression;
  return inner;
}

function isFunction(node: ts.Node | undefined): node is FunctionNode {
  return node !== undefined && (ts.isArrowFunction(node) || ts.isFunctionExpression(node) || ts.isFunctionDeclaration(node));
}

/** The statements before the first non-directive one are the prologue ("use server", "use strict"). */
function withoutPrologue(statements: readonly ts.Statement[]): readonly ts.Statement[] {
  const first = statements.findIndex((statement) => !(ts.isExpressionStatement(statement) && ts.isStringLiteral(statement.expression)));
  return first === -1 ? [] : statements.slice(first);
}

function hasUseServer(statements: readonly ts.Statement[]): boolean {
  for (const statement of statements) {
    if (!(ts.isExpressionStatement(statement) && ts.isStringLiteral(statement.expression))) return false;
    if (statement.expression.text === "use server") return true;
  }
  return false;
}

/** The guard `expression` calls, looking through `guardPage(() => …)` and `runAction(async () => …)`. */
function guardOfCall(expression: ts.Expression, imports: Imports): string | null {
  const call = unwrap(expression);
  if (!ts.isCallExpression(call)) return null;
  const callee = known(call.expression, imports);
  if (isAuthGuard(callee)) return callee;
  if (callee === "guardPage" || callee === "runAction") {
    const callback = call.arguments[0];
    const passed = known(callback, imports);
    const inner = isFunction(callback) ? guardOfFunction(callback, imports) : isAuthGuard(passed) ? passed : null;
    return inner && `${callee}(${inner})`;
  }
  return null;
}

/** The guard the first statement of a function body calls (or its expression body is). */
function guardOfFunction(fn: FunctionNode, imports: Imports): string | null {
  if (!fn.body) return null;
  if (!ts.isBlock(fn.body)) return guardOfCall(fn.body, imports);
  const first = withoutPrologue(fn.body.statements)[0];
  if (!first) return null;
  if (ts.isExpressionStatement(first)) return guardOfCall(first.expression, imports);
  if (ts.isReturnStatement(first) && first.expression) return guardOfCall(first.expression, imports);
  if (ts.isVariableStatement(first)) {
    const [declaration, ...more] = first.declarationList.declarations;
    return declaration?.initializer && more.length === 0 ? guardOfCall(declaration.initializer, imports) : null;
  }
  return null;
}

/** `apiRoute({ access: "<literal>" }, …)`: guarded unless the access is "public". */
function guardOfApiRoute(expression: ts.Expression, imports: Imports): string | null {
  const call = unwrap(expression);
  if (!ts.isCallExpression(call) || known(call.expression, imports) !== "apiRoute") return null;
  const options = call.arguments[0];
  if (!options || !ts.isObjectLiteralExpression(options)) return null;
  const access = options.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === "access");
  const value = access && unwrap(access.initializer);
  if (!value || !ts.isStringLiteral(value) || value.text === "public") return null;
  return `apiRoute access "${value.text}"`;
}

/** An export's guard: a function's first statement, or for a route the apiRoute it is built with. */
function guardOfValue(value: ts.Node | undefined, kind: EntryPointKind, imports: Imports): string | null {
  if (isFunction(value)) return guardOfFunction(value, imports);
  return kind === "route" && value && ts.isExpression(value) ? guardOfApiRoute(value, imports) : null;
}

function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node)?.some((modifier) => modifier.kind === kind) ?? false);
}

/** Every exported value of a module: name → its declaration's function or initializer. */
function exportedValues(source: ts.SourceFile): Map<string, ts.Node | undefined> {
  const locals = new Map<string, ts.Node | undefined>();
  for (const statement of source.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name) locals.set(statement.name.text, statement);
    if (ts.isVariableStatement(statement)) for (const d of statement.declarationList.declarations) if (ts.isIdentifier(d.name)) locals.set(d.name.text, d.initializer);
  }
  const exported = new Map<string, ts.Node | undefined>();
  for (const statement of source.statements) {
    const isExported = hasModifier(statement, ts.SyntaxKind.ExportKeyword);
    const isDefault = hasModifier(statement, ts.SyntaxKind.DefaultKeyword);
    if (ts.isFunctionDeclaration(statement) && isExported) exported.set(isDefault ? "default" : (statement.name?.text ?? "default"), statement);
    if (ts.isVariableStatement(statement) && isExported) {
      for (const d of statement.declarationList.declarations) if (ts.isIdentifier(d.name)) exported.set(d.name.text, d.initializer);
    }
    if (ts.isExportAssignment(statement)) exported.set("default", ts.isIdentifier(statement.expression) ? locals.get(statement.expression.text) : statement.expression);
    // Re-exports from another module are entry points whose guard cannot be seen here: unguarded.
    if (ts.isExportDeclaration(statement) && !statement.isTypeOnly && !statement.exportClause && statement.moduleSpecifier) exported.set(`${EXPORT_ALL}${statement.moduleSpecifier.getText(source)}`, undefined);
    if (ts.isExportDeclaration(statement) && !statement.isTypeOnly && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
      for (const spec of statement.exportClause.elements) {
        if (spec.isTypeOnly) continue;
        exported.set(spec.name.text, statement.moduleSpecifier ? undefined : locals.get((spec.propertyName ?? spec.name).text));
      }
    }
  }
  return exported;
}

/** The names a module exports as values (`default` for a default export). */
export function exportedNames(file: string, text: string): string[] {
  return [...exportedValues(ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true)).keys()];
}

/** Functions with their own "use server" directive (actions defined inside a component). */
function inlineActions(source: ts.SourceFile): FunctionNode[] {
  const found: FunctionNode[] = [];
  const visit = (node: ts.Node) => {
    if (isFunction(node) && node.body && ts.isBlock(node.body) && hasUseServer(node.body.statements)) found.push(node);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/**
 * The entry points of one file of app/ (`file` relative to app/, `/`-separated): the HTTP
 * method exports of a `route.ts`, every export of a "use server" module and every inline
 * "use server" function, the default export of a `page.tsx`.
 */
export function entryPointsOf(file: string, text: string): EntryPoint[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const name = path.posix.basename(file);
  const exported = exportedValues(source);
  const imports = importsOf(source);
  const entries: EntryPoint[] = [];
  if (name === "route.ts") {
    for (const [method, value] of exported) if (HTTP_METHODS.has(method) || method.startsWith(EXPORT_ALL)) entries.push({ id: `${file} ${method}`, kind: "route", guard: guardOfValue(value, "route", imports) });
  }
  if (name === "page.tsx") entries.push({ id: file, kind: "page", guard: guardOfValue(exported.get("default"), "page", imports) });
  if (hasUseServer(source.statements)) {
    for (const [action, value] of exported) entries.push({ id: `${file} ${action}`, kind: "action", guard: guardOfValue(value, "action", imports) });
  } else {
    for (const fn of inlineActions(source)) {
      const line = source.getLineAndCharacterOfPosition(fn.getStart(source)).line + 1;
      entries.push({ id: `${file} inline "use server" function at line ${line}`, kind: "action", guard: guardOfFunction(fn, imports) });
    }
  }
  return entries;
}

/**
 * What is wrong with a set of entry points against the public list (id → why it is public): an
 * unguarded one not on the list, a guarded one on it, and a listed id that is no entry point.
 */
export function guardProblems(entries: readonly EntryPoint[], publicEntries: Readonly<Record<string, string>>): string[] {
  const problems: string[] = [];
  for (const entry of entries) {
    const listed = Object.hasOwn(publicEntries, entry.id);
    if (!entry.guard && !listed) problems.push(`${entry.id}: calls no auth guard first and is not on the public list`);
    if (entry.guard && listed) problems.push(`${entry.id}: on the public list but guarded by ${entry.guard} (remove it from the list)`);
  }
  const ids = new Set(entries.map((entry) => entry.id));
  for (const id of Object.keys(publicEntries)) if (!ids.has(id)) problems.push(`${id}: on the public list but no such entry point`);
  return problems;
}
