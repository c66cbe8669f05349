import { expect, type Page } from "@playwright/test";

/** /login/recovery-codes: after a sign-in with a recovery code, how many are left. */
export class RecoveryCodesPage {
  constructor(readonly page: Page) {}

  async expectShown(): Promise<void> {
    await this.page.waitForURL(/\/login\/recovery-codes/);
    await expect(this.page.getByRole("heading", { level: 1, name: "You used a recovery code" })).toBeVisible();
    await expect(this.page).toHaveTitle("Recovery codes left · Gatehouse");
  }

  async continue(): Promise<void> {
    await this.page.getByRole("link", { name: "Continue" }).click();
  }
}
