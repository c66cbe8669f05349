import { expect, test } from "@playwright/test";
import { expectAccessible } from "./support/accessibility";

// The API reference must read offline: rendered on the server, nothing fetched from another origin.
test("the API reference at /docs/api lists every operation with its access and errors, from this origin only, and is accessible", async ({ page, baseURL }) => {
  // axe audits a page that lists the whole API: slower than a journey page.
  test.slow();
  const foreign: string[] = [];
  page.on("request", (request) => {
    if (new URL(request.url()).origin !== new URL(baseURL!).origin) foreign.push(request.url());
  });
  await page.goto("/docs/api");
  await expect(page.getByRole("heading", { level: 1, name: "Gatehouse API reference" })).toBeVisible();

  const contents = page.getByRole("navigation", { name: "Operations" });
  await contents.getByRole("link", { name: "DELETE /uauth/workspace/roles/{id}" }).click();
  const role = page.locator("article#deleteUauthWorkspaceRolesId");
  await expect(role).toBeInViewport();
  await expect(role.getByText("Bearer token", { exact: true })).toBeVisible();
  await expect(role.getByText("ROLE_ADMIN_ROLES", { exact: true })).toBeVisible();
  await role.getByText("Errors: 400, 401, 403, 404, 409, 429, 500, 503").click();
  await expect(role.getByRole("row").filter({ hasText: "CONFLICT" })).toContainText("409");
  await expect(role.getByRole("row").filter({ hasText: "WORKSPACE_REQUIRED" })).toContainText("403");

  const login = page.locator("article#postUauthAuthLoginUser");
  await expect(login.getByText("No token", { exact: true })).toBeVisible();
  await login.getByText(/^Errors: /).click();
  await expect(login.getByRole("row").filter({ hasText: "INVALID_CREDENTIALS" })).toContainText("401");
  await login.getByText("Parameters, body and responses").click();
  await expect(login.getByRole("link", { name: "LoginResponse" })).toHaveAttribute("href", "#schema-LoginResponse");
  await expect(page.locator("article#schema-LoginResponse")).toContainText("mfaMethods");

  await expectAccessible(page);
  expect(foreign).toEqual([]);
});

test("the reference links the document it renders", async ({ page, request }) => {
  await page.goto("/docs/api");
  await expect(page.getByRole("link", { name: "/uauth/openapi.json", exact: true })).toHaveAttribute("href", "/uauth/openapi.json");
  const document = await request.get("/uauth/openapi.json");
  expect(document.status()).toBe(200);
  expect(await document.json()).toMatchObject({ openapi: "3.1.0", info: { title: "Gatehouse API" } });
});
