import { expect, type Locator, type Page } from "@playwright/test";

/** /workspaces: one card per membership, with what entering it needs. */
export class WorkspacesPage {
  constructor(readonly page: Page) {}

  async expectShown(): Promise<void> {
    await this.page.waitForURL(/\/workspaces(\?|$)/);
    await expect(this.page.getByRole("heading", { level: 1, name: "Choose a workspace" })).toBeVisible();
    await expect(this.page).toHaveTitle("Workspaces · Gatehouse");
  }

  /** The card of the workspace named `name`. */
  card(name: string): Locator {
    return this.page.getByRole("article", { name, exact: true });
  }

  async enter(name: string): Promise<void> {
    await this.card(name).getByRole("button", { name: `Enter ${name}` }).click();
  }
}
