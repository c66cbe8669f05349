// Bug 4: a URL that is no page of Gatehouse answers 404 at once, signed out or in; it does not
// send a person through sign-in to a page that was never there. Known pages still ask for it.
import { expect, test } from "@playwright/test";
import { LoginPage } from "./pages/login.page";
import { WorkspacesPage } from "./pages/workspaces.page";
import { makeUser } from "./support/fixtures";

const UNKNOWN = ["/no-such-page", "/login/no-such-step", "/w/acme/no-such-page", "/admin/no-such-page"];

test("signed out, an unknown URL is 404 and a known page still goes to sign-in", async ({ request }) => {
  for (const path of UNKNOWN) {
    const response = await request.get(path, { maxRedirects: 0 });
    expect(response.status(), path).toBe(404);
  }
  for (const path of ["/w/acme", "/workspaces", "/settings/security"]) {
    const response = await request.get(path, { maxRedirects: 0 });
    expect(response.status(), path).toBe(303);
    expect(response.headers().location, path).toContain(`/login?callbackUrl=${encodeURIComponent(path)}`);
  }
});

test("signed in, an unknown URL is 404 too", async ({ page }) => {
  test.slow();
  const user = makeUser({ name: "Nia Nowhere", memberships: { acme: "member" } });
  const login = new LoginPage(page);
  await login.goto();
  await login.signIn(user.email, user.password);
  await new WorkspacesPage(page).expectShown();
  for (const path of UNKNOWN) {
    const response = await page.request.get(path, { maxRedirects: 0 });
    expect(response.status(), path).toBe(404);
  }
});
