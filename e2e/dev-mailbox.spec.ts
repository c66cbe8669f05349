// Without a Resend key the e2e server (a local run) keeps e-mails in /dev/mailbox: the newcomer
// finds the invitation there, the hostile workspace name shows as text, the HTML part sits in an
// empty sandbox, and the link opens the real set-password page.
import { expect, test } from "@playwright/test";
import { MailboxPage } from "./pages/mailbox.page";
import { expectAccessible } from "./support/accessibility";
import { makeMailedSetPasswordLink } from "./support/fixtures";

test("an invitation e-mail lands in the development mailbox and its link opens the set-password page", async ({ page }) => {
  // A fixture process, the server's sender (every 5 s) and two accessibility audits.
  test.slow();
  const workspaceName = `Acme <img src=x onerror=alert(1)> ${Date.now()}`;
  const link = makeMailedSetPasswordLink({ name: "Mailbox Newcomer", inviterName: "Ada Admin", workspaceName });
  const mailbox = new MailboxPage(page);
  await mailbox.goto();
  const subject = `Ada Admin invited you to ${workspaceName} on Gatehouse`;
  await expectAccessible(page);
  await mailbox.open(subject);
  await expect(page.getByText(`To ${link.email}`)).toBeVisible();
  await expect(mailbox.htmlPart()).toHaveAttribute("sandbox", "");
  await expect(page.frameLocator("iframe").getByText(workspaceName, { exact: true })).toBeVisible();
  await expect(mailbox.textPart()).toContainText(link.path);
  // The e-mail's own markup is not the page's (and axe cannot run in a script-less sandbox): the frame is left out.
  await expectAccessible(page, { frames: false });

  await mailbox.link(new RegExp(`${link.path}$`)).click();
  await expect(page.getByRole("heading", { level: 1, name: "Set your password" })).toBeVisible();
  await expect(page.getByText(link.email)).toBeVisible();
});

test("the mailbox's message pages answer 404 for an id that is not in it", async ({ request }) => {
  expect((await request.get("/dev/mailbox/999999999")).status()).toBe(404);
  expect((await request.get("/dev/mailbox/not-a-number")).status()).toBe(404);
});
