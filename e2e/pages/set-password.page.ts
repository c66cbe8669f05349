import { expect, type Page } from "@playwright/test";

/** /invitations/<token> of a landlord admin's set-password link: choosing the password of an invited account. */
export class SetPasswordPage {
  constructor(readonly page: Page) {}

  readonly password = () => this.page.getByLabel("New password");
  readonly repeat = () => this.page.getByLabel("Repeat the password");

  async goto(path: string): Promise<void> {
    await this.page.goto(path);
    await expect(this.page.getByRole("heading", { level: 1, name: "Set your password" })).toBeVisible();
    await expect(this.page).toHaveTitle("Your invitation · Gatehouse");
  }

  async choose(password: string): Promise<void> {
    await this.password().fill(password);
    await this.repeat().fill(password);
    await this.page.getByRole("button", { name: "Set password" }).click();
  }
}
