import { expect, test } from "@playwright/test";
import { expectAccessible } from "./support/accessibility";

test("the home page, signed out, is the sign-in page, and accessible", async ({ page }) => {
  await page.goto("/");
  await page.waitForURL(/\/login$/);
  await expect(page.getByRole("heading", { level: 1, name: "Sign in to Gatehouse" })).toBeVisible();
  await expectAccessible(page);
});

test("the health endpoint reports the database", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ status: "ok", database: "ok" });
});
