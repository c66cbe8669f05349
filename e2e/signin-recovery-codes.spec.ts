// Bug 7: a sign-in with a recovery code spends one of a few; the person is told how many are
// left and offered new ones before going on. Wrong codes count down in plain words, with a
// warning before the attempt that ends the sign-in.
import { expect, test } from "@playwright/test";
import { RecoveryCodesPage } from "./pages/recovery-codes.page";
import { WorkspacesPage } from "./pages/workspaces.page";
import { expectAccessible } from "./support/accessibility";
import { makeUser } from "./support/fixtures";
import { openRecoveryCodeStep } from "./support/sign-in";

test("after a recovery code: the codes left, a way to new ones, and Continue to the page asked for", async ({ page }) => {
  test.slow();
  const user = makeUser({ name: "Rita Remaining", mfa: true, memberships: { acme: "member" } });
  const mfa = await openRecoveryCodeStep(page, user, "/workspaces");
  await mfa.enterRecoveryCode(user.recoveryCodes[0]!);

  const codes = new RecoveryCodesPage(page);
  await codes.expectShown();
  await expect(page.getByRole("main")).toContainText("You have 9 recovery codes left.");
  await expect(page.getByRole("link", { name: "Create new recovery codes" })).toHaveAttribute("href", "/settings/security");
  await expectAccessible(page);
  await page.setViewportSize({ width: 390, height: 844 });
  await expectAccessible(page);
  await codes.continue();
  await new WorkspacesPage(page).expectShown();
});

test("wrong codes say how many attempts are left, and warn before the last one", async ({ page }) => {
  test.slow();
  const user = makeUser({ name: "Walt Wrongcode", mfa: true, memberships: { acme: "member" } });
  const mfa = await openRecoveryCodeStep(page, user);
  const main = page.getByRole("main");
  for (const left of [4, 3, 2]) {
    await mfa.enterRecoveryCode("zzzzz-zzzzz");
    await expect(main.getByRole("alert")).toHaveText(`That code is not correct or was already used. ${left} attempts left.`);
  }
  await mfa.enterRecoveryCode("zzzzz-zzzzz");
  await expect(main.getByRole("alert")).toHaveText("That code is not correct or was already used. One attempt left: a wrong code ends this sign-in.");
  await expect(main).not.toContainText("attempt(s)");
  await expectAccessible(page);
  await page.setViewportSize({ width: 390, height: 844 });
  await expectAccessible(page);
});
