// Threat: a checker that passes everything. lib/auth/guards.test.ts is only as good as this: an
// unguarded entry point written in any of the ways Next.js accepts must be found and refused.
import { describe, expect, it } from "vitest";
import { entryPointsOf, guardProblems } from "./entry-point-guards";

const action = (body: string) => `"use server";\nimport { runAction } from "@/lib/auth/action";\nimport { requireUser, requireSameOrigin } from "@/lib/auth/dal";\n${body}\n`;

const guardOf = (file: string, source: string) => entryPointsOf(file, source).map(({ id, guard }) => ({ id, guard }));

describe("the entry-point guard checker", () => {
  it("sees the guard a server action calls first inside runAction", () => {
    const source = action(`export async function renameAction(input: unknown) {
  const result = await runAction(async () => {
    const principal = await requireUser();
    return rename(principal, input);
  });
  return result;
}
export const archiveAction = async () => runAction(async () => { await requireUser(); });`);
    expect(guardOf("things/actions.ts", source)).toEqual([
      { id: "things/actions.ts renameAction", guard: "runAction(requireUser)" },
      { id: "things/actions.ts archiveAction", guard: "runAction(requireUser)" },
    ]);
  });

  it("refuses an action whose guard comes second, or that only checks the origin", () => {
    const source = action(`export async function lateAction(input: unknown) {
  return runAction(async () => {
    const parsed = parse(input);
    await requireUser();
    return parsed;
  });
}
export async function originOnlyAction() {
  return runAction(async () => {
    await requireSameOrigin();
    await doIt();
  });
}`);
    expect(guardProblems(entryPointsOf("things/actions.ts", source), {})).toEqual([
      "things/actions.ts lateAction: calls no auth guard first and is not on the public list",
      "things/actions.ts originOnlyAction: calls no auth guard first and is not on the public list",
    ]);
  });

  it("counts every export of a \"use server\" module, whatever the file is called, re-exports as unguarded", () => {
    const source = action(`async function hidden() { await doIt(); }\nexport { hidden as hiddenAction };\nexport * from "./more-actions";`);
    expect(guardOf("things/helpers.ts", source)).toEqual([
      { id: "things/helpers.ts hiddenAction", guard: null },
      { id: 'things/helpers.ts * from "./more-actions"', guard: null },
    ]);
  });

  it("finds an inline \"use server\" function in a page and checks it too", () => {
    const page = `import { guardPage, requireUser } from "@/lib/auth/dal";
export default async function Page() {
  await guardPage(() => requireUser());
  async function deleteEverything() {
    "use server";
    await db.thing.deleteMany();
  }
  return <form action={deleteEverything} />;
}`;
    expect(guardOf("things/page.tsx", page)).toEqual([
      { id: "things/page.tsx", guard: "guardPage(requireUser)" },
      { id: 'things/page.tsx inline "use server" function at line 4', guard: null },
    ]);
  });

  it("needs guardPage to wrap an auth guard for a page", () => {
    const page = (body: string) => `import { guardPage, requireSameOrigin, requireWorkspace as inWorkspace } from "@/lib/auth/dal";\n${body}`;
    const guarded = page(`export default async function Page() {\n  const principal = await guardPage(() => inWorkspace("ROLE_ADMIN"));\n  return <p>{principal.user.email}</p>;\n}`);
    const passedDirectly = page(`export default async function Page() {\n  await guardPage(inWorkspace);\n  return <p />;\n}`);
    const wrappingNothing = page(`export default async function Page() {\n  await guardPage(() => requireSameOrigin());\n  return <p />;\n}`);
    const unguarded = page(`async function Page() {\n  return <p>{(await db.user.findFirst())?.email}</p>;\n}\nexport default Page;`);
    expect(entryPointsOf("a/page.tsx", guarded)[0]?.guard).toBe("guardPage(requireWorkspace)");
    expect(entryPointsOf("a/page.tsx", passedDirectly)[0]?.guard).toBe("guardPage(requireWorkspace)");
    expect(entryPointsOf("b/page.tsx", wrappingNothing)[0]?.guard).toBeNull();
    expect(guardProblems(entryPointsOf("c/page.tsx", unguarded), {})).toEqual(["c/page.tsx: calls no auth guard first and is not on the public list"]);
  });

  it("counts requireLandlord and apiRoute access \"landlord\" as guards", () => {
    const page = `import { guardPage, requireLandlord } from "@/lib/auth/dal";\nexport default async function Page() {\n  await guardPage(() => requireLandlord());\n  return <p />;\n}`;
    const routes = `import { apiRoute } from "@/lib/api/handler";\nexport const GET = apiRoute({ access: "landlord" }, async () => []);`;
    expect(entryPointsOf("admin/page.tsx", page)[0]?.guard).toBe("guardPage(requireLandlord)");
    expect(guardOf("uauth/admin/route.ts", routes)).toEqual([{ id: "uauth/admin/route.ts GET", guard: 'apiRoute access "landlord"' }]);
  });

  it("does not take a local function of a guard's name for the guard", () => {
    const source = `"use server";\nimport { runAction } from "@/lib/auth/action";\nconst requireUser = async () => null;\nexport async function sneakyAction() {\n  return runAction(async () => { await requireUser(); });\n}`;
    expect(entryPointsOf("things/actions.ts", source)[0]?.guard).toBeNull();
  });

  it("refuses a route built with apiRoute access \"public\" unless it is listed, and a listed route that is guarded", () => {
    const routes = `import { apiRoute } from "@/lib/api/handler";\nimport { requireUser } from "@/lib/auth/dal";
export const GET = apiRoute({ access: "public" }, async () => ({ ok: true }));
export const POST = apiRoute<"user", undefined, { guid: string }>({ access: "user" }, async ({ principal }) => principal.user);
export async function DELETE() { await requireUser(); return new Response(null, { status: 204 }); }
export async function PATCH() { return new Response(null, { status: 204 }); }
export const dynamic = "force-dynamic";`;
    const entries = entryPointsOf("things/route.ts", routes);
    expect(entries.map(({ id, guard }) => ({ id, guard }))).toEqual([
      { id: "things/route.ts GET", guard: null },
      { id: "things/route.ts POST", guard: 'apiRoute access "user"' },
      { id: "things/route.ts DELETE", guard: "requireUser" },
      { id: "things/route.ts PATCH", guard: null },
    ]);
    expect(guardProblems(entries, { "things/route.ts PATCH": "a probe", "things/route.ts POST": "stale" })).toEqual([
      "things/route.ts GET: calls no auth guard first and is not on the public list",
      'things/route.ts POST: on the public list but guarded by apiRoute access "user" (remove it from the list)',
    ]);
  });

  it("reports a public list entry that names no entry point", () => {
    expect(guardProblems([], { "gone/route.ts GET": "was public" })).toEqual(["gone/route.ts GET: on the public list but no such entry point"]);
  });
});
