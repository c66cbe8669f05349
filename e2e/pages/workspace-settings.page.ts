import { expect, type Locator, type Page } from "@playwright/test";

/** /w/<subdomain>/settings/workspace: name, logo, MFA, allow-list and token policy. */
export class WorkspaceSettingsPage {
  constructor(readonly page: Page) {}

  async goto(subdomain: string): Promise<void> {
    await this.page.goto(`/w/${subdomain}/settings/workspace`);
    await this.expectShown();
  }

  async expectShown(): Promise<void> {
    await expect(this.page.getByRole("heading", { level: 1, name: "Workspace settings" })).toBeVisible();
    await expect(this.page).toHaveTitle("Workspace settings · Gatehouse");
  }

  readonly name = () => this.page.getByRole("textbox", { name: "Name" });
  readonly accessTokenMinutes = () => this.page.getByRole("spinbutton", { name: "Access-token lifetime (minutes)" });
  readonly sessionHours = () => this.page.getByRole("spinbutton", { name: "Session lifetime (hours)" });
  readonly ipRestricted = () => this.page.getByRole("checkbox", { name: "Only admit connections from the allowed addresses" });
  readonly allowlist = () => this.page.getByRole("textbox", { name: "Allowed addresses" });
  /** The message of a field, shown next to it. */
  readonly fieldError = (field: Locator) => field.locator("xpath=following-sibling::p[contains(@class, 'field-error')]");
  /** The lock-out warning with its confirmation. */
  readonly lockoutWarning = () => this.page.getByRole("main").getByRole("alert").filter({ hasText: "You would lock yourself out." });

  async save(): Promise<void> {
    await this.page.getByRole("button", { name: "Save settings" }).click();
  }

  async expectSaved(): Promise<void> {
    await expect(this.page.getByRole("status").filter({ hasText: "Settings saved." })).toBeVisible();
  }
}
