import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

/**
 * Fails on any serious or critical axe violation (WCAG 2.1 A and AA rules). `frames: false`
 * audits the page without the documents of its iframes: axe cannot run inside a frame whose
 * sandbox forbids scripts (the development mailbox's message view) and would wait for it forever.
 */
export async function expectAccessible(page: Page, { frames = true }: { frames?: boolean } = {}): Promise<void> {
  const builder = new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]);
  if (!frames) builder.exclude("iframe").options({ iframes: false });
  const results = await builder.analyze();
  const serious = results.violations.filter((violation) => violation.impact === "serious" || violation.impact === "critical");
  expect(serious.map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(" ")).join(", ")})`)).toEqual([]);
}
