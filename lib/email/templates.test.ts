// Every template renders an HTML and a plain-text part with links under APP_URL only, and names
// people type (workspace, inviter) cannot inject markup into the HTML or headers into the subject.
import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PREVIEW_PROPS } from "@/emails/preview-props";
import { EMAIL_TEMPLATE_NAMES, renderEmail, subjectLine, type EmailTemplateName } from "./templates";

const APP_URL = "https://gatehouse.example";
const AT = "2030-03-01T09:00:00.000Z";

const SAMPLES: { [T in EmailTemplateName]: unknown } = { ...PREVIEW_PROPS, invitation: { ...PREVIEW_PROPS.invitation, workspaceName: "Acme", token: "tok-abc", expiresAt: AT } };

const hrefs = (html: string) => [...html.matchAll(/href="([^"]*)"/g)].map((match) => match[1]!);

describe.each(EMAIL_TEMPLATE_NAMES)("the %s e-mail", (template) => {
  it("has a subject, an HTML part and a plain-text part, with every link under APP_URL", async () => {
    const email = await renderEmail(template, SAMPLES[template], { appUrl: APP_URL });
    expect(email.subject.length).toBeGreaterThan(5);
    expect(email.html).toMatch(/^<!DOCTYPE html/);
    expect(email.text).not.toMatch(/<[a-z]/i);
    expect(email.text).toContain("Gatehouse");
    const links = hrefs(email.html);
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) expect(link.startsWith(`${APP_URL}/`), link).toBe(true);
    for (const link of links) expect(email.text).toContain(link.replaceAll("&amp;", "&"));
  });
});

describe("the invitation e-mail", () => {
  it("says who invited, to which workspace, links to the invitation and says when it expires", async () => {
    const email = await renderEmail("invitation", SAMPLES.invitation, { appUrl: APP_URL });
    expect(email.subject).toBe("Ada Lovelace invited you to Acme on Gatehouse");
    expect(hrefs(email.html)).toContain(`${APP_URL}/invitations/tok-abc`);
    expect(email.text).toContain("Ada Lovelace invited you to the workspace Acme");
    expect(email.text).toContain("expires on 1 March 2030 at 09:00 UTC");
  });

  it("escapes markup in the inviter's and the workspace's names and keeps CR/LF out of the subject", async () => {
    // Threat: a tenant named with HTML phishes its invitees, or a CRLF in a name adds mail headers (Bcc:).
    const hostile = "Evil<script>alert(1)</script>\r\nBcc: victim@example.test";
    const email = await renderEmail("invitation", { ...(SAMPLES.invitation as object), inviterName: hostile, workspaceName: `<img src=x onerror=alert(1)>` }, { appUrl: APP_URL });
    expect(email.html).not.toContain("<script>");
    expect(email.html).not.toContain("<img src=x");
    expect(email.html).toContain("Evil&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(email.subject).not.toMatch(/[\r\n]/);
    expect(email.subject).toBe("Evil<script>alert(1)</script> Bcc: victim@example.test invited you to <img src=x onerror=alert(1)> on Gatehouse");
  });

  it("encodes the token into the path, so a token cannot change where the link goes", async () => {
    const email = await renderEmail("invitation", { ...(SAMPLES.invitation as object), token: "../../evil?x=1" }, { appUrl: APP_URL });
    expect(hrefs(email.html)).toContain(`${APP_URL}/invitations/..%2F..%2Fevil%3Fx%3D1`);
  });
});

describe("the two-step verification e-mail", () => {
  it.each([
    ["enabled", "Two-step verification was turned on"],
    ["disabled", "Two-step verification was turned off"],
    ["reset", "Two-step verification was reset"],
  ] as const)("has a variant for %s", async (change, subject) => {
    expect((await renderEmail("mfa-changed", { change, changedAt: AT }, { appUrl: APP_URL })).subject).toBe(subject);
  });

  it("says which sessions ended: the others when it went on, all of them when it went off", async () => {
    expect((await renderEmail("mfa-changed", { change: "enabled", changedAt: AT }, { appUrl: APP_URL })).text).toContain("Every other session of the account was signed out.");
    expect((await renderEmail("mfa-changed", { change: "disabled", changedAt: AT }, { appUrl: APP_URL })).text).toContain("Every session of the account was signed out.");
  });
});

describe("the new sign-in e-mail", () => {
  // Threat: a client choosing its own User-Agent to put markup or a fake link into the owner's mail.
  it("shows the address and user agent as text, escaped", async () => {
    const userAgent = `<a href="https://evil.example">Reset here</a>`;
    const email = await renderEmail("new-sign-in", { signedInAt: AT, ipAddress: "203.0.113.7", userAgent }, { appUrl: APP_URL });
    expect(email.html).not.toContain("<a href=\"https://evil.example\"");
    expect(email.html).toContain("&lt;a href=");
    for (const link of hrefs(email.html)) expect(link.startsWith(`${APP_URL}/`), link).toBe(true);
    expect(email.text).toContain("203.0.113.7");
    const unknown = await renderEmail("new-sign-in", { signedInAt: AT, ipAddress: null, userAgent: null }, { appUrl: APP_URL });
    expect(unknown.text).toContain("Address: unknown");
  });
});

describe("props", () => {
  it("are checked when rendering from a stored row", async () => {
    await expect(renderEmail("invitation", { workspaceName: "Acme" }, { appUrl: APP_URL })).rejects.toThrow();
  });
});

describe("subjectLine", () => {
  it("turns every control character into one space", () => {
    expect(subjectLine(" a\r\nb\tc\u0000d ")).toBe("a b c d");
  });
});

describe("the password e-mails", () => {
  // Threat: a reset link that lands on no page (the person gives up, or follows a phishing "fix").
  it("link to the pages that exist: /reset-password/<token> and /forgot-password", async () => {
    const reset = await renderEmail("password-reset", { token: "tok-reset", expiresAt: AT }, { appUrl: APP_URL });
    expect(hrefs(reset.html)).toContain(`${APP_URL}/reset-password/tok-reset`);
    const changed = await renderEmail("password-changed", { changedAt: AT }, { appUrl: APP_URL });
    expect(hrefs(changed.html)).toContain(`${APP_URL}/forgot-password`);
    const app = path.resolve(import.meta.dirname, "../../app");
    expect(existsSync(path.join(app, "reset-password/[token]/page.tsx"))).toBe(true);
    expect(existsSync(path.join(app, "forgot-password/page.tsx"))).toBe(true);
  });
});
