// CSV for exports (the audit log). Pure, so it is unit-tested beside the code.

/**
 * One CSV cell (RFC 4180): quoted when it holds a quote, comma or line break, quotes doubled. A
 * cell a spreadsheet would run as a formula (starting with = + - @, or a tab or carriage return
 * that hides one) gets a leading `'` (OWASP "CSV Injection"): user agents, names and e-mail
 * addresses in the log are written by whoever signs in.
 */
export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? "" : value instanceof Date ? value.toISOString() : typeof value === "string" ? value : JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
