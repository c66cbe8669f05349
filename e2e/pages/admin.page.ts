import { expect, type Locator, type Page } from "@playwright/test";

export type ConsoleSection = "Workspaces" | "Invitations" | "Users" | "Audit log";

/** The landlord console, /admin: its sections, forms, confirm steps and status line. */
export class AdminConsolePage {
  constructor(readonly page: Page) {}

  readonly nav = () => this.page.getByRole("navigation", { name: "Admin console" });
  readonly heading = () => this.page.getByRole("heading", { level: 1 });
  /** The console's status line, where a finished action says what it did. */
  readonly status = () => this.page.locator(".console-status[role=status]");

  /** A page of the console with this main heading (and a title that says it is the console). */
  async expectShown(heading: string): Promise<void> {
    await expect(this.heading()).toHaveText(heading);
    await expect(this.page).toHaveTitle(/· Admin console · Gatehouse$/);
    await expect(this.nav()).toBeVisible();
  }

  async open(section: ConsoleSection): Promise<void> {
    await this.nav().getByRole("link", { name: section }).click();
    await expect(this.nav().getByRole("link", { name: section })).toHaveAttribute("aria-current", "page");
    await this.expectShown(section);
  }

  /** Fills the new-workspace form and sends it; `expectCreated` waits for the new workspace's page. */
  async createWorkspace(spec: { name: string; subdomain: string; superuserEmail: string }, { expectCreated = true } = {}): Promise<void> {
    await this.page.getByLabel("Name", { exact: true }).fill(spec.name);
    await this.page.getByLabel("Subdomain").fill(spec.subdomain);
    await this.page.getByLabel("Superuser's e-mail").fill(spec.superuserEmail);
    const submit = this.page.getByRole("button", { name: "Create and invite" });
    const busy = this.page.getByRole("alert").filter({ hasText: "Gatehouse is busy" });
    await submit.click();
    if (!expectCreated) return;
    // The e2e server shares its SQLite file with the fixture runs of parallel tests: a transaction
    // that meets one of their writes is answered "busy, try again", and a person would try again.
    for (let attempt = 1; ; attempt++) {
      const outcome = await Promise.race([
        this.page.waitForURL(/\/admin\/workspaces\/[0-9a-f-]{36}\?created=1$/).then(() => "created", () => "timeout"),
        busy.waitFor().then(() => "busy", () => "timeout"),
      ]);
      if (outcome !== "busy" || attempt === 3) return;
      await submit.click();
      await expect(busy).toHaveCount(0);
    }
  }

  /** The table row that mentions `text` (an e-mail address, a workspace name). */
  row(text: string): Locator {
    return this.page.getByRole("row").filter({ hasText: text });
  }

  /** A user's card on the Users page. */
  userCard(email: string): Locator {
    return this.page.getByRole("article", { name: email, exact: true });
  }

  /** Runs a confirm-first action inside `scope`: its button, then the confirmation's. */
  async confirm(scope: Locator, label: string, confirmLabel: string): Promise<void> {
    await scope.getByRole("button", { name: label }).click();
    await scope.getByRole("group").getByRole("button", { name: confirmLabel }).click();
  }

  async search(label: string, value: string): Promise<void> {
    await this.page.getByRole("searchbox", { name: label }).fill(value);
    await this.page.getByRole("search").getByRole("button", { name: "Search" }).click();
  }
}
