import { expect, type Locator, type Page } from "@playwright/test";
import { AccountMenu } from "./account-menu.page";
import { WorkspaceSwitcher } from "./workspaces.page";

/** /w/<subdomain>: the workspace home with its bar (the workspace's name, the switcher). */
export class WorkspaceHomePage {
  constructor(readonly page: Page) {}

  bar(): Locator {
    return this.page.getByRole("region", { name: "Workspace", exact: true });
  }

  async expectShown(subdomain: string, name: string): Promise<void> {
    await this.page.waitForURL(new RegExp(`/w/${subdomain}$`));
    await expect(this.page.getByRole("heading", { level: 1, name })).toBeVisible();
    await expect(this.page).toHaveTitle(`${name} · Gatehouse`);
  }

  /** The value shown for `term` in the "You" facts. */
  fact(term: string): Locator {
    return this.page.locator("dl.facts dt", { hasText: term }).locator("xpath=following-sibling::dd[1]");
  }

  /** What the role allows, by description. */
  authorities(): Locator {
    return this.page.getByRole("region", { name: "What your role allows" }).getByRole("list", { name: "Authorities" }).getByRole("listitem");
  }

  /** The raw ROLE_* codes (each beside its description), shown only on request. */
  authorityCodes(): Locator {
    return this.page.getByRole("region", { name: "What your role allows" }).getByRole("list", { name: "Authority codes" }).getByRole("listitem").locator("code");
  }

  async showAuthorityCodes(): Promise<void> {
    await this.page.getByText("Show authority codes").click();
  }

  /** Shown only to members who may use some settings section. */
  settingsLink(): Locator {
    return this.page.getByRole("main").getByRole("link", { name: "Settings" });
  }

  async switchTo(name: string): Promise<void> {
    await new WorkspaceSwitcher(this.page).switchTo(name);
  }

  /** Sign out is in the header's account menu, not the workspace bar. */
  async signOut(): Promise<void> {
    await new AccountMenu(this.page).signOut();
  }
}
