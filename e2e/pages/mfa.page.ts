import { expect, type Page } from "@playwright/test";

/** /login/mfa: the authenticator code, or a recovery code. */
export class MfaPage {
  constructor(readonly page: Page) {}

  async expectShown(): Promise<void> {
    await this.page.waitForURL(/\/login\/mfa/);
    await expect(this.page.getByRole("heading", { level: 1, name: "Two-step verification" })).toBeVisible();
    await expect(this.page).toHaveTitle("Two-step verification · Gatehouse");
  }

  /** Types the code; the form submits by itself at the sixth digit. */
  async enterCode(code: string): Promise<void> {
    await this.page.getByRole("textbox", { name: "Authentication code" }).fill(code);
  }

  async switchToRecoveryCode(): Promise<void> {
    await this.page.getByRole("link", { name: "Use a recovery code" }).click();
    await expect(this.page.getByRole("heading", { level: 1, name: "Use a recovery code" })).toBeVisible();
    await expect(this.page).toHaveTitle("Use a recovery code · Gatehouse");
  }

  readonly recoveryCode = () => this.page.getByRole("textbox", { name: "Recovery code" });

  async enterRecoveryCode(code: string): Promise<void> {
    await this.recoveryCode().fill(code);
    await this.page.getByRole("button", { name: "Verify" }).click();
  }
}
