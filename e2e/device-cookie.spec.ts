// Threat: someone guessing from elsewhere keeps an account blocked and locks its owner out of the
// browser they signed in on. The browser's first sign-in leaves a device cookie that is let through
// the account's block.
import { expect, test } from "@playwright/test";
import { LoginPage } from "./pages/login.page";
import { WorkspacesPage } from "./pages/workspaces.page";
import { makeUser } from "./support/fixtures";

test("a browser that signed in before gets past a block that guesses from elsewhere set", async ({ page, context, playwright, baseURL }) => {
  const user = makeUser({ name: "Dee Device", memberships: { acme: "member" } });
  const login = new LoginPage(page);
  await login.goto();
  await login.signIn(user.email, user.password);
  await new WorkspacesPage(page).expectShown();
  const device = (await context.cookies()).find((cookie) => cookie.name === "gatehouse.device");
  expect(device).toMatchObject({ httpOnly: true, sameSite: "Strict", path: "/" });

  // Someone else (no cookies) spends the account's free attempts, and is then refused.
  const elsewhere = await playwright.request.newContext({ baseURL });
  const guess = (password: string) => elsewhere.post("/uauth/auth/login/user", { data: { username: user.email, password } });
  for (let i = 0; i < 5; i++) expect((await guess("a wrong guess from elsewhere")).status()).toBe(401);
  expect((await guess(user.password)).status()).toBe(429);
  await elsewhere.dispose();

  // The owner, signed out but on the same browser, signs in.
  await context.clearCookies({ name: /^(__Host-)?gatehouse\.session$/ });
  await login.goto();
  await login.signIn(user.email, user.password);
  await new WorkspacesPage(page).expectShown();
});
