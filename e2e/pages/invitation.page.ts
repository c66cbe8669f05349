import { expect, type Locator, type Page } from "@playwright/test";

/** /invitations/<token>: a workspace invitation (or a set-password link) and the step it offers. */
export class InvitationPage {
  constructor(readonly page: Page) {}

  readonly main = () => this.page.getByRole("main");
  readonly password = () => this.page.getByLabel("New password");
  readonly repeat = () => this.page.getByLabel("Repeat the password");
  /** The strength hint under the password, updated while typing. */
  readonly strength = () => this.main().getByRole("status");

  async goto(path: string): Promise<void> {
    await this.page.goto(path);
    await expect(this.page).toHaveTitle("Your invitation · Gatehouse");
  }

  /** An open workspace invitation: the heading names the workspace. */
  async expectWorkspace(name: string): Promise<void> {
    await expect(this.page.getByRole("heading", { level: 1, name: `Join ${name}` })).toBeVisible();
  }

  async expectDead(): Promise<void> {
    await expect(this.page.getByRole("heading", { level: 1, name: "This link cannot be used" })).toBeVisible();
  }

  async choose(password: string, submit = "Set password and join"): Promise<void> {
    await this.password().fill(password);
    await this.repeat().fill(password);
    await this.page.getByRole("button", { name: submit }).click();
  }

  /** The page's own Sign out (the header has one too). */
  signOut(): Locator {
    return this.main().getByRole("button", { name: "Sign out" });
  }
}
