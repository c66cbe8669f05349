// `npm start`: prepare the database (and demo data on first run), build when the sources changed,
// serve on PORT, and print the URL and the demo sign-ins.
import { appEnv } from "../lib/env.ts";
import { DEMO } from "../prisma/demo-accounts.ts";
import { isEmbedded, prepare, StartupError } from "./lib/prepare.ts";
import { buildIfNeeded, ensurePortFree, serve } from "./lib/server.ts";

function welcome(url: string): string {
  const lines = ["", `Gatehouse is running at ${url}`, ""];
  if (isEmbedded()) {
    const row = (email: string, password: string, note: string) => `  ${email.padEnd(26)} ${password.padEnd(20)} ${note}`;
    lines.push(
      "Demo sign-ins (embedded database data/gatehouse.db):",
      row(DEMO.ada.email, DEMO.ada.password, `TOTP secret ${DEMO.ada.totpSecret}`),
      row(DEMO.bob.email, DEMO.bob.password, "no MFA"),
      row(DEMO.landlord.email, DEMO.landlord.password, `TOTP secret ${DEMO.landlord.totpSecret} (landlord admin)`),
      "  A current code for a secret: npm run totp -- <secret>",
      "",
    );
  }
  lines.push("Press Ctrl+C to stop.");
  return lines.join("\n");
}

try {
  await prepare();
  const { port } = appEnv();
  await ensurePortFree(port);
  buildIfNeeded();
  await serve(port);
  console.log(welcome(`http://localhost:${port}`));
} catch (error) {
  console.error(error instanceof StartupError ? error.message : `Gatehouse could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
