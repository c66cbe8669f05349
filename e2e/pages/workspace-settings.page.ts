import { expect, type Locator, type Page } from "@playwright/test";

/** /w/<subdomain>/settings/*: the sections' navigation, shared by every settings page. */
class SettingsSectionPage {
  constructor(
    readonly page: Page,
    private readonly section: "members" | "roles" | "api-keys" | "sessions",
    private readonly heading: string,
  ) {}

  nav(): Locator {
    return this.page.getByRole("navigation", { name: "Settings" });
  }

  async goto(subdomain: string): Promise<void> {
    await this.page.goto(`/w/${subdomain}/settings/${this.section}`);
    await this.expectShown(subdomain);
  }

  async expectShown(subdomain: string): Promise<void> {
    await this.page.waitForURL(new RegExp(`/w/${subdomain}/settings/${this.section}$`));
    await expect(this.page.getByRole("heading", { level: 1, name: this.heading })).toBeVisible();
    await expect(this.page).toHaveTitle(`${this.heading} · Gatehouse`);
    await expect(this.nav().getByRole("link", { name: this.heading })).toHaveAttribute("aria-current", "page");
  }

  /** A confirmation step's final button (the first one asked). */
  protected async confirm(scope: Locator, first: string, final: string): Promise<void> {
    await scope.getByRole("button", { name: first }).click();
    await scope.getByRole("group", { name: "Confirm" }).getByRole("button", { name: final }).click();
  }
}

/** /w/<subdomain>/settings/members: members, pending invitations, the invite form. */
export class MembersSettingsPage extends SettingsSectionPage {
  constructor(page: Page) {
    super(page, "members", "Members");
  }

  inviteForm(): Locator {
    return this.page.getByRole("form", { name: "Invite a member" });
  }

  async invite(email: string, role: string): Promise<void> {
    await this.inviteForm().getByRole("textbox", { name: "E-mail" }).fill(email);
    await this.inviteForm().getByRole("combobox", { name: "Role" }).selectOption({ label: role });
    await this.inviteForm().getByRole("button", { name: "Send invitation" }).click();
  }

  /** The id of a role, as the invite form's select carries it (for requests made by hand). */
  async roleId(role: string): Promise<number> {
    return Number(await this.inviteForm().getByRole("combobox", { name: "Role" }).locator("option", { hasText: role }).getAttribute("value"));
  }

  /** A member's row, by a cell's text (name or e-mail). */
  member(text: string): Locator {
    return this.page.getByRole("region", { name: /^Members \(/ }).getByRole("row").filter({ hasText: text });
  }

  invitation(email: string): Locator {
    return this.page.getByRole("region", { name: /^Pending invitations/ }).getByRole("row").filter({ hasText: email });
  }

  async changeRole(memberLabel: string, role: string): Promise<void> {
    const row = this.member(memberLabel);
    await row.getByRole("combobox", { name: `Role of ${memberLabel}` }).selectOption({ label: role });
    await row.getByRole("button", { name: `Save role of ${memberLabel}` }).click();
  }

  async remove(memberLabel: string): Promise<Locator> {
    const row = this.member(memberLabel);
    await row.getByRole("button", { name: `Remove ${memberLabel}` }).click();
    return row.getByRole("group", { name: "Confirm" });
  }
}

/** /w/<subdomain>/settings/sessions: the live sessions inside the workspace, signing them out. */
export class SessionsSettingsPage extends SettingsSectionPage {
  constructor(page: Page) {
    super(page, "sessions", "Sessions");
  }

  /** The rows of a member's sessions, by a cell's text (name or e-mail). */
  sessionsOf(text: string): Locator {
    return this.page.getByRole("region", { name: /^Signed in here/ }).getByRole("row").filter({ hasText: text });
  }

  /** Signs out the member's one listed session, through its confirmation. */
  async signOut(memberLabel: string): Promise<void> {
    await this.confirm(this.sessionsOf(memberLabel), `Sign out ${memberLabel} on`, "Yes, sign out");
  }
}

/** A permission's checkbox, by its description. */
function permissionBox(form: Locator, description: string): Locator {
  return form.getByRole("checkbox", { name: new RegExp(`^${description} ROLE_`) });
}

/** /w/<subdomain>/settings/roles: the roles, the new-role form. */
export class RolesSettingsPage extends SettingsSectionPage {
  constructor(page: Page) {
    super(page, "roles", "Roles");
  }

  /** A role's card; a built-in one's heading carries its badge. */
  role(name: string): Locator {
    return this.page.getByRole("article", { name: new RegExp(`^${name}( Built-in)?$`) });
  }

  permissions(name: string): Locator {
    return this.role(name).getByRole("list", { name: `Permissions of ${name}` }).getByRole("listitem");
  }

  newRoleForm(): Locator {
    return this.page.getByRole("form", { name: "New role" });
  }

  /** Creates a role with the permissions of these descriptions (the key follows the name). */
  async create(name: string, permissions: string[]): Promise<void> {
    const form = this.newRoleForm();
    await form.getByRole("textbox", { name: "Name" }).fill(name);
    for (const permission of permissions) await permissionBox(form, permission).check();
    await form.getByRole("button", { name: "Create role" }).click();
  }

