// `npm run email:preview`: renders every e-mail template with sample props (emails/preview-props.ts)
// to test-results/email-previews/<template>.html and .txt, and prints the paths. Links point at
// APP_URL (default http://localhost:$PORT), as in real mail.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { PREVIEW_PROPS } from "../emails/preview-props.ts";
import { appEnv } from "../lib/env.ts";
import { EMAIL_TEMPLATE_NAMES, renderEmail } from "../lib/email/templates.ts";
import { ROOT } from "./db/schema.ts";

const dir = path.join(ROOT, "test-results/email-previews");
try {
  mkdirSync(dir, { recursive: true });
  const { appUrl } = appEnv();
  for (const template of EMAIL_TEMPLATE_NAMES) {
    const email = await renderEmail(template, PREVIEW_PROPS[template], { appUrl });
    const html = path.join(dir, `${template}.html`);
    const text = path.join(dir, `${template}.txt`);
    writeFileSync(html, email.html);
    writeFileSync(text, `Subject: ${email.subject}\n\n${email.text}\n`);
    console.log(`${template.padEnd(18)} ${path.relative(ROOT, html)}  ${path.relative(ROOT, text)}`);
  }
} catch (error) {
  console.error(`email:preview failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
