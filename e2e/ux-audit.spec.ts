// The look of every journey page at a desktop and a phone width, in the light and the dark
// theme: axe (WCAG 2.1 A/AA, colour contrast included) on each, and a full-page screenshot of
// each in test-results/screenshots/<page>-<width>-<theme>.png for a person to look through
// (outside Playwright's outputDir, which every run wipes). One sign-in per role: its browser
// context is kept for the role's pages, so the session's refreshes stay in one cookie jar.
import { randomBytes } from "node:crypto";
import path from "node:path";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { LoginPage } from "./pages/login.page";
import { MfaPage } from "./pages/mfa.page";
import { RecoveryCodesPage } from "./pages/recovery-codes.page";
import { WorkspaceHomePage } from "./pages/workspace-home.page";
import { WorkspaceSwitcher, WorkspacesPage } from "./pages/workspaces.page";
import { expectAccessible } from "./support/accessibility";
import { makeUser, makeWorkspaceInvitations } from "./support/fixtures";
import { openRecoveryCodeStep, signInWithTotp } from "./support/sign-in";

const SCREENSHOTS = path.resolve(import.meta.dirname, "../test-results/screenshots");

const VARIANTS = [
  { width: 1280, height: 800, theme: "light" },
  { width: 1280, height: 800, theme: "dark" },
  { width: 390, height: 844, theme: "light" },
  { width: 390, height: 844, theme: "dark" },
] as const;

/** A page of the audit: its screenshot's name, and how to reach and recognise it. */
interface AuditedPage {
  name: string;
  /** Its address, asked for when the test runs (some are made by the describe block's set-up). */
  path: () => string;
  /** The first-level heading the page shows (so an error page is not audited in its place). */
  heading: string | RegExp;
}

/** One test per variant of each page: shows it, photographs it and checks it with axe. */
function auditEach(pages: AuditedPage[], pageOf: (fixturePage: Page) => Page): void {
  for (const target of pages) {
    for (const variant of VARIANTS) {
      const name = `${target.name}-${variant.width}-${variant.theme}`;
      test(name, async ({ page }) => {
        const shown = pageOf(page);
        await shown.setViewportSize({ width: variant.width, height: variant.height });
        await shown.emulateMedia({ colorScheme: variant.theme });
        await shown.goto(target.path());
        await expect(shown.getByRole("heading", { level: 1 })).toHaveText(target.heading);
        await shown.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
        await expectAccessible(shown);
      });
    }
  }
}

/** A page of its own browser context, kept for the describe block's tests. */
async function keptPage(browser: Browser): Promise<Page> {
  return (await browser.newContext()).newPage();
}

/**
 * For a describe block: one browser page signed in by `signIn` before its first test (with the
 * slow timeout: a sign-in on a busy machine) and closed after its last; the getter hands it out.
 */
function signedInPage(signIn: (page: Page) => Promise<void>): () => Page {
  test.slow();
  let page: Page;
  test.beforeAll(async ({ browser }) => {
    page = await keptPage(browser);
    await signIn(page);
  });
  test.afterAll(() => page.context().close());
  return () => page;
}

