import { expect, type Page } from "@playwright/test";

/** /forgot-password and /reset-password/<token>: asking for a reset link and choosing the new password. */
export class PasswordResetPage {
  constructor(readonly page: Page) {}

  readonly email = () => this.page.getByRole("textbox", { name: "E-mail" });
  readonly password = () => this.page.getByLabel("New password", { exact: true });
  readonly repeat = () => this.page.getByLabel("Repeat the password", { exact: true });
  readonly notice = () => this.page.getByRole("main").getByRole("status");

  async expectForgotShown(): Promise<void> {
    await expect(this.page.getByRole("heading", { level: 1, name: "Forgot your password?" })).toBeVisible();
    await expect(this.page).toHaveTitle("Forgot password · Gatehouse");
  }

  async askForLink(email: string): Promise<void> {
    await this.email().fill(email);
    await this.page.getByRole("button", { name: "Send a reset link" }).click();
  }

  async expectResetShown(): Promise<void> {
    await expect(this.page.getByRole("heading", { level: 1, name: "Choose a new password" })).toBeVisible();
    await expect(this.page).toHaveTitle("Choose a new password · Gatehouse");
  }

  async choose(password: string): Promise<void> {
    await this.password().fill(password);
    await this.repeat().fill(password);
    await this.page.getByRole("button", { name: "Set new password" }).click();
  }
}
