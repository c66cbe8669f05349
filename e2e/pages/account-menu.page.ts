import { expect, type Locator, type Page } from "@playwright/test";

/** The site header's account menu: a disclosure button with the person's name, and its links. */
export class AccountMenu {
  constructor(readonly page: Page) {}

  nav(): Locator {
    return this.page.getByRole("navigation", { name: "Account" });
  }

  /** The disclosure button (its name is the person's name, or their e-mail without one). */
  button(): Locator {
    return this.nav().locator("button[aria-controls]");
  }

  /** Opens the menu (if closed) and waits until its links show. */
  async open(): Promise<void> {
    if ((await this.button().getAttribute("aria-expanded")) !== "true") await this.button().click();
    await expect(this.button()).toHaveAttribute("aria-expanded", "true");
  }

  /** Closes the menu with Escape (it covers what lies under it). */
  async close(): Promise<void> {
    await this.page.keyboard.press("Escape");
    await expect(this.button()).toHaveAttribute("aria-expanded", "false");
  }

  /** The menu's link named `name`; open the menu first. */
  link(name: string): Locator {
    return this.nav().getByRole("link", { name, exact: true });
  }

  /** Opens the menu and follows its link named `name`. */
  async goTo(name: string): Promise<void> {
    await this.open();
    await this.link(name).click();
  }

  async signOut(): Promise<void> {
    await this.open();
    await this.nav().getByRole("button", { name: "Sign out" }).click();
  }
}