/** A control shown open at every variant of `/w/acme`: photographed and checked with axe. */
function auditOpen(name: string, pageOf: () => Page, open: (page: Page) => Promise<void>): void {
  test(`the ${name.replace(/-/g, " ")}, open`, async () => {
    const page = pageOf();
    for (const variant of VARIANTS) {
      await page.setViewportSize({ width: variant.width, height: variant.height });
      await page.emulateMedia({ colorScheme: variant.theme });
      await page.goto("/w/acme");
      await open(page);
      await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-${variant.width}-${variant.theme}.png`) });
      await test.step(`axe at ${variant.width} px, ${variant.theme}`, () => expectAccessible(page));
    }
  });
}

test.describe("signed out", () => {
  let invitationPath: string;
  test.beforeAll(() => {
    invitationPath = makeWorkspaceInvitations({
      users: [],
      workspaceInvitations: [{ workspaceName: `Audit ${randomBytes(3).toString("hex")}`, inviterName: "Ada Admin", name: "Ivy Invited" }],
    }).invitations[0]!.path;
  });
  auditEach(
    [
      // Signed out, an unknown address is the 404 itself, not a detour through sign-in.
      { name: "not-found-signed-out", path: () => "/no-such-page", heading: "Page not found" },
      { name: "login", path: () => "/login", heading: "Sign in to Gatehouse" },
      { name: "forgot-password", path: () => "/forgot-password", heading: /password/i },
      { name: "invitation", path: () => invitationPath, heading: /^Join / },
      { name: "invitation-invalid", path: () => "/invitations/not-a-real-token", heading: "This link cannot be used" },
      { name: "reset-password-invalid", path: () => "/reset-password/not-a-real-token", heading: /./ },
      { name: "api-docs", path: () => "/docs/api", heading: / reference$/ },
      { name: "dev-mailbox", path: () => "/dev/mailbox", heading: "Development mailbox" },
    ],
    (page) => page,
  );
});

test.describe("at the MFA step", () => {
  const page = signedInPage(async (page) => {
    const user = makeUser({ name: "Max Mfa-Step", mfa: true });
    await new LoginPage(page).goto();
    await new LoginPage(page).signIn(user.email, user.password);
    await new MfaPage(page).expectShown();
  });
  auditEach([{ name: "login-mfa", path: () => "/login/mfa", heading: "Two-step verification" }], page);
});

test.describe("after a recovery-code sign-in", () => {
  const page = signedInPage(async (page) => {
    const user = makeUser({ name: "Rita Recovery", mfa: true });
    await (await openRecoveryCodeStep(page, user)).enterRecoveryCode(user.recoveryCodes[0]!);
    await new RecoveryCodesPage(page).expectShown();
  });
  auditEach([{ name: "login-recovery-codes", path: () => "/login/recovery-codes", heading: "You used a recovery code" }], page);
});

test.describe("a workspace superuser", () => {
  const page = signedInPage(async (page) => {
    const user = makeUser({ name: "Audrey Audit", memberships: { acme: "superuser", globex: "member", umbrella: "member" } });
    await new LoginPage(page).goto();
    await new LoginPage(page).signIn(user.email, user.password);
    await new WorkspacesPage(page).expectShown();
    await new WorkspacesPage(page).enter("Acme Retail");
    await new WorkspaceHomePage(page).expectShown("acme", "Acme Retail");
  });

  const pages: AuditedPage[] = [
    { name: "workspaces", path: () => "/workspaces", heading: "Choose a workspace" },
    // A person without MFA asked for a page that needs it in this sign-in.
    { name: "login-verify", path: () => "/login/verify", heading: "Confirm with your authenticator" },
    { name: "workspace-home", path: () => "/w/acme", heading: "Acme Retail" },
    { name: "workspace-settings-members", path: () => "/w/acme/settings/members", heading: /./ },
    { name: "workspace-settings-roles", path: () => "/w/acme/settings/roles", heading: /./ },
    { name: "workspace-settings-api-keys", path: () => "/w/acme/settings/api-keys", heading: /./ },
    { name: "workspace-settings-workspace", path: () => "/w/acme/settings/workspace", heading: /./ },
    { name: "workspace-settings-sessions", path: () => "/w/acme/settings/sessions", heading: /./ },
    { name: "security", path: () => "/settings/security", heading: /./ },
    { name: "sessions", path: () => "/settings/sessions", heading: /./ },
    { name: "not-found", path: () => "/workspaces/does-not-exist", heading: "Page not found" },
  ];
  auditEach(pages, page);

  auditOpen("account-menu", page, async (page) => {
    await page.getByRole("navigation", { name: "Account" }).locator("button[aria-controls]").click();
    await expect(page.getByRole("navigation", { name: "Account" }).getByRole("link", { name: "Security" })).toBeVisible();
  });
  // Globex needs MFA set up first and Umbrella admits only its office network: both marked with why.
  auditOpen("workspace-switcher", page, async (page) => {
    const switcher = new WorkspaceSwitcher(page);
    await switcher.open();
    await expect(switcher.options()).toHaveCount(3);
  });
});

test.describe("a landlord", () => {
  let workspacePath: string;
  const page = signedInPage(async (page) => {
    await signInWithTotp(page, makeUser({ name: "Lorna Audit-Landlord", mfa: true, landlord: true }));
    await page.waitForURL(/\/admin$/);
    workspacePath = (await page.getByRole("main").locator('a[href^="/admin/workspaces/"]:not([href$="/new"])').first().getAttribute("href"))!;
  });

  const pages: AuditedPage[] = [
    { name: "admin-workspaces", path: () => "/admin", heading: /./ },
    { name: "admin-workspace-new", path: () => "/admin/workspaces/new", heading: /./ },
    { name: "admin-invitations", path: () => "/admin/invitations", heading: /./ },
    { name: "admin-users", path: () => "/admin/users", heading: /./ },
    { name: "admin-audit", path: () => "/admin/audit", heading: /./ },
    { name: "admin-workspace", path: () => workspacePath, heading: /./ },
  ];
  auditEach(pages, page);
});
