import { expect, type Locator, type Page } from "@playwright/test";

/** The development mailbox, /dev/mailbox and /dev/mailbox/<id>. */
export class MailboxPage {
  constructor(private readonly page: Page) {}

  async goto(): Promise<void> {
    await this.page.goto("/dev/mailbox");
    await expect(this.page.getByRole("heading", { level: 1, name: "Development mailbox" })).toBeVisible();
  }

  /** Reloads until the server's sender (every few seconds) has delivered a message with this subject, then opens it. */
  async open(subject: string): Promise<void> {
    await expect(async () => {
      await this.page.reload();
      await expect(this.page.getByRole("link", { name: subject })).toBeVisible({ timeout: 500 });
    }).toPass({ timeout: 20_000 });
    await this.page.getByRole("link", { name: subject }).click();
    await expect(this.page.getByRole("heading", { level: 1, name: subject })).toBeVisible();
  }

  htmlPart(): Locator {
    return this.page.locator("iframe");
  }

  textPart(): Locator {
    return this.page.locator("pre");
  }

  link(href: RegExp): Locator {
    return this.page.getByRole("link", { name: href });
  }
}
