import { expect, type Locator, type Page } from "@playwright/test";

/** /settings/sessions: where the user is signed in, and signing those sessions out. */
export class SessionsPage {
  constructor(readonly page: Page) {}

  async expectShown(): Promise<void> {
    await this.page.waitForURL(/\/settings\/sessions/);
    await expect(this.page.getByRole("heading", { level: 1, name: "Your sessions" })).toBeVisible();
    await expect(this.page).toHaveTitle("Your sessions · Gatehouse");
  }

  /** One row per live session. */
  readonly rows = (): Locator => this.page.getByRole("main").getByRole("table").locator("tbody tr");
  readonly currentRow = (): Locator => this.rows().filter({ hasText: "This device" });
  readonly otherRows = (): Locator => this.rows().filter({ hasNotText: "This device" });

  /** Signs out the only other session listed. */
  async signOutOther(): Promise<void> {
    await this.otherRows().getByRole("button", { name: "Sign out", exact: true }).click();
  }
}