  /** Opens a custom role's edit form, ticks these permissions and saves. */
  async addPermissions(name: string, permissions: string[]): Promise<void> {
    await this.role(name).getByText(`Edit ${name}`).click();
    const form = this.role(name).getByRole("form", { name: `Edit ${name}` });
    for (const permission of permissions) await permissionBox(form, permission).check();
    await form.getByRole("button", { name: "Save role" }).click();
  }

  async delete(name: string): Promise<void> {
    await this.confirm(this.role(name), `Delete ${name}`, "Yes, delete");
  }
}

/** The list form of a key, as its card shows it: the lookup prefix and the last four characters. */
export function maskedKey(key: string): string {
  return `${key.slice(0, "gh_live_".length + 8)}…${key.slice(-4)}`;
}

/** /w/<subdomain>/settings/api-keys: the new-key form, the secret shown once, a card per key. */
export class ApiKeysSettingsPage extends SettingsSectionPage {
  constructor(page: Page) {
    super(page, "api-keys", "API keys");
  }

  createForm(): Locator {
    return this.page.getByRole("form", { name: "New API key" });
  }

  /** Creates a key with the permissions of these descriptions, and no expiry unless given (YYYY-MM-DD). */
  async create(name: string, permissions: string[], expiresOn?: string): Promise<void> {
    const form = this.createForm();
    await form.getByRole("textbox", { name: "Name" }).fill(name);
    for (const permission of permissions) await permissionBox(form, permission).check();
    if (expiresOn) await form.getByLabel("Expires on (optional)").fill(expiresOn);
    await form.getByRole("button", { name: "Create key" }).click();
  }

  /** The panel showing a secret once: after creating, or in the card of the key just rotated. */
  issuedKey(): Locator {
    return this.page.getByRole("region", { name: /^(Your new key|The new key replacing)/ });
  }

  /** The secret the panel shows, read from its read-only field. */
  async readIssuedKey(): Promise<string> {
    const field = this.issuedKey().getByRole("textbox", { name: /^API key / });
    await expect(field).toHaveAttribute("readonly", "");
    return field.inputValue();
  }

  /** A key's card, by the secret it was shown with (its name alone is shared with its rotations). */
  key(secret: string): Locator {
    // Base62, "_" and "…": nothing to escape; a RegExp keeps the match case-sensitive.
    return this.page.getByRole("article", { name: new RegExp(`${maskedKey(secret)}$`) });
  }

  status(secret: string): Locator {
    return this.key(secret).locator("dl.facts dt", { hasText: "Status" }).locator("xpath=following-sibling::dd[1]");
  }

  /** Opens the rotation of a key, chooses the overlap (its label) and confirms. */
  async rotate(secret: string, overlap: string): Promise<void> {
    const card = this.key(secret);
    await card.getByRole("button", { name: /^Rotate / }).click();
    const form = card.getByRole("group", { name: "Confirm" }).getByRole("form", { name: /^Rotate / });
    await form.getByRole("combobox", { name: "The old key keeps working for" }).selectOption({ label: overlap });
    await form.getByRole("button", { name: "Yes, rotate" }).click();
  }

  async revoke(secret: string): Promise<void> {
    const card = this.key(secret);
    await card.getByRole("button", { name: /^Revoke / }).click();
    await card.getByRole("group", { name: "Confirm" }).getByRole("button", { name: "Yes, revoke" }).click();
  }
}

/** /w/<subdomain>/settings/workspace: name, logo, MFA, allow-list and token policy. */
export class WorkspaceSettingsPage {
  constructor(readonly page: Page) {}

  async goto(subdomain: string): Promise<void> {
    await this.page.goto(`/w/${subdomain}/settings/workspace`);
    await this.expectShown();
  }

  async expectShown(): Promise<void> {
    await expect(this.page.getByRole("heading", { level: 1, name: "Workspace settings" })).toBeVisible();
    await expect(this.page).toHaveTitle("Workspace settings · Gatehouse");
  }

  readonly name = () => this.page.getByRole("textbox", { name: "Name" });
  readonly accessTokenMinutes = () => this.page.getByRole("spinbutton", { name: "Access-token lifetime (minutes)" });
  readonly sessionHours = () => this.page.getByRole("spinbutton", { name: "Session lifetime (hours)" });
  readonly ipRestricted = () => this.page.getByRole("checkbox", { name: "Only admit connections from the allowed addresses" });
  readonly allowlist = () => this.page.getByRole("textbox", { name: "Allowed addresses" });
  /** The message of a field, shown next to it. */
  readonly fieldError = (field: Locator) => field.locator("xpath=following-sibling::p[contains(@class, 'field-error')]");
  /** The lock-out warning with its confirmation. */
  readonly lockoutWarning = () => this.page.getByRole("main").getByRole("alert").filter({ hasText: "You would lock yourself out." });

  async save(): Promise<void> {
    await this.page.getByRole("button", { name: "Save settings" }).click();
  }

  async expectSaved(): Promise<void> {
    await expect(this.page.getByRole("status").filter({ hasText: "Settings saved." })).toBeVisible();
  }
}
