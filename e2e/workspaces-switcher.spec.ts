// The workspace bar's switcher: a refused switch explains itself in plain words without breaking
// the bar (bug 3), and the switcher lists every workspace, last used first, with why one cannot
// be entered. Users are made per test (ada's and bob's memberships), so no test shares TOTP codes.
import { expect, test, type Locator } from "@playwright/test";
import { WorkspaceHomePage } from "./pages/workspace-home.page";
import { WorkspaceSwitcher, WorkspacesPage } from "./pages/workspaces.page";
import { expectAccessible } from "./support/accessibility";
import { makeUser } from "./support/fixtures";
import { signInWithTotp } from "./support/sign-in";

const LIKE_ADA = { mfa: true, memberships: { acme: "superuser", globex: "analyst", umbrella: "member" } };

async function boxOf(locator: Locator) {
  const box = await locator.boundingBox();
  if (!box) throw new Error("not rendered");
  return box;
}

test("bug 3: a refused switch says why in plain words and leaves the workspace bar on one row", async ({ page }) => {
  test.slow();
  await page.setViewportSize({ width: 1280, height: 800 });
  const user = makeUser({ name: "Ada Alike", ...LIKE_ADA });
  await signInWithTotp(page, user);
  await new WorkspacesPage(page).enter("Globex Analytics");
  const home = new WorkspaceHomePage(page);
  await home.expectShown("globex", "Globex Analytics");

  await home.switchTo("Umbrella Labs");
  const refusal = home.bar().getByRole("alert");
  await expect(refusal).toContainText("Your workspace admin allows access only from the office network or VPN.");
  await expect(refusal).toContainText("contact your admin");
  // The technical detail is folded away until asked for.
  const details = refusal.locator("details");
  await expect(details.getByText("10.0.0.0/8")).toBeHidden();
  await details.getByText("Technical details").click();
  await expect(details.getByText("10.0.0.0/8")).toBeVisible();
  await expect(details).toContainText(/Your address: (127\.0\.0\.1|::1|::ffff:127\.0\.0\.1)/);

  // One row: the workspace's name and the switcher side by side, no Sign out of its own.
  const switcher = new WorkspaceSwitcher(page);
  const logo = await boxOf(home.bar().getByRole("img", { name: "Globex Analytics logo" }));
  const control = await boxOf(switcher.control());
  expect(Math.abs(logo.y + logo.height / 2 - (control.y + control.height / 2))).toBeLessThan(logo.height / 2);
  await expect(home.bar().getByRole("button", { name: "Sign out" })).toHaveCount(0);
  await expect(page).toHaveURL(/\/w\/globex$/);
  await expectAccessible(page);
  // The switcher is back on the workspace the person is in, the filter cleared.
  await switcher.open();
  await expect(switcher.currentOption()).toContainText("Globex Analytics");
  await expect(switcher.filter()).toHaveValue("");
});

test("the switcher lists workspaces last used first, filters, works by keyboard and marks what cannot be entered", async ({ page }) => {
  test.slow();
  const user = makeUser({ name: "Kim Keys", ...LIKE_ADA });
  await signInWithTotp(page, user);
  const workspaces = new WorkspacesPage(page);
  await workspaces.enter("Globex Analytics");
  const home = new WorkspaceHomePage(page);
  await home.expectShown("globex", "Globex Analytics");
  await home.switchTo("Acme Retail");
  await home.expectShown("acme", "Acme Retail");

  const switcher = new WorkspaceSwitcher(page);
  await switcher.open();
  // Globex was used before Acme; Umbrella never: it comes last, marked with its reason.
  await expect(switcher.options()).toHaveText([/^Acme Retail.*current/, /^Globex Analytics/, /^Umbrella Labs.*Office network only/]);
  await expectAccessible(page);

  await switcher.filter().fill("glo");
  await expect(switcher.options()).toHaveText([/^Globex Analytics/]);
  await switcher.filter().press("ArrowDown");
  await expect(switcher.option("Globex Analytics")).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(switcher.control()).toBeFocused();
  await expect(switcher.filter()).toBeHidden();

  await page.keyboard.press("Enter");
  await expect(switcher.filter()).toBeFocused();
  await switcher.filter().press("ArrowDown");
  await page.keyboard.press("Enter");
  await home.expectShown("globex", "Globex Analytics");
});

test("the workspace bar stays small and accessible on a phone", async ({ page }) => {
  test.slow();
  await page.setViewportSize({ width: 390, height: 844 });
  const user = makeUser({ name: "Pat Phone", ...LIKE_ADA });
  await signInWithTotp(page, user);
  await new WorkspacesPage(page).enter("Acme Retail");
  const home = new WorkspaceHomePage(page);
  await home.expectShown("acme", "Acme Retail");
  expect((await boxOf(home.bar())).height).toBeLessThanOrEqual(120);
  await expectAccessible(page);
  const switcher = new WorkspaceSwitcher(page);
  await switcher.open();
  const panel = await boxOf(switcher.panel());
  expect(panel.x).toBeGreaterThanOrEqual(0);
  expect(panel.x + panel.width).toBeLessThanOrEqual(390);
  await expectAccessible(page);
});
