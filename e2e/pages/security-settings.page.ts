import { expect, type Locator, type Page } from "@playwright/test";

/** /settings/security: the password confirmation, TOTP set-up, recovery codes, turning MFA off. */
export class SecuritySettingsPage {
  constructor(readonly page: Page) {}

  async expectShown(): Promise<void> {
    await this.page.waitForURL(/\/settings\/security/);
    await expect(this.page.getByRole("heading", { level: 1, name: "Security settings" })).toBeVisible();
    await expect(this.page).toHaveTitle("Security settings · Gatehouse");
  }

  readonly qrCode = () => this.page.getByRole("img", { name: "QR code to scan with your authenticator app" });

  /** The "Confirm your password" step shown in place of every control that changes the factor. */
  readonly passwordStep = () => this.page.getByRole("form", { name: "Confirm your password" });

  /** Types the password into the confirmation step and submits it; the page then shows the controls. */
  async submitPassword(password: string): Promise<void> {
    await this.passwordStep().getByLabel("Your password").fill(password);
    await this.passwordStep().getByRole("button", { name: "Confirm password" }).click();
  }

  /** Confirms the account password; for 10 minutes the page offers the controls. */
  async confirmPassword(password: string): Promise<void> {
    await this.submitPassword(password);
    await expect(this.passwordStep()).toHaveCount(0);
  }

  async startSetup(): Promise<void> {
    await this.page.getByRole("button", { name: "Set up two-step verification" }).click();
    await expect(this.qrCode()).toBeVisible();
  }

  /** A set-up begun in another session: its key is not shown here, only a way to begin anew. */
  async expectStartedElsewhere(): Promise<void> {
    await expect(this.page.getByText("Set-up was started in another session", { exact: false })).toBeVisible();
    await expect(this.qrCode()).toHaveCount(0);
    await expect(this.page.getByTestId("manual-key")).toHaveCount(0);
  }

  /** Begins set-up in this session instead, with a new key. */
  async startAgainHere(): Promise<void> {
    await this.page.getByRole("button", { name: "Start again here" }).click();
    await expect(this.qrCode()).toBeVisible();
  }

  /** The key for typing into the app by hand, without the grouping spaces. */
  async manualKey(): Promise<string> {
    return (await this.page.getByTestId("manual-key").innerText()).replace(/\s+/g, "");
  }

  /** Types the first code; the form submits by itself at the sixth digit. */
  async confirm(code: string): Promise<void> {
    await this.page.getByRole("textbox", { name: "Code from your authenticator app" }).fill(code);
  }

  recoveryCodes(): Locator {
    return this.page.getByRole("list", { name: "Recovery codes" }).getByRole("listitem");
  }

  /** The set-up's outcome as the page states it: the status line, and no key or restart left once on. */
  async expectOn(): Promise<void> {
    await expect(this.page.getByText("Status: on")).toBeVisible();
    await expect(this.page.getByText("being set up", { exact: false })).toHaveCount(0);
    await expect(this.qrCode()).toHaveCount(0);
    await expect(this.page.getByTestId("manual-key")).toHaveCount(0);
    await expect(this.page.getByRole("button", { name: "Start over with a new key" })).toHaveCount(0);
  }

  readonly recoveryCodesSection = () => this.page.getByRole("region", { name: "Recovery codes" });
  readonly turnOffSection = () => this.page.getByRole("region", { name: "Turn off two-step verification" });

  /** Asks for new recovery codes with a current code (the section's one code field). */
  async createRecoveryCodes(code: string): Promise<void> {
    await this.recoveryCodesSection().getByRole("textbox").fill(code);
    await this.recoveryCodesSection().getByRole("button", { name: "Create new recovery codes" }).click();
  }

  /** Asks to turn two-step verification off with a current code (the section's one code field). */
  async turnOff(code: string): Promise<void> {
    await this.turnOffSection().getByRole("textbox").fill(code);
    await this.turnOffSection().getByRole("button", { name: "Turn off two-step verification" }).click();
  }
}
