import { expect, type Page } from "@playwright/test";

/** /login: e-mail and password. */
export class LoginPage {
  constructor(readonly page: Page) {}

  readonly email = () => this.page.getByRole("textbox", { name: "E-mail" });
  readonly password = () => this.page.getByLabel("Password", { exact: true });
  readonly showPassword = () => this.page.getByRole("button", { name: "Show password" });
  /** The form's message (Next's route announcer is an alert too, outside main). */
  readonly error = () => this.page.getByRole("main").getByRole("alert");

  async goto(callbackUrl?: string): Promise<void> {
    await this.page.goto(callbackUrl ? `/login?callbackUrl=${encodeURIComponent(callbackUrl)}` : "/login");
    await this.expectShown();
  }

  async expectShown(): Promise<void> {
    await expect(this.page.getByRole("heading", { level: 1, name: "Sign in to Gatehouse" })).toBeVisible();
    await expect(this.page).toHaveTitle("Sign in · Gatehouse");
  }

  async signIn(email: string, password: string): Promise<void> {
    await this.email().fill(email);
    await this.password().fill(password);
    await this.page.getByRole("button", { name: "Sign in" }).click();
  }
}
