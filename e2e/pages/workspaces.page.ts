import { expect, type Locator, type Page } from "@playwright/test";

/** /workspaces: one row per membership, with what entering it needs. */
export class WorkspacesPage {
  constructor(readonly page: Page) {}

  async expectShown(): Promise<void> {
    await this.page.waitForURL(/\/workspaces(\?|$)/);
    await expect(this.page.getByRole("heading", { level: 1, name: "Choose a workspace" })).toBeVisible();
    await expect(this.page).toHaveTitle("Workspaces · Gatehouse");
  }

  /** The row of the workspace named `name`. */
  card(name: string): Locator {
    return this.page.getByRole("article", { name, exact: true });
  }

  /** The rows' workspace names, in the order shown. */
  rowNames(): Locator {
    return this.page.getByRole("list", { name: "Your workspaces" }).getByRole("heading", { level: 2 });
  }

  async enter(name: string): Promise<void> {
    await this.card(name).getByRole("button", { name: `Enter ${name}` }).click();
  }

  /** Why the workspace a deep link asked for cannot be entered. */
  deepLinkRefusal(): Locator {
    return this.page.getByRole("main").getByRole("alert").filter({ hasText: "You can't enter" });
  }
}

/** The switcher in a workspace's bar: a button opening a filterable list of the person's workspaces. */
export class WorkspaceSwitcher {
  constructor(readonly page: Page) {}

  private bar(): Locator {
    return this.page.getByRole("region", { name: "Workspace", exact: true });
  }

  control(): Locator {
    return this.bar().getByRole("button", { name: /^Switch workspace/ });
  }

  panel(): Locator {
    return this.bar().getByRole("group", { name: "Your workspaces" });
  }

  filter(): Locator {
    return this.panel().getByRole("searchbox", { name: "Find a workspace" });
  }

  /** The workspaces listed, in order (the current one included). */
  options(): Locator {
    return this.panel().getByRole("listitem");
  }

  /** The workspace the person is in, marked as such. */
  currentOption(): Locator {
    return this.panel().locator('[aria-current="true"]');
  }

  option(name: string): Locator {
    return this.panel().getByRole("button", { name: new RegExp(`^${name}`) });
  }

  async open(): Promise<void> {
    await this.control().click();
    await expect(this.filter()).toBeFocused();
  }

  async switchTo(name: string): Promise<void> {
    await this.open();
    await this.option(name).click();
  }
}
