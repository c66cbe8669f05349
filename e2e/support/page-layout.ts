import type { Page } from "@playwright/test";

/**
 * The words of `selector`'s elements that the browser broke across lines (a word whose text
 * range has line boxes on more than one line), as "word in <text>". A word that wraps whole to
 * the next line is fine; one split inside ("Optiona/l") is what this finds.
 */
export async function wordsBrokenInside(page: Page, selector: string): Promise<string[]> {
  return page.locator(selector).evaluateAll((elements) => {
    const broken: string[] = [];
    for (const element of elements) {
      const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (const match of (node.textContent ?? "").matchAll(/\S+/g)) {
          const range = document.createRange();
          range.setStart(node, match.index);
          range.setEnd(node, match.index + match[0].length);
          const lines = new Set([...range.getClientRects()].filter((rect) => rect.width > 0).map((rect) => Math.round(rect.top)));
          if (lines.size > 1) broken.push(`${match[0]} in "${element.textContent}"`);
        }
      }
    }
    return broken;
  });
}
